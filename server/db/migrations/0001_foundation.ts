import { sql, type Kysely } from 'kysely';

/**
 * Accounts, the catalogue (venues, tours, shows, prices), orders with their seats, payments,
 * tickets and the outbox. The partial unique index order_seats_sold_once is the last fence against
 * selling a seat twice, whatever Redis says.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (length(email) <= 254),
      password_hash text NOT NULL,
      display_name text NOT NULL,
      language text NOT NULL DEFAULT 'en',
      phone_e164 text,
      phone_verified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
    -- One account per verified phone number (the bot-defence issue verifies phones).
    CREATE UNIQUE INDEX accounts_verified_phone_key ON accounts (phone_e164) WHERE phone_verified_at IS NOT NULL;

    CREATE TABLE staff_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      password_hash text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('agent', 'manager', 'admin')),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX staff_accounts_email_key ON staff_accounts (lower(email));

    CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      audience text NOT NULL CHECK (audience IN ('fan', 'staff')),
      subject_id uuid NOT NULL,
      token_hash bytea NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX refresh_tokens_subject ON refresh_tokens (audience, subject_id);

    CREATE TABLE venues (
      id text PRIMARY KEY,
      name text NOT NULL,
      layout jsonb NOT NULL,
      layout_hash text NOT NULL,
      seat_count integer NOT NULL CHECK (seat_count > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE tours (
      id text PRIMARY KEY,
      name text NOT NULL,
      artist text NOT NULL,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE shows (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),
      tour_id text NOT NULL REFERENCES tours (id),
      venue_id text NOT NULL REFERENCES venues (id),
      name text NOT NULL,
      starts_at timestamptz NOT NULL,
      on_sale_at timestamptz NOT NULL,
      time_zone text NOT NULL DEFAULT 'Asia/Bangkok',
      seat_limit_per_account integer NOT NULL DEFAULT 4 CHECK (seat_limit_per_account BETWEEN 1 AND 16),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE show_price_tiers (
      show_id text NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
      tier_code text NOT NULL,
      price_satang bigint NOT NULL CHECK (price_satang >= 0),
      PRIMARY KEY (show_id, tier_code)
    );

    -- Seats taken off sale by staff (production, cameras, broken seats); Redis is rebuilt with them.
    CREATE TABLE seat_blocks (
      show_id text NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
      seat_index integer NOT NULL CHECK (seat_index >= 0),
      reason text NOT NULL,
      blocked_by uuid REFERENCES staff_accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (show_id, seat_index)
    );

    CREATE TABLE orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts (id),
      show_id text NOT NULL REFERENCES shows (id),
      hold_id text NOT NULL,
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending_payment', 'paid', 'payment_failed', 'expired', 'cancelled', 'refunded')),
      total_satang bigint NOT NULL CHECK (total_satang >= 0),
      currency char(3) NOT NULL DEFAULT 'THB',
      payment_method text NOT NULL,
      payment_deadline timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz,
      UNIQUE (account_id, idempotency_key)
    );
    -- One order per hold: a second checkout of the same seats returns the first order.
    CREATE UNIQUE INDEX orders_hold_key ON orders (show_id, hold_id);
    CREATE INDEX orders_pending_deadline ON orders (payment_deadline) WHERE status = 'pending_payment';
    CREATE INDEX orders_account ON orders (account_id, created_at DESC);

    CREATE TABLE order_seats (
      order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      show_id text NOT NULL REFERENCES shows (id),
      seat_index integer NOT NULL CHECK (seat_index >= 0),
      tier_code text NOT NULL,
      price_satang bigint NOT NULL CHECK (price_satang >= 0),
      state text NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
      PRIMARY KEY (order_id, seat_index)
    );
    -- A seat is sold at most once per show, whatever Redis says.
    CREATE UNIQUE INDEX order_seats_sold_once ON order_seats (show_id, seat_index) WHERE state = 'sold';

    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
      gateway text NOT NULL,
      method text NOT NULL,
      amount_satang bigint NOT NULL CHECK (amount_satang >= 0),
      currency char(3) NOT NULL DEFAULT 'THB',
      status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refund_pending', 'refunded')),
      gateway_reference text,
      failure_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES orders (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      show_id text NOT NULL REFERENCES shows (id),
      seat_index integer NOT NULL,
      code text NOT NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('valid', 'void', 'redeemed')),
      issued_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX tickets_live_seat ON tickets (show_id, seat_index) WHERE status <> 'void';
    CREATE INDEX tickets_account ON tickets (account_id);

    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      available_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      processed_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL;

    -- The simulated payment gateway's own ledger (a real gateway keeps this on its side).
    CREATE TABLE simulated_gateway_charges (
      payment_id uuid PRIMARY KEY,
      amount_satang bigint NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
      refunded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE simulated_gateway_charges, outbox, tickets, payments, order_seats, orders,
      seat_blocks, show_price_tiers, shows, tours, venues, refresh_tokens, staff_accounts, accounts;
  `.execute(db);
}
