/**
 * Venue geometry as served to clients: generated once per venue, immutable, cacheable forever under
 * its content hash. Seats are numbered 0..seatCount-1 across the venue; the seats of one section are
 * a contiguous range, ordered row by row, so per-section data (status strings, arrays below) is
 * indexed by `seatIndex - section.firstSeat`.
 */

export const SECTION_KINDS = ['floor', 'lower', 'upper'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Bit flags on a seat. */
export const SEAT_FLAG = {
  ACCESSIBLE: 1,
  COMPANION: 2,
  RESTRICTED_VIEW: 4,
  AISLE: 8,
} as const;

export interface PriceTierGeometry {
  /** Short stable code, e.g. "VIP"; prices per show live with the show. */
  code: string;
  name: string;
  /** CSS colour for legends and seats. */
  colour: string;
}

export interface RowGeometry {
  label: string;
  firstSeat: number;
  count: number;
}

export interface SectionGeometry {
  id: number;
  /** Printed name, e.g. "A3" or "FL-B". */
  name: string;
  kind: SectionKind;
  /** Outline as flat [x0, y0, x1, y1, ...] in map units. */
  polygon: number[];
  /** Where the section's label is drawn. */
  labelAt: [number, number];
  firstSeat: number;
  seatCount: number;
  rows: RowGeometry[];
  /**
   * Per-seat columns, each of length seatCount. Coordinates are map units x 10, rounded, so they
   * stay small integers in JSON.
   */
  seats: {
    x: number[];
    y: number[];
    /** Seat number printed on the ticket, within its row. */
    number: number[];
    /** Index into VenueGeometry.tiers. */
    tier: number[];
    /** SEAT_FLAG bits. */
    flags: number[];
  };
}

export interface VenueGeometry {
  id: string;
  name: string;
  /** Map extent in map units; the stage is at the top. */
  width: number;
  height: number;
  stage: { polygon: number[]; labelAt: [number, number] };
  tiers: PriceTierGeometry[];
  sections: SectionGeometry[];
  seatCount: number;
}

/** Seat status as sent in snapshots and deltas. Held includes the viewer's own holds. */
export const SEAT_STATUS = {
  FREE: 0,
  HELD: 1,
  SOLD: 2,
  BLOCKED: 3,
} as const;
export type SeatStatus = (typeof SEAT_STATUS)[keyof typeof SEAT_STATUS];

/** Map units to the coordinate scale used in SectionGeometry.seats. */
export const SEAT_COORDINATE_SCALE = 10;
