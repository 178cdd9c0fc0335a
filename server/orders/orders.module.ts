import type { FeatureContext, FeatureModule } from '../feature';
import { jsonBody } from '../http/http-kit';
import { orderReaperStep } from '../jobs/order-reaper';
import { outboxRelayStep } from '../jobs/outbox-relay';
import { registerOrderHandlers } from './orders.handlers';
import { ordersRoutes } from './orders.routes';

/**
 * Checkout and orders: the command and routes; the order reaper (one node at a time) settles orders
 * whose request died; the outbox relay (every node) finishes what a request could not.
 */
export function ordersModule({ components }: FeatureContext): FeatureModule {
  const { config, checkout, logger } = components;
  return {
    name: 'orders',
    routes: ordersRoutes({
      checkout,
      tokens: components.tokens,
      admission: components.admission,
      json: jsonBody(config.MAX_MESSAGE_BYTES),
    }),
    connect: (socket) => registerOrderHandlers(socket, checkout, components),
    leaderJobs: [
      {
        name: 'order-reaper',
        intervalMs: config.OUTBOX_INTERVAL_MS,
        step: orderReaperStep(components.orders, checkout, logger),
      },
    ],
    nodeJobs: [
      {
        name: 'outbox-relay',
        intervalMs: config.OUTBOX_INTERVAL_MS,
        step: outboxRelayStep(components.db, { checkout }, logger),
      },
    ],
  };
}
