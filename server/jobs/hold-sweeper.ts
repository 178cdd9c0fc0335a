import type { ShowLookup } from '../catalogue/catalogue';
import type { InventoryService } from '../inventory/inventory.service';
import type { InventoryRebuilder } from '../inventory/inventory-rebuilder';
import type { Logger } from '../observability/logger';

/** Batches per show per tick, so one huge backlog cannot starve the other shows. */
const MAX_BATCHES_PER_TICK = 20;

/**
 * Leader-only step: frees the seats of expired holds in every show, and rebuilds a show's
 * inventory from PostgreSQL if Redis lost it.
 */
export function holdSweeperStep(
  shows: ShowLookup,
  inventory: InventoryService,
  rebuilder: InventoryRebuilder,
  logger: Logger,
): () => Promise<void> {
  return async () => {
    for (const showId of shows.showIds()) {
      if (!(await inventory.isReady(showId))) {
        await rebuilder.rebuild(showId);
        continue;
      }
      for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
        const { holdsExpired, seatsFreed, due } = await inventory.expireDue(showId);
        if (holdsExpired > 0) logger.debug({ showId, holdsExpired, seatsFreed }, 'expired holds');
        if (due === 0) break;
      }
    }
  };
}
