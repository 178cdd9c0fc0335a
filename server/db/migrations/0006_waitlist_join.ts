import { sql, type Kysely } from 'kysely';

/**
 * A waitlist join in one round trip. Joins of a show take turns under a lock, and the lock was held
 * across the client's round trips (lock, insert, commit): with the event loops busy in a sell-out,
 * each turn lasted ~100 ms, thousands of fans joined at once, and their requests timed out (found
 * by the surge). Inside a function the turn lasts only PostgreSQL's own work, and each statement
 * still reads what committed before it (READ COMMITTED: a snapshot per statement), so the next
 * place is counted after the lock is held.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION waitlist_join(p_show_id text, p_account_id uuid, p_lock_timeout text)
    RETURNS TABLE (entry_position integer, entry_joined_at timestamptz)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM set_config('lock_timeout', p_lock_timeout, true);
      PERFORM pg_advisory_xact_lock(hashtextextended('waitlist:' || p_show_id, 0));
      RETURN QUERY
        INSERT INTO waitlist_entries AS entry (show_id, account_id, position)
        SELECT p_show_id, p_account_id, coalesce(max(w.position), 0) + 1
          FROM waitlist_entries w WHERE w.show_id = p_show_id
        ON CONFLICT (show_id, account_id) DO NOTHING
        RETURNING entry.position, entry.joined_at;
    END
    $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION waitlist_join(text, uuid, text)`.execute(db);
}
