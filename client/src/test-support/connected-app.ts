import { AppConnection } from '../api/socket';
import { FakeSession } from './fake-session';
import { FakeServer } from './socket-pair';

/**
 * An AppConnection signed in as `accountId` over an in-memory socket that the server has let in
 * (and welcomed, bound to that account): the starting point of the feed, watch and admission tests.
 */
export function connectedApp({ accountId = 'fan-1', token = 'token-1' } = {}) {
  const server = new FakeServer((given) => (given === token ? accountId : undefined));
  const session = new FakeSession();
  session.signIn(accountId, token);
  const connection = new AppConnection({
    connect: server.connect,
    session,
    clock: { noteServerTime: () => undefined },
  });
  connection.socket();
  server.accept();
  return { server, session, connection };
}
