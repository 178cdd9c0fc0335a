import { sql } from 'kysely';
import { isForeignKeyViolation, type Db } from '../db/database';
import { AppError } from '../errors/app-error';

export interface WaitlistEntry {
  /** Only grows: the order of joining, and of offers later. */
  entryNumber: string;
  joinedAt: Date;
  /** 1-based, among the show's entries in entry-number order. */
  position: number;
}

/** Waitlist entries in PostgreSQL; the primary key (show, account) keeps one per fan and show. */
export class WaitlistRepository {
  constructor(private readonly db: Db) {}

  /**
   * Puts the account on the show's waitlist unless it is on it already (also when another request
   * of the same account is inserting it at this moment). `created` says whether this call did.
   *
   * Joins of one show take turns (a transaction-scoped advisory lock), so its entries commit in
   * entry-number order: the entries any reader sees are always the show's first ones, and a position
   * counted from them is final. Without the turns, two fans joining together could both be told 7th
   * while the 6th entry's transaction was still committing.
   */
  async join(showId: string, accountId: string): Promise<{ created: boolean }> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`waitlist:${showId}`}, 0))`.execute(tx);
        const inserted = await tx
          .insertInto('waitlist_entries')
          .values({ show_id: showId, account_id: accountId })
          .onConflict((conflict) => conflict.columns(['show_id', 'account_id']).doNothing())
          .returning('entry_number')
          .executeTakeFirst();
        return { created: inserted !== undefined };
      });
    } catch (error) {
      // A validly signed session of an account that no longer exists.
      if (isForeignKeyViolation(error, 'waitlist_entries_account_id_fkey'))
        throw new AppError('AUTH_INVALID');
      throw error;
    }
  }

  /** The account's entry with its position, read in one statement, or undefined. */
  async entry(showId: string, accountId: string): Promise<WaitlistEntry | undefined> {
    const row = await this.db
      .selectFrom('waitlist_entries as mine')
      .select((eb) => [
        'mine.entry_number',
        'mine.joined_at',
        eb
          .selectFrom('waitlist_entries as ahead')
          .select((inner) => inner.fn.countAll<string>().as('count'))
          .whereRef('ahead.show_id', '=', 'mine.show_id')
          .whereRef('ahead.entry_number', '<=', 'mine.entry_number')
          .as('position'),
      ])
      .where('mine.show_id', '=', showId)
      .where('mine.account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    return { entryNumber: row.entry_number, joinedAt: row.joined_at, position: Number(row.position) };
  }
}
