import { sql, type Kysely } from 'kysely';

/**
 * The waitlist of a sold-out show: one entry per account and show. entry_number only grows, so it
 * is the order in which fans joined, and the order in which returned seats will be offered to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE waitlist_entries (
      show_id text NOT NULL REFERENCES shows (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      entry_number bigint GENERATED ALWAYS AS IDENTITY,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (show_id, account_id)
    );
    -- A show's entries in join order: positions, and the order of offers.
    CREATE UNIQUE INDEX waitlist_entries_order ON waitlist_entries (show_id, entry_number);
    CREATE INDEX waitlist_entries_account ON waitlist_entries (account_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE waitlist_entries`.execute(db);
}
