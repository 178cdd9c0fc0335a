import type { FeatureContext, FeatureModule } from '../feature';
import { jsonBody } from '../http/http-kit';
import { waitlistRoutes } from './waitlist.routes';

/** The waitlist of a sold-out show. */
export function waitlistModule({ components }: FeatureContext): FeatureModule {
  const { config } = components;
  return {
    name: 'waitlist',
    routes: waitlistRoutes({
      waitlist: components.waitlist,
      tokens: components.tokens,
      json: jsonBody(config.MAX_MESSAGE_BYTES),
    }),
  };
}
