import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { StaffRole } from '../../shared/protocol/events';

/** PostgreSQL tables as Kysely sees them. The migrations in ./migrations are the source of truth. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint columns come back from pg as strings; money is in satang (1/100 THB). */
type Satang = ColumnType<string, number | bigint | string, number | bigint | string>;

export type OrderStatus =
  'pending_payment' | 'paid' | 'payment_failed' | 'expired' | 'cancelled' | 'refunded';
export type OrderSeatState = 'reserved' | 'sold' | 'released';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refund_pending' | 'refunded';
export type TicketStatus = 'valid' | 'void' | 'redeemed';
export type { StaffRole } from '../../shared/protocol/events';
export type TokenAudience = 'fan' | 'staff';

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  display_name: string;
  language: string;
  phone_e164: string | null;
  phone_verified_at: Date | null;
  created_at: CreatedAt;
}

export interface StaffAccountsTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  display_name: string;
  role: StaffRole;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

/** Every staff action: who did what to which sale or show (`sale:ID`, `show:ID`), and with what. */
export interface StaffAuditTable {
  id: Generated<string>;
  staff_id: string;
  action: string;
  subject: string;
  details: ColumnType<unknown, string | undefined, string>;
  at: CreatedAt;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  audience: TokenAudience;
  subject_id: string;
  token_hash: Buffer;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface VenuesTable {
  id: string;
  name: string;
  layout: ColumnType<unknown, string, string>;
  layout_hash: string;
  seat_count: number;
  created_at: CreatedAt;
}

export interface ToursTable {
  id: string;
  name: string;
  artist: string;
  description: string;
  created_at: CreatedAt;
}

export interface ShowsTable {
  id: string;
  tour_id: string;
  venue_id: string;
  name: string;
  starts_at: Date;
  on_sale_at: Date;
  time_zone: string;
  seat_limit_per_account: number;
  sale_id: string | null;
  created_at: CreatedAt;
}

export interface SalesTable {
  id: string;
  tour_id: string;
  name: string;
  prequeue_opens_at: Date;
  starts_at: Date;
  closes_at: Date;
  seed: string;
  seed_commitment: string;
  active_cap: number;
  admit_rate_per_second: number;
  shopping_window_ms: number;
  grace_ms: number;
  created_at: CreatedAt;
}

export interface ShowPriceTiersTable {
  show_id: string;
  tier_code: string;
  price_satang: Satang;
}

export interface SeatBlocksTable {
  show_id: string;
  seat_index: number;
  reason: string;
  blocked_by: string | null;
  created_at: CreatedAt;
}

export interface OrdersTable {
  id: Generated<string>;
  account_id: string;
  show_id: string;
  hold_id: string;
  idempotency_key: string;
  request_hash: string;
  status: OrderStatus;
  total_satang: Satang;
  currency: string;
  payment_method: string;
  payment_deadline: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  paid_at: Date | null;
}

export interface OrderSeatsTable {
  order_id: string;
  show_id: string;
  seat_index: number;
  tier_code: string;
  price_satang: Satang;
  state: OrderSeatState;
}

export interface PaymentsTable {
  id: Generated<string>;
  order_id: string;
  gateway: string;
  method: string;
  amount_satang: Satang;
  currency: string;
  status: PaymentStatus;
  gateway_reference: string | null;
  failure_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TicketsTable {
  id: Generated<string>;
  order_id: string;
  account_id: string;
  show_id: string;
  seat_index: number;
  code: string;
  status: TicketStatus;
  issued_at: CreatedAt;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  available_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  last_error: string | null;
  processed_at: Date | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  account_id: string;
  kind: 'order_paid';
  subject_id: string;
  channel: 'email';
  recipient: string;
  language: string;
  subject: string;
  body: string;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface SimulatedGatewayChargesTable {
  payment_id: string;
  amount_satang: Satang;
  outcome: 'succeeded' | 'failed';
  refunded_at: Date | null;
  created_at: CreatedAt;
}

export interface WaitlistEntriesTable {
  show_id: string;
  account_id: string;
  /** 1-based place in the show's join order, given once under a per-show lock. */
  position: number;
  joined_at: CreatedAt;
}

export interface Database {
  accounts: AccountsTable;
  staff_accounts: StaffAccountsTable;
  staff_audit: StaffAuditTable;
  refresh_tokens: RefreshTokensTable;
  venues: VenuesTable;
  tours: ToursTable;
  shows: ShowsTable;
  sales: SalesTable;
  show_price_tiers: ShowPriceTiersTable;
  seat_blocks: SeatBlocksTable;
  orders: OrdersTable;
  order_seats: OrderSeatsTable;
  payments: PaymentsTable;
  tickets: TicketsTable;
  outbox: OutboxTable;
  simulated_gateway_charges: SimulatedGatewayChargesTable;
  waitlist_entries: WaitlistEntriesTable;
  notifications: NotificationsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type StaffAccountRow = Selectable<StaffAccountsTable>;
export type ShowRow = Selectable<ShowsTable>;
export type SaleRow = Selectable<SalesTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderSeatRow = Selectable<OrderSeatsTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type TicketRow = Selectable<TicketsTable>;
export type NewOrder = Insertable<OrdersTable>;
export type WaitlistEntryRow = Selectable<WaitlistEntriesTable>;
