import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../../shared/protocol/events';
import type { HoldView } from '../../../shared/protocol/views';
import { FakeSession } from '../test-support/fake-session';
import { FakeServer, ok, refusal } from '../test-support/socket-pair';
import { ApiError } from './api-error';
import { AppConnection, COMMAND_TIMEOUT_MS, REFUSED_RETRY_MS, type ConnectionStatus } from './socket';

const ACCOUNTS: Record<string, string> = { 'token-1': 'fan-1', 'token-2': 'fan-1', 'token-b': 'fan-2' };
const HOLD: HoldView = { holdId: 'h1', showId: 'show-1', seats: [1, 2], expiresAt: 0, extended: false };
const HOLD_REQUEST = { showId: 'show-1', seats: [1, 2] };

function setUp() {
  const server = new FakeServer((token) => (token ? ACCOUNTS[token] : undefined));
  const session = new FakeSession();
  session.signIn('fan-1', 'token-1');
  const clock = { noteServerTime: vi.fn<(serverTime: number) => void>() };
  let goOffline = () => {};
  const connection = new AppConnection({
    connect: server.connect,
    session,
    clock,
    onOffline: (listener) => (goOffline = listener),
  });
  const statuses: ConnectionStatus[] = [];
  connection.subscribeStatus(() => statuses.push(connection.status()));
  return { server, session, clock, connection, statuses, goOffline: () => goOffline() };
}

function connected() {
  const app = setUp();
  app.connection.socket();
  app.server.accept();
  return app;
}

/** Settles a promise's outcome into a value, so a test can look at it before it settles. */
function outcome<T>(promise: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
  const seen: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(seen, { settled: true, value }),
    (error: unknown) => Object.assign(seen, { settled: true, error }),
  );
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('AppConnection: commands', () => {
  it('resolves with the data of the acknowledgement', async () => {
    const { server, connection } = connected();
    server.answer('seats:hold', () => ok(HOLD));
    await expect(connection.command('seats:hold', HOLD_REQUEST)).resolves.toEqual(HOLD);
    expect(server.last('seats:hold').request).toEqual(HOLD_REQUEST);
  });

  it("rejects a refusal with an ApiError carrying the server's code and details", async () => {
    const { server, connection } = connected();
    server.answer('seats:hold', () => refusal('SEAT_UNAVAILABLE', { seat: 2 }));
    const error = await connection.command('seats:hold', HOLD_REQUEST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seat: 2 } });
  });

  it('reads an error code it does not know as UNEXPECTED_RESPONSE', async () => {
    const { server, connection } = connected();
    server.answer('seats:hold', () => ({ ok: false, error: { code: 'NO_SUCH_CODE' } }) as never);
    await expect(connection.command('seats:hold', HOLD_REQUEST)).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
    });
  });

  it('gives TIMEOUT when no acknowledgement comes within COMMAND_TIMEOUT_MS', async () => {
    const { server, connection } = connected();
    const result = outcome(connection.command('seats:hold', HOLD_REQUEST));
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS - 1);
    expect(result.settled).toBe(false);
    expect(server.commands('seats:hold')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('ignores an acknowledgement that comes after the timeout', async () => {
    const { server, connection } = connected();
    const result = outcome(connection.command('seats:hold', HOLD_REQUEST));
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS);
    server.last('seats:hold').reply(ok(HOLD));
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('fails fast with NOT_CONNECTED while disconnected, and sends nothing later', async () => {
    const { server, connection } = connected();
    server.drop();
    await expect(connection.command('seats:hold', HOLD_REQUEST)).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
    server.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.commands('seats:hold')).toHaveLength(0);
  });

  it('renews a lapsed token on the socket and sends the command once more', async () => {
    const { server, session, connection } = connected();
    let holds = 0;
    server.answer('seats:hold', () => (++holds === 1 ? refusal('AUTH_EXPIRED') : ok(HOLD)));
    server.answer('auth:refresh', () => ok({ expiresAt: 0 }));
    session.renewTo = 'token-2';
    await expect(connection.command('seats:hold', HOLD_REQUEST)).resolves.toEqual(HOLD);
    expect(session.refreshes).toBe(1);
    expect(server.commands('auth:refresh').map((sent) => sent.request)).toEqual([{ token: 'token-2' }]);
    expect(server.commands('seats:hold')).toHaveLength(2);
    expect(server.handshakes).toHaveLength(1); // the same connection throughout
  });

  it('does not send a command a third time when the renewed token is refused too', async () => {
    const { server, session, connection } = connected();
    server.answer('seats:hold', () => refusal('AUTH_EXPIRED'));
    server.answer('auth:refresh', () => ok({ expiresAt: 0 }));
    session.renewTo = 'token-2';
    await expect(connection.command('seats:hold', HOLD_REQUEST)).rejects.toMatchObject({
      code: 'AUTH_EXPIRED',
    });
    expect(server.commands('seats:hold')).toHaveLength(2);
  });
});

describe('AppConnection: handshakes and status', () => {
  it('is connecting until let in, then tells listeners of every change', () => {
    const { server, connection, statuses } = setUp();
    expect(server.connectRequests).toBe(0); // nothing opens before first use
    connection.socket();
    expect(connection.status()).toBe('connecting');
    server.accept();
    server.drop();
    server.accept();
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('stops telling a listener that unsubscribed', () => {
    const { server, connection } = setUp();
    const listener = vi.fn();
    const unsubscribe = connection.subscribeStatus(listener);
    connection.socket();
    server.accept();
    unsubscribe();
    server.drop();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("presents the session's token at every handshake", () => {
    const { server, session, connection } = setUp();
    connection.socket();
    server.accept();
    server.drop();
    session.renew('token-2');
    server.accept();
    expect(server.handshakes.map((handshake) => handshake.token)).toEqual(['token-1', 'token-2']);
  });

  it('retries a handshake refused for its token after REFUSED_RETRY_MS, with the renewed token', async () => {
    const { server, session, connection } = setUp();
    session.renewTo = 'token-2';
    connection.socket();
    server.refuse('AUTH_EXPIRED');
    expect(connection.status()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(REFUSED_RETRY_MS - 1);
    expect(server.awaitingHandshake).toBe(false);
    expect(session.refreshes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.awaitingHandshake).toBe(true);
    server.accept();
    expect(server.handshakes).toEqual([
      { token: 'token-1', outcome: 'refused' },
      { token: 'token-2', outcome: 'accepted' },
    ]);
    expect(connection.status()).toBe('connected');
  });

  it('retries a handshake refused for another reason without renewing the session', async () => {
    const { server, session, connection } = setUp();
    connection.socket();
    server.refuse('VALIDATION_FAILED');
    await vi.advanceTimersByTimeAsync(REFUSED_RETRY_MS);
    expect(server.awaitingHandshake).toBe(true);
    expect(session.refreshes).toBe(0);
  });

  it('leaves a failed transport to Socket.IO, which retries by itself', async () => {
    const { server, connection } = setUp();
    connection.socket();
    server.failTransport();
    expect(connection.status()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(REFUSED_RETRY_MS * 2);
    expect(server.connectRequests).toBe(1);
  });

  it("notes the server's time from the welcome", () => {
    const { server, clock, connection } = setUp();
    connection.socket();
    server.accept({ serverTime: 1_234_567 });
    expect(clock.noteServerTime).toHaveBeenCalledWith(1_234_567);
  });

  it('stops for good when the server speaks another protocol version', async () => {
    const { server, clock, connection, statuses } = setUp();
    connection.socket();
    server.accept({ protocolVersion: PROTOCOL_VERSION + 1 });
    expect(connection.status()).toBe('outdated');
    expect(server.socket.connected).toBe(false);
    expect(server.socket.active).toBe(false); // Socket.IO will not reconnect either
    expect(clock.noteServerTime).not.toHaveBeenCalled();
    await expect(connection.command('seats:hold', HOLD_REQUEST)).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
    // Whatever happens next, only a reload helps.
    server.socket.connect();
    server.accept();
    expect(connection.status()).toBe('outdated');
    expect(statuses).toEqual(['connected', 'outdated']);
  });

  it('closes the transport when the browser goes offline, and Socket.IO reconnects', () => {
    const { server, connection, goOffline } = connected();
    goOffline();
    expect(connection.status()).toBe('reconnecting');
    expect(server.awaitingHandshake).toBe(true);
    server.accept();
    expect(connection.status()).toBe('connected');
  });
});

describe('AppConnection: following the session', () => {
  it('hands a renewed token to the live socket, keeping the connection', async () => {
    const { server, session } = connected();
    server.answer('auth:refresh', () => ok({ expiresAt: 0 }));
    session.renew('token-2');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.last('auth:refresh').request).toEqual({ token: 'token-2' });
    expect(server.socket.connected).toBe(true);
    expect(server.handshakes).toHaveLength(1);
  });

  it('reconnects when the server refuses the renewed token', async () => {
    const { server, session } = connected();
    server.answer('auth:refresh', () => refusal('AUTH_INVALID'));
    session.renew('token-2');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.socket.connected).toBe(false);
    expect(server.awaitingHandshake).toBe(true);
  });

  it('reconnects when another account signs in, and the new handshake carries its token', () => {
    const { server, session, connection } = connected();
    session.signIn('fan-2', 'token-b');
    expect(server.awaitingHandshake).toBe(true);
    server.accept();
    expect(server.handshakes.map((handshake) => handshake.token)).toEqual(['token-1', 'token-b']);
    expect(connection.status()).toBe('connected');
  });

  it('reconnects signed out when the fan signs out', () => {
    const { server, session } = connected();
    session.signOut();
    server.accept();
    expect(server.handshakes.at(-1)?.token).toBeUndefined();
  });
});
