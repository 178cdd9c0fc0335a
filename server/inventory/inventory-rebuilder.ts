import type { Redlock } from '@sesamecare-oss/redlock';
import { rooms } from '../../shared/protocol/events';
import type { ShowLookup } from '../catalogue/catalogue';
import type { Logger } from '../observability/logger';
import type { OrdersRepository } from '../orders/orders.repository';
import type { RedisKeys } from '../redis/keys';
import type { SeatRushServer } from '../realtime/typed-socket';
import type { InventoryService } from './inventory.service';
import type { SeatBlocks } from './seat-blocks';

const REBUILD_LOCK_MS = 60_000;

type SoldSeat = Awaited<ReturnType<OrdersRepository['soldSeats']>>[number];

/**
 * Builds a show's Redis inventory from PostgreSQL, the system of record: on first start, and when
 * Redis has lost it. While it is missing, holds answer SALE_UNAVAILABLE (the sale pauses) rather
 * than guess. One node rebuilds at a time (a Redlock lease, released only by its holder).
 *
 * Confirms refuse while the show is not ready, so none can land in Redis between the read of
 * PostgreSQL and the rebuild and then be wiped by it; orders paid meanwhile are confirmed right
 * after the rebuild (and by the outbox relay in any case).
 */
export class InventoryRebuilder {
  constructor(
    private readonly redlock: Redlock,
    private readonly keys: RedisKeys,
    private readonly shows: ShowLookup,
    private readonly inventory: InventoryService,
    private readonly orders: OrdersRepository,
    private readonly blocks: SeatBlocks,
    private readonly logger: Logger,
    private readonly io?: SeatRushServer,
  ) {}

  async rebuild(showId: string): Promise<boolean> {
    let lock;
    try {
      lock = await this.redlock.acquire([this.keys.rebuildLock(showId)], REBUILD_LOCK_MS);
    } catch {
      return false; // another node is rebuilding it
    }
    try {
      if (await this.inventory.isReady(showId)) return false;
      const [sold, blocked] = await Promise.all([
        this.orders.soldSeats(showId),
        this.blocks.blockedSeats(showId),
      ]);
      await this.inventory.initialise(showId, { sold, blocked });
      await this.confirmPaidSince(showId, sold);
      this.logger.info({ showId, sold: sold.length }, 'rebuilt show inventory from PostgreSQL');
      const sectionIds = this.shows.layout(showId)?.venue.sectionIds() ?? [];
      this.io?.to(rooms.show(showId)).emit('seats:resync', { showId, sectionIds });
      return true;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  /** Orders paid while the rebuild was reading PostgreSQL: their seats become sold now. */
  private async confirmPaidSince(showId: string, soldBefore: readonly SoldSeat[]): Promise<void> {
    const known = new Set(soldBefore.map((seat) => seat.orderId));
    const paidSince = new Map<string, SoldSeat[]>();
    for (const seat of await this.orders.soldSeats(showId)) {
      if (!known.has(seat.orderId))
        paidSince.set(seat.orderId, [...(paidSince.get(seat.orderId) ?? []), seat]);
    }
    for (const [orderId, seats] of paidSince) {
      await this.inventory.confirm(showId, {
        orderId,
        holdId: '',
        owner: seats[0]!.accountId,
        seats: seats.map((seat) => seat.seat),
      });
    }
  }

  async rebuildAllMissing(): Promise<void> {
    for (const showId of this.shows.showIds()) {
      if (!(await this.inventory.isReady(showId))) await this.rebuild(showId);
    }
  }
}
