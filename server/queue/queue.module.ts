import type { FeatureContext, FeatureModule } from '../feature';
import { jsonBody } from '../http/http-kit';
import { readNodeVitals } from '../observability/node-vitals';
import { worstServingLag } from './admission-governor';
import { CursorRelay } from './cursor-relay';
import { SaleControls } from './sale-controls';
import { queuePacerStep, queuePresenceStep } from './queue-pacer';
import { registerQueueHandlers } from './queue.handlers';
import { queueRoutes } from './queue.routes';

/**
 * The waiting room: its commands and routes; the pacer (one node at a time: the shuffle, admission
 * under the governor, the cursor); each node's relay of the cursor to its own waiting fans, and its
 * report of who is present.
 */
export function queueModule({ components, io }: FeatureContext): FeatureModule {
  const { config, queue, catalogue, redis, keys, logger } = components;
  const cursors = new CursorRelay(io);
  io.on('queue:cursor', (cursor) => void cursors.deliver(cursor));
  return {
    name: 'queue',
    routes: queueRoutes({
      queue,
      sales: catalogue,
      saleControls: new SaleControls(components.db, components.salesRepository, queue),
      tokens: components.tokens,
      json: jsonBody(config.MAX_MESSAGE_BYTES),
    }),
    connect: (socket) => registerQueueHandlers(socket, queue, components),
    leaderJobs: [
      {
        name: 'queue-pacer',
        intervalMs: config.QUEUE_STEP_MS,
        step: queuePacerStep(catalogue, queue, components.salesRepository, io, logger, {
          stepMs: config.QUEUE_STEP_MS,
          cursors,
          broadcastFansPerSecond: config.QUEUE_BROADCAST_FANS_PER_S,
          health: {
            worstLagMs: async () => worstServingLag(await readNodeVitals(redis, keys.vitals)),
            settings: { lagTargetMs: config.QUEUE_LAG_TARGET_MS, minShare: config.QUEUE_MIN_HEALTH_SHARE },
          },
        }),
      },
    ],
    nodeJobs: [
      {
        name: 'queue-presence',
        intervalMs: config.QUEUE_PRESENCE_MS,
        step: queuePresenceStep(catalogue, queue, io),
      },
    ],
  };
}
