import { sql, type Kysely } from 'kysely';

/**
 * Sales: the on-sale of one or more shows, with its waiting room. The seed of the pre-queue shuffle
 * is drawn when the sale is created; only its SHA-256 (seed_commitment) is public until the shuffle.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sales (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),
      tour_id text NOT NULL REFERENCES tours (id),
      name text NOT NULL,
      prequeue_opens_at timestamptz NOT NULL,
      starts_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL,
      seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
      seed_commitment text NOT NULL CHECK (seed_commitment ~ '^[0-9a-f]{64}$'),
      active_cap integer NOT NULL CHECK (active_cap > 0),
      admit_rate_per_second integer NOT NULL CHECK (admit_rate_per_second > 0),
      shopping_window_ms integer NOT NULL CHECK (shopping_window_ms > 0),
      grace_ms integer NOT NULL CHECK (grace_ms > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (prequeue_opens_at <= starts_at AND starts_at < closes_at)
    );
    ALTER TABLE shows ADD COLUMN sale_id text REFERENCES sales (id);
    CREATE INDEX shows_sale ON shows (sale_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE shows DROP COLUMN sale_id;
    DROP TABLE sales;
  `.execute(db);
}
