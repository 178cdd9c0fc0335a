import DataLoader from 'dataloader';
import { sql } from 'kysely';
import { isPgError, PG_ERROR, type Db } from '../db/database';
import { AppError } from '../errors/app-error';

export interface WaitlistEntry {
  /** 1-based place in the show's join order; also the order of offers later. */
  position: number;
  joinedAt: Date;
}

/** A join's answer: the account's entry, and whether this join made it. */
export interface JoinedEntry extends WaitlistEntry {
  created: boolean;
}

interface JoinRequest {
  showId: string;
  accountId: string;
}

/** How long a batch waits for the show's turn before giving up (SERVICE_UNAVAILABLE, try again). */
const JOIN_LOCK_TIMEOUT = '3s';
/**
 * Joins placed in one turn of a show's lock at most. At a sell-out tens of thousands of fans ask at
 * once; one statement places this many in a few milliseconds of PostgreSQL's time.
 */
const JOINS_PER_BATCH = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Waitlist entries in PostgreSQL; the primary key (show, account) keeps one per fan and show. */
export class WaitlistRepository {
  /** The last batch sent: the next waits for it, gathering the joins that arrive meanwhile. */
  private lastBatch: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private batchesSent = 0;
  private readonly joins = new DataLoader<JoinRequest, JoinedEntry>(
    (requests) => {
      this.batchesSent++;
      const batch = this.joinBatch(requests);
      this.lastBatch = batch.catch(() => undefined);
      return batch;
    },
    {
      cache: false,
      maxBatchSize: JOINS_PER_BATCH,
      // One batch in flight per node: joins that arrive meanwhile hold no connection and go next,
      // together (a show's joins take turns in PostgreSQL anyway).
      batchScheduleFn: (send) => void this.lastBatch.then(() => setImmediate(send)),
    },
  );

  constructor(private readonly db: Db) {}

  /** Joins waiting on this node for their batch's answer, and batches sent (tests observe these). */
  get batching(): { joinsWaiting: number; batchesSent: number } {
    return { joinsWaiting: this.waiting, batchesSent: this.batchesSent };
  }

  /**
   * Puts the account on the show's waitlist, at the next place, unless it is on it already (also
   * when another request of the same account is inserting it at this moment): answers the entry,
   * and whether this join made it.
   *
   * Joins of one show take turns (a transaction-scoped advisory lock, migration 0008): the next
   * places are counted and taken in one step, so places are 1, 2, 3, ... with no repeats, and never
   * change. The joins waiting on this node go together, in the order they arrived.
   */
  async join(showId: string, accountId: string): Promise<JoinedEntry> {
    // A batch is one statement: an id PostgreSQL would refuse must not spoil the others' joins.
    if (!UUID.test(accountId)) throw new AppError('AUTH_INVALID');
    this.waiting++;
    try {
      return await this.joins.load({ showId, accountId });
    } finally {
      this.waiting--;
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

  /** Answers each request in order: its entry, or the error it gets. */
  private async joinBatch(requests: readonly JoinRequest[]): Promise<(JoinedEntry | Error)[]> {
    const byShow = new Map<string, string[]>();
    for (const { showId, accountId } of requests) {
      const accountIds = byShow.get(showId) ?? [];
      accountIds.push(accountId);
      byShow.set(showId, accountIds);
    }
    const answers = new Map<string, Map<string, JoinedEntry> | Error>();
    for (const [showId, accountIds] of byShow) {
      answers.set(showId, await this.joinShow(showId, accountIds).catch(asError));
    }
    // An account asked for twice in one batch made its entry once: the first request made it.
    const madeFor = new Set<string>();
    return requests.map(({ showId, accountId }) => {
      const answer = answers.get(showId);
      if (answer instanceof Error) return answer;
      const entry = answer?.get(accountId);
      // No row: a validly signed session of an account that no longer exists.
      if (!entry) return new AppError('AUTH_INVALID');
      const key = `${showId} ${accountId}`;
      const created = entry.created && !madeFor.has(key);
      if (created) madeFor.add(key);
      return { ...entry, created };
    });
  }

  private async joinShow(showId: string, accountIds: string[]): Promise<Map<string, JoinedEntry>> {
    try {
      const { rows } = await sql<{
        joined_account_id: string;
        entry_position: number;
        entry_joined_at: Date;
        entry_created: boolean;
      }>`SELECT * FROM waitlist_join_batch(${showId}, ${accountIds}::uuid[], ${JOIN_LOCK_TIMEOUT})`.execute(
        this.db,
      );
      return new Map(
        rows.map((row) => [
          row.joined_account_id,
          { position: row.entry_position, joinedAt: row.entry_joined_at, created: row.entry_created },
        ]),
      );
    } catch (error) {
      if (isPgError(error, PG_ERROR.LOCK_NOT_AVAILABLE)) throw new AppError('SERVICE_UNAVAILABLE');
      throw error;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
