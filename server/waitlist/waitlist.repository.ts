import pLimit from 'p-limit';
import { sql } from 'kysely';
import { isPgError, PG_ERROR, type Db } from '../db/database';
import { AppError } from '../errors/app-error';

export interface WaitlistEntry {
  /** 1-based place in the show's join order; also the order of offers later. */
  position: number;
  joinedAt: Date;
}

/** How long a join waits for the show's turn before giving up (SERVICE_UNAVAILABLE, try again). */
const JOIN_LOCK_TIMEOUT = '3s';
/**
 * Joins one node runs at once. Joins of a show take turns in PostgreSQL, and a join waiting for its
 * turn holds a pooled connection: at a sell-out, hundreds of fans join at once, and unbounded they
 * took every connection of the pool from checkouts (p99 5 s in the surge's demo). The others wait
 * here, holding nothing.
 */
const JOINS_AT_ONCE = 2;

/** Waitlist entries in PostgreSQL; the primary key (show, account) keeps one per fan and show. */
export class WaitlistRepository {
  private readonly joinTurns = pLimit(JOINS_AT_ONCE);

  constructor(private readonly db: Db) {}

  /**
   * Puts the account on the show's waitlist, at the next place, unless it is on it already (also
   * when another request of the same account is inserting it at this moment). Answers the entry
   * made, or undefined when there was one already.
   *
   * Joins of one show take turns (a transaction-scoped advisory lock): the next place is counted
   * and taken in one step, so places are 1, 2, 3, ... with no repeats, and never change.
   */
  join(showId: string, accountId: string): Promise<WaitlistEntry | undefined> {
    return this.joinTurns(() => this.joinNow(showId, accountId));
  }

  private async joinNow(showId: string, accountId: string): Promise<WaitlistEntry | undefined> {
    try {
      // One round trip: the show's turn lasts only PostgreSQL's own work (migration 0006).
      const { rows } = await sql<{ entry_position: number; entry_joined_at: Date }>`
        SELECT * FROM waitlist_join(${showId}, ${accountId}, ${JOIN_LOCK_TIMEOUT})`.execute(this.db);
      const row = rows[0];
      return row && { position: row.entry_position, joinedAt: row.entry_joined_at };
    } catch (error) {
      // A validly signed session of an account that no longer exists.
      if (isPgError(error, PG_ERROR.FOREIGN_KEY_VIOLATION, 'waitlist_entries_account_id_fkey'))
        throw new AppError('AUTH_INVALID');
      if (isPgError(error, PG_ERROR.LOCK_NOT_AVAILABLE)) throw new AppError('SERVICE_UNAVAILABLE');
      throw error;
    }
  }

  /** The account's entry on the show's waitlist, or undefined. */
  async entry(showId: string, accountId: string): Promise<WaitlistEntry | undefined> {
    const row = await this.db
      .selectFrom('waitlist_entries')
      .select(['position', 'joined_at'])
      .where('show_id', '=', showId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { position: row.position, joinedAt: row.joined_at };
  }
}
