import { recordStaffAction } from '../accounts/staff-audit';
import type { Db } from '../db/database';
import type { BlockedSeat, InventoryService } from './inventory.service';

/**
 * Staff seat blocks: recorded in PostgreSQL (so a rebuilt inventory keeps them) with the staff
 * action's audit, and applied in Redis inside the PostgreSQL transaction, so a refusal in Redis
 * changes neither.
 */
export class SeatBlocks {
  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryService,
  ) {}

  async block(showId: string, seats: readonly number[], reason: string, staffId: string): Promise<number> {
    this.inventory.layout(showId);
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('seat_blocks')
        .values(seats.map((seat) => ({ show_id: showId, seat_index: seat, reason, blocked_by: staffId })))
        .onConflict((conflict) => conflict.columns(['show_id', 'seat_index']).doNothing())
        .execute();
      await recordStaffAction(tx, staffId, 'seats.block', `show:${showId}`, { seats, reason });
      // Refused (a seat is held or sold): the error rolls the rows back.
      return this.inventory.block(showId, seats, reason);
    });
  }

  async unblock(showId: string, seats: readonly number[], staffId: string): Promise<number> {
    this.inventory.layout(showId);
    return this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('seat_blocks')
        .where('show_id', '=', showId)
        .where('seat_index', 'in', [...seats])
        .execute();
      await recordStaffAction(tx, staffId, 'seats.unblock', `show:${showId}`, { seats });
      // Refused (a seat is held or sold): the error puts the rows back.
      return this.inventory.unblock(showId, seats);
    });
  }

  async blockedSeats(showId: string): Promise<BlockedSeat[]> {
    const rows = await this.db
      .selectFrom('seat_blocks')
      .select(['seat_index', 'reason'])
      .where('show_id', '=', showId)
      .execute();
    return rows.map((row) => ({ seat: row.seat_index, reason: row.reason }));
  }
}
