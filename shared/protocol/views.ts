import type { ErrorBody } from '../errors';

/** What a command answers. Every Socket.IO command acknowledges with one of these. */
export type AckResponse<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type Ack<T> = (response: AckResponse<T>) => void;

export interface HoldView {
  holdId: string;
  showId: string;
  seats: number[];
  /** Epoch ms, by the server's clock (see serverTime in SessionView to correct for skew). */
  expiresAt: number;
  extended: boolean;
}

export interface SectionSnapshot {
  sectionId: number;
  version: number;
  /** One SEAT_STATUS digit per seat of the section, in seat order. */
  statuses: string;
}

export interface ShowSnapshot {
  showId: string;
  /** Changes when the show's inventory is rebuilt; a client on another epoch must re-read. */
  epoch: number;
  sections: SectionSnapshot[];
  /** Flat [sectionId, freeSeats, ...] for every section. */
  available: number[];
}

/** Seat changes of one section between two versions, coalesced (final status per seat). */
export interface SeatDelta {
  showId: string;
  epoch: number;
  sectionId: number;
  /** Version the changes apply on top of (inclusive lower bound). */
  base: number;
  /** Version after the changes. */
  version: number;
  /** Flat [seatIndex, status, ...]. */
  changes: number[];
  free: number;
}

export interface ShowAvailability {
  showId: string;
  epoch: number;
  /** Flat [sectionId, freeSeats, ...] for the sections that changed. */
  sections: number[];
}

export interface ResyncNotice {
  showId: string;
  /** Sections whose deltas were lost; re-read their snapshots. */
  sectionIds: number[];
}

export type OrderStatusView =
  'pending_payment' | 'paid' | 'payment_failed' | 'expired' | 'cancelled' | 'refunded';

export interface OrderSeatView {
  seat: number;
  section: string;
  row: string;
  number: number;
  tier: string;
  priceSatang: number;
}

export interface TicketView {
  id: string;
  seat: number;
  /** Signed ticket code, shown as a QR code. */
  code: string;
}

export interface OrderView {
  id: string;
  showId: string;
  status: OrderStatusView;
  seats: OrderSeatView[];
  totalSatang: number;
  currency: 'THB';
  paymentMethod: string;
  /** ISO 8601 instants. */
  createdAt: string;
  paymentDeadline: string;
  tickets: TicketView[];
}

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  language: string;
  phoneVerified: boolean;
}

export interface SessionView {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The server's clock, epoch ms, when this was issued. */
  serverTime: number;
  account: AccountView;
}

export interface PriceTierView {
  code: string;
  name: string;
  colour: string;
  priceSatang: number;
}

export interface ShowView {
  id: string;
  name: string;
  tour: { id: string; name: string; artist: string };
  /** ISO 8601 instants; show them in timeZone and in the fan's own zone. */
  startsAt: string;
  onSaleAt: string;
  timeZone: string;
  seatLimitPerAccount: number;
  venue: { id: string; name: string; seatCount: number; geometryUrl: string };
  priceTiers: PriceTierView[];
}
