import type { FeatureContext, FeatureModule } from '../feature';
import { jsonBody } from '../http/http-kit';
import { holdSweeperStep } from '../jobs/hold-sweeper';
import { DeltaPublisher } from './delta-publisher';
import { InventoryRebuilder } from './inventory-rebuilder';
import { registerInventoryHandlers } from './inventory.handlers';
import { inventoryRoutes } from './inventory.routes';
import { MapDeltaRelay } from './map-delta-relay';

export interface InventoryModule extends FeatureModule {
  /** This node's last leg of the deltas to maps that watch every section. */
  mapRelay: MapDeltaRelay;
}

/**
 * Seats: the map's commands and routes, holds, blocks; the hold sweeper and the delta publisher
 * (one node at a time); each node's relay of the publisher's ticks to its own maps; and, before a
 * node takes connections, a rebuild of any show whose seats Redis has lost (H11).
 */
export function inventoryModule({ components, io, redlock }: FeatureContext): InventoryModule {
  const { config, inventory, catalogue, keys, redis, logger } = components;
  const rebuilder = new InventoryRebuilder(
    redlock,
    keys,
    catalogue,
    inventory,
    components.orders,
    components.blocks,
    logger,
    io,
  );
  const mapRelay = new MapDeltaRelay(io, config.MAP_DELTA_FANS_PER_S);
  io.on('seats:tick', (deltas) => mapRelay.receive(deltas));
  const publisher = new DeltaPublisher(redis, keys, catalogue, io, mapRelay);
  return {
    name: 'inventory',
    mapRelay,
    routes: inventoryRoutes({
      inventory,
      blocks: components.blocks,
      shows: catalogue,
      tokens: components.tokens,
      admission: components.admission,
      json: jsonBody(config.MAX_MESSAGE_BYTES),
    }),
    connect: (socket) => registerInventoryHandlers(socket, inventory, catalogue, components),
    leaderJobs: [
      {
        name: 'hold-sweeper',
        intervalMs: config.SWEEP_INTERVAL_MS,
        step: holdSweeperStep(catalogue, inventory, rebuilder, logger),
      },
      {
        name: 'delta-publisher',
        intervalMs: config.DELTA_INTERVAL_MS,
        step: async () => void (await publisher.tick()),
      },
    ],
    start: () => rebuilder.rebuildAllMissing(),
    stop: () => mapRelay.flushAll(),
  };
}
