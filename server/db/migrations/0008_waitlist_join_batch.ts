import { sql, type Kysely } from 'kysely';
import * as waitlistJoin from './0006_waitlist_join';

/**
 * Waitlist joins in batches. One join per call gave a show one place per turn of its lock and a
 * node's event loop: at a sell-out's herd (tens of thousands asking at once, the surge's run P) that
 * was about a hundred places a second, and the last checkouts starved behind it. A node now sends
 * the joins that wait for a show's turn together: one turn places them all, in the order given.
 *
 * Under the show's lock, each statement reads what committed before it (READ COMMITTED): accounts
 * already on the list get their entry back (created false), the others the next places with no
 * gap. An account asked for twice counts once, at its first place in the array; an account that
 * no longer exists gets no row (the caller treats it as a stale session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION waitlist_join_batch(p_show_id text, p_account_ids uuid[], p_lock_timeout text)
    RETURNS TABLE (joined_account_id uuid, entry_position integer, entry_joined_at timestamptz,
                   entry_created boolean)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM set_config('lock_timeout', p_lock_timeout, true);
      PERFORM pg_advisory_xact_lock(hashtextextended('waitlist:' || p_show_id, 0));
      RETURN QUERY
        WITH asked AS (
          SELECT account.id, min(given.ordinal) AS ordinal
            FROM unnest(p_account_ids) WITH ORDINALITY AS given (id, ordinal)
            JOIN accounts account ON account.id = given.id
           GROUP BY account.id
        ), newcomers AS (
          SELECT asked.id, row_number() OVER (ORDER BY asked.ordinal) AS place
            FROM asked
           WHERE NOT EXISTS (SELECT 1 FROM waitlist_entries w
                              WHERE w.show_id = p_show_id AND w.account_id = asked.id)
        ), last_place AS (
          SELECT coalesce(max(w.position), 0) AS position
            FROM waitlist_entries w WHERE w.show_id = p_show_id
        ), inserted AS (
          INSERT INTO waitlist_entries AS entry (show_id, account_id, position)
          SELECT p_show_id, newcomers.id, (last_place.position + newcomers.place)::integer
            FROM newcomers CROSS JOIN last_place
          RETURNING entry.account_id, entry.position, entry.joined_at
        )
        SELECT inserted.account_id, inserted.position, inserted.joined_at, true FROM inserted
        UNION ALL
        -- The statement's snapshot predates its own insert: these are the entries made before.
        SELECT w.account_id, w.position, w.joined_at, false
          FROM waitlist_entries w JOIN asked ON asked.id = w.account_id
         WHERE w.show_id = p_show_id;
    END
    $$;
    DROP FUNCTION waitlist_join(text, uuid, text);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION waitlist_join_batch(text, uuid[], text)`.execute(db);
  await waitlistJoin.up(db);
}
