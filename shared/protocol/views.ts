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

/** One section's changes inside a SeatDeltas message. */
export type SectionDelta = Omit<SeatDelta, 'showId'>;

/**
 * Every section's seat changes of one publisher tick, in one message, to the maps that watch all
 * of a show's sections (show:subscribe with sections "all"): one message per tick instead of one
 * per changed section (a stadium has 60), and the sections' free counts with them (D2). A node
 * with many such maps sends several ticks in one message, merged.
 */
export interface SeatDeltas {
  showId: string;
  deltas: SectionDelta[];
}

export interface ShowAvailability {
  showId: string;
  epoch: number;
  /** Flat [sectionId, freeSeats, ...] for the sections that changed. */
  sections: number[];
}

/**
 * The publisher's heartbeat to a show's room, every SEAT_PULSE_INTERVAL_MS (D5): the version every
 * section had reached in the deltas sent so far. A client behind it for a whole interval lost a
 * delta and re-reads the section; a client that hears no pulse stops trusting its free seats (D6).
 */
export interface SeatPulse {
  showId: string;
  epoch: number;
  /** Flat [sectionId, version, ...] for the sections that have changed at least once. */
  versions: number[];
}

/** How often the delta publisher sends each show's SeatPulse. */
export const SEAT_PULSE_INTERVAL_MS = 1_000;

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

/** A fan's place on the waitlist of a sold-out show. */
export type WaitlistEntryView =
  | { joined: false }
  | {
      joined: true;
      /** 1-based, among the show's entries in the order they joined. */
      position: number;
      /** ISO 8601 instant. */
      joinedAt: string;
    };

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

export type QueuePhase = 'prequeue' | 'live';

/** The broadcast every fan in a queue gets after each admission step (and the status endpoint). */
export interface QueueCursor {
  saleId: string;
  phase: QueuePhase;
  /** Places up to here have been dealt with (admitted or passed as no-shows). */
  nowServing: number;
  /** Fans admitted per second now (lower than the sale's rate while the nodes are overloaded), for ETA ranges. */
  admitRatePerSecond: number;
  paused: boolean;
  /**
   * No show of the sale has a free seat right now. Seats can still come back (a hold expires, a
   * payment fails), so fans keep their places, but nobody is admitted until one does (a turn would
   * be spent on a full map); a fan may rather join a show's waitlist.
   */
  soldOut: boolean;
  /**
   * Every seat of every show is sold (or off sale): none is free or in a basket, so none comes back
   * but what staff put on sale; a waitlist is a fan's chance. Implies soldOut.
   */
  allSold: boolean;
  /** Fans who have joined so far. */
  joined: number;
  /** Epoch ms of the on-sale time (the shuffle). */
  startsAt: number;
  /**
   * Once shuffled, the revealed seed and the pre-queue's size: with its arrival number every client
   * computes its own place (shared/queue-permutation.ts), so T0 brings no stampede of look-ups.
   */
  shuffle: { seed: string; size: number } | null;
  /** Epoch ms when this was computed. */
  at: number;
}

export interface QueueStatusView extends QueueCursor {
  /** How long to wait before asking again, ms: short near the front, long far back. */
  pollAfterMs: number;
}

export type QueueStanding = 'prequeue' | 'waiting' | 'admitted' | 'done' | 'missed';

/** One fan's place. */
export interface QueueEntryView {
  saleId: string;
  /** Arrival number: with the revealed seed, anyone can recompute the place from it. */
  arrival: number;
  /** Null until the shuffle at T0 for fans in the pre-queue. */
  place: number | null;
  standing: QueueStanding;
  /** Epoch ms the shopping window ends, once admitted. */
  windowEndsAt: number | null;
  cursor: QueueCursor;
}

export interface AdmissionView {
  saleId: string;
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface SaleView {
  id: string;
  name: string;
  showIds: string[];
  prequeueOpensAt: string;
  startsAt: string;
  closesAt: string;
  /** SHA-256 of the shuffle seed, public from the start. */
  seedCommitment: string;
  /** The seed, once the shuffle is done (hex). */
  seed: string | null;
  /** Fans in the pre-queue when it was shuffled, once done. */
  shuffledSize: number | null;
  algorithm: string;
}

export interface QueueStatsView {
  saleId: string;
  phase: QueuePhase;
  paused: boolean;
  joined: number;
  nowServing: number;
  waiting: number;
  admittedTotal: number;
  activeShoppers: number;
  noShows: number;
  activeCap: number;
  /** The rate staff set; the waiting room admits `healthShare` of it. */
  admitRatePerSecond: number;
  /** The share of the rate admitted now (1: all of it), lowered while the nodes are overloaded. [Q17] */
  healthShare: number;
  /** Seconds until the last fan in line is admitted at the current rate. */
  etaSeconds: number;
  /** No seat free: admission waits until one comes back (as the cursor's). [Q8] */
  soldOut: boolean;
  /** Sold out for good: no seat free or in a basket (as the cursor's). [Q8] */
  allSold: boolean;
}
