import type { Redis } from 'ioredis';
import { rooms } from '../../shared/protocol/events';
import type { ShowLookup } from '../catalogue/catalogue';
import type { Logger } from '../observability/logger';
import type { OrdersRepository } from '../orders/orders.repository';
import type { RedisKeys } from '../redis/keys';
import type { SeatRushServer } from '../realtime/typed-socket';
import type { InventoryService } from './inventory.service';
import type { SeatBlocks } from './seat-blocks';

const REBUILD_LOCK_MS = 60_000;

/**
 * Builds a show's Redis inventory from PostgreSQL, the system of record: on first start, and when
 * Redis has lost it. While it is missing, holds answer SALE_UNAVAILABLE (the sale pauses) rather
 * than guess. One node rebuilds at a time.
 */
export class InventoryRebuilder {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly shows: ShowLookup,
    private readonly inventory: InventoryService,
    private readonly orders: OrdersRepository,
    private readonly blocks: SeatBlocks,
    private readonly logger: Logger,
    private readonly io?: SeatRushServer,
  ) {}

  async rebuild(showId: string): Promise<boolean> {
    const lockKey = this.keys.rebuildLock(showId);
    const acquired = await this.redis.set(lockKey, String(process.pid), 'PX', REBUILD_LOCK_MS, 'NX');
    if (acquired !== 'OK') return false;
    try {
      if (await this.inventory.isReady(showId)) return false;
      const [sold, blocked] = await Promise.all([
        this.orders.soldSeats(showId),
        this.blocks.blockedSeats(showId),
      ]);
      await this.inventory.initialise(showId, { sold, blocked });
      this.logger.info({ showId, sold: sold.length }, 'rebuilt show inventory from PostgreSQL');
      const sectionIds = this.shows.layout(showId)?.venue.sectionIds() ?? [];
      this.io?.to(rooms.show(showId)).emit('seats:resync', { showId, sectionIds });
      return true;
    } finally {
      await this.redis.del(lockKey);
    }
  }

  async rebuildAllMissing(): Promise<void> {
    for (const showId of this.shows.showIds()) {
      if (!(await this.inventory.isReady(showId))) await this.rebuild(showId);
    }
  }
}
