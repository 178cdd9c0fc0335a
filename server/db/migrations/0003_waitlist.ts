import { sql, type Kysely } from 'kysely';

/**
 * The waitlist of a sold-out show: one entry per account and show. `position` is the place in
 * join order (1, 2, 3, ... per show), given under a per-show lock when the entry is made and never
 * changed: it is what the fan is told, and the order returned seats will be offered in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE waitlist_entries (
      show_id text NOT NULL REFERENCES shows (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      position integer NOT NULL CHECK (position > 0),
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (show_id, account_id),
      UNIQUE (show_id, position)
    );
    CREATE INDEX waitlist_entries_account ON waitlist_entries (account_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE waitlist_entries`.execute(db);
}
