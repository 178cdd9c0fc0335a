import { sql, type Kysely } from 'kysely';

/**
 * Messages to fans (the order confirmation e-mail, ...), rendered in the fan's stored language
 * and kept: one per kind, subject (the order) and channel, however often the outbox relay runs the
 * step. `sent_at` is set once the mail transport has taken it; until then a relay retries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts (id),
      kind text NOT NULL CHECK (kind IN ('order_paid')),
      subject_id text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email')),
      recipient text NOT NULL,
      language text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      UNIQUE (kind, subject_id, channel)
    );
    CREATE INDEX notifications_account ON notifications (account_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE notifications`.execute(db);
}
