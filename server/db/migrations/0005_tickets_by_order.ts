import { sql, type Kysely } from 'kysely';

/**
 * Tickets are read by order (every paid checkout's answer, every order page): without this index
 * each read scanned every ticket of every show, ~10 ms at 100,000 tickets and growing through the
 * sale (found by the surge).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX tickets_order ON tickets (order_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX tickets_order`.execute(db);
}
