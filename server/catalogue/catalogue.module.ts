import type { FeatureContext, FeatureModule } from '../feature';
import { catalogueRoutes } from './catalogue.routes';

/** Tours, shows, venues and prices, kept in memory by every node and re-read now and then. */
export function catalogueModule({ components }: FeatureContext): FeatureModule {
  const { catalogue, config } = components;
  return {
    name: 'catalogue',
    routes: catalogueRoutes({ catalogue }),
    nodeJobs: [
      { name: 'catalogue-refresh', intervalMs: config.CATALOGUE_REFRESH_MS, step: () => catalogue.refresh() },
    ],
  };
}
