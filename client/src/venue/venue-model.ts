import type { PriceTierView, ShowView } from '../../../shared/protocol/views';
import { SEAT_COORDINATE_SCALE, type SectionGeometry, type VenueGeometry } from '../../../shared/venue';
import { SeatGrid } from './seat-grid';

/** Seats are about one map unit apart; a point this close to a seat's centre hits it. */
export const SEAT_HIT_RADIUS_UNITS = 0.45;
/** Drawn seat radius, in map units: a little gap between neighbours. */
export const SEAT_RADIUS_UNITS = 0.38;

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * The venue as the client uses it: per-seat columns in typed arrays indexed by seat (map units),
 * section bounds for culling, and the spatial grid. Built once per geometry, in one pass.
 */
export interface VenueModel {
  geometry: VenueGeometry;
  seatX: Float32Array;
  seatY: Float32Array;
  seatTier: Uint8Array;
  seatFlags: Uint8Array;
  seatNumber: Uint16Array;
  seatSection: Uint16Array;
  /** Index into section.rows of the seat's row. */
  seatRow: Uint16Array;
  sectionsById: ReadonlyMap<number, SectionGeometry>;
  sectionBounds: ReadonlyMap<number, Bounds>;
  /** Point to seat (built on first use). */
  readonly grid: SeatGrid;
}

export function buildVenueModel(geometry: VenueGeometry): VenueModel {
  const count = geometry.seatCount;
  const seatX = new Float32Array(count);
  const seatY = new Float32Array(count);
  const seatTier = new Uint8Array(count);
  const seatFlags = new Uint8Array(count);
  const seatNumber = new Uint16Array(count);
  const seatSection = new Uint16Array(count);
  const seatRow = new Uint16Array(count);
  const sectionsById = new Map<number, SectionGeometry>();
  const sectionBounds = new Map<number, Bounds>();

  for (const section of geometry.sections) {
    sectionsById.set(section.id, section);
    const { x, y, tier, flags, number } = section.seats;
    for (let offset = 0; offset < section.seatCount; offset++) {
      const seat = section.firstSeat + offset;
      seatX[seat] = (x[offset] ?? 0) / SEAT_COORDINATE_SCALE;
      seatY[seat] = (y[offset] ?? 0) / SEAT_COORDINATE_SCALE;
      seatTier[seat] = tier[offset] ?? 0;
      seatFlags[seat] = flags[offset] ?? 0;
      seatNumber[seat] = number[offset] ?? 0;
      seatSection[seat] = section.id;
    }
    section.rows.forEach((row, rowIndex) => seatRow.fill(rowIndex, row.firstSeat, row.firstSeat + row.count));
    sectionBounds.set(section.id, polygonBounds(section.polygon));
  }

  // Built on first use (the first pointer over seats), not on the way to the map's first frame.
  let grid: SeatGrid | undefined;
  return {
    geometry,
    seatX,
    seatY,
    seatTier,
    seatFlags,
    seatNumber,
    seatSection,
    seatRow,
    sectionsById,
    sectionBounds,
    get grid() {
      return (grid ??= new SeatGrid(seatX, seatY, { cellSize: 2, hitRadius: SEAT_HIT_RADIUS_UNITS }));
    },
  };
}

export function polygonBounds(points: readonly number[]): Bounds {
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i] as number;
    const y = points[i + 1] as number;
    bounds.minX = Math.min(bounds.minX, x);
    bounds.maxX = Math.max(bounds.maxX, x);
    bounds.minY = Math.min(bounds.minY, y);
    bounds.maxY = Math.max(bounds.maxY, y);
  }
  return bounds;
}

/** Even-odd point-in-polygon test over a flat [x0, y0, x1, y1, ...] outline. */
export function pointInPolygon(x: number, y: number, points: readonly number[]): boolean {
  let inside = false;
  const n = points.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i] as number;
    const yi = points[2 * i + 1] as number;
    const xj = points[2 * j] as number;
    const yj = points[2 * j + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The section whose outline contains the point, if any. */
export function sectionAt(model: VenueModel, x: number, y: number): SectionGeometry | undefined {
  for (const section of model.geometry.sections) {
    const b = model.sectionBounds.get(section.id);
    if (!b || x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) continue;
    if (pointInPolygon(x, y, section.polygon)) return section;
  }
  return undefined;
}

/** A type, not an interface, so it can be passed as i18next interpolation values. */
export type SeatLabel = {
  section: string;
  row: string;
  number: number;
};

/** What is printed on a ticket: section name, row label, seat number. */
export function seatLabel(model: VenueModel, seat: number): SeatLabel {
  const section = model.sectionsById.get(model.seatSection[seat] ?? -1);
  return {
    section: section?.name ?? '',
    row: section?.rows[model.seatRow[seat] ?? -1]?.label ?? '',
    number: model.seatNumber[seat] ?? 0,
  };
}

/** The show's price tier of a seat, or undefined when the show does not sell that tier. */
export function seatPriceTier(model: VenueModel, show: ShowView, seat: number): PriceTierView | undefined {
  const code = model.geometry.tiers[model.seatTier[seat] ?? -1]?.code;
  return show.priceTiers.find((tier) => tier.code === code);
}
