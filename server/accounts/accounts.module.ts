import type { FeatureContext, FeatureModule } from '../feature';
import { jsonBody } from '../http/http-kit';
import { registerAccountHandlers } from './accounts.handlers';
import { accountsRoutes } from './accounts.routes';

/** Fans' and staff's accounts and sessions: sign-up, sign-in, refresh, the fan's own account. */
export function accountsModule({ components }: FeatureContext): FeatureModule {
  const { accounts, tokens, config } = components;
  return {
    name: 'accounts',
    routes: accountsRoutes({
      accounts,
      tokens,
      secureCookies: config.NODE_ENV === 'production',
      json: jsonBody(config.MAX_MESSAGE_BYTES),
    }),
    connect: (socket) => registerAccountHandlers(socket, tokens, components),
  };
}
