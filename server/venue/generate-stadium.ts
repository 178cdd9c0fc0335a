/**
 * Generates the seat map of an open-air stadium set up for a concert: a stage at the top, a seated floor
 * in front of it, and a lower and an upper stand ring around the field, open behind the stage. The
 * layout is invented for SeatRush, not the plan of any real venue. Pure and deterministic: the same
 * options always give the same geometry, so its content hash (see geometry-codec.ts) is stable.
 *
 * Coordinates are built around the field centre (y grows downwards, towards the far end) and moved
 * into the map's positive quadrant at the end. Section ids are indexes into `sections`: floor blocks
 * first, then the lower ring, then the upper ring, each ring clockwise from the stage's right.
 */
import type { PriceTierGeometry, SectionGeometry, VenueGeometry } from '../../shared/venue';
import { SEAT_COORDINATE_SCALE, SEAT_FLAG } from '../../shared/venue';
import type { DraftRow, DraftSection, Ellipse, Point } from './stadium-rings';
import { SEAT_PITCH_UNITS, buildRing, draftRow, grow, stadiumSpan } from './stadium-rings';

export interface StadiumOptions {
  id: string;
  name: string;
  /** Exact number of seats generated. */
  seatCount: number;
  /** Shares of seatCount on the floor and in the lower ring; the upper ring takes the rest. */
  floorShare: number;
  lowerShare: number;
  /** Sections per stand ring; 'auto' scales with seatCount (24 and 30 at 50,000 seats). */
  lowerSectionCount: number | 'auto';
  upperSectionCount: number | 'auto';
  /** Opening of both rings behind the stage, where there are no stands. */
  stageGapDegrees: number;
  /** Wheelchair positions as a share of seatCount; each comes with a companion seat beside it. */
  accessibleShare: number;
}

export const DEFAULT_STADIUM_OPTIONS: Readonly<StadiumOptions> = Object.freeze({
  id: 'bkk-national-stadium',
  name: 'Rajamangala-style National Stadium, Bangkok',
  seatCount: 50_000,
  floorShare: 0.12,
  lowerShare: 0.44,
  lowerSectionCount: 'auto',
  upperSectionCount: 'auto',
  stageGapDegrees: 75,
  accessibleShare: 0.005,
});

/** Indexes into VenueGeometry.tiers of a generated stadium; closer and more central costs more. */
export const STADIUM_TIER = {
  VIP: 0,
  FLOOR: 1,
  LOWER_CENTRE: 2,
  LOWER_SIDE: 3,
  UPPER: 4,
  RESTRICTED_VIEW: 5,
} as const;

const STADIUM_TIERS: readonly PriceTierGeometry[] = [
  { code: 'VIP', name: 'VIP floor (front blocks)', colour: '#d4a017' },
  { code: 'FLR', name: 'Floor', colour: '#e4572e' },
  { code: 'LC', name: 'Lower stand, centre', colour: '#2e86ab' },
  { code: 'LS', name: 'Lower stand, side', colour: '#3bb273' },
  { code: 'UP', name: 'Upper stand', colour: '#7768ae' },
  { code: 'RV', name: 'Restricted view', colour: '#8d99ae' },
];

// Sizes are in map units (one unit is about half a metre). Field and stage sizes are for
// REFERENCE_SEAT_COUNT and scale with the square root of the seat count, so seat density stays the same.
const REFERENCE_SEAT_COUNT = 50_000;
const MIN_SEAT_COUNT = 100;
const MAX_SEAT_COUNT = 200_000;
const FLOOR_ROW_PITCH_UNITS = 1.3;
const FLOOR_AISLE_WIDTH_UNITS = 4;
const FLOOR_CROSS_AISLE_UNITS = 5;
const FLOOR_OUTLINE_PADDING_UNITS = 0.8;
const CONCOURSE_WIDTH_UNITS = 6;
const FIELD_HALF_WIDTH_UNITS = 125;
const FIELD_HALF_LENGTH_UNITS = 175;
/** Free space between the floor or stage and the stands' inner edge. */
const FIELD_CLEARANCE_UNITS = 3;
const FIELD_GROWTH_FACTOR = 1.04;
const STAGE_WIDTH_UNITS = 70;
const STAGE_DEPTH_UNITS = 24;
const MIN_STAGE_WIDTH_UNITS = 10;
const MIN_STAGE_DEPTH_UNITS = 5;
const STAGE_TO_FLOOR_UNITS = 8;
/** The stage's back edge, as a fraction of the field's half-length above the centre. */
const STAGE_BACK_OF_FIELD = 0.85;
const FLOOR_SEATS_PER_ROW_AT_REFERENCE = 40;
const FLOOR_BLOCK_COLUMNS = 3;
const FLOOR_BLOCK_ROWS = 2;
const LOWER_SECTIONS_AT_REFERENCE = 24;
const UPPER_SECTIONS_AT_REFERENCE = 30;
const MAP_MARGIN_UNITS = 10;
/** Outlines and label positions are rounded to 0.1 map units to keep the JSON short. */
const OUTLINE_ROUNDING = 10;
const LOWER_CENTRE_MAX_OFF_AXIS_RADIANS = (50 * Math.PI) / 180;
const FLOOR_SHARE_OF_ACCESSIBLE = 0.12;

type StageOutline = VenueGeometry['stage'];

export function generateStadium(options: Partial<StadiumOptions> = {}): VenueGeometry {
  const resolved = resolveOptions(options);
  const scale = Math.sqrt(resolved.seatCount / REFERENCE_SEAT_COUNT);
  const floorSeats = Math.round(resolved.seatCount * resolved.floorShare);
  const lowerSeats = Math.round(resolved.seatCount * resolved.lowerShare);
  const upperSeats = resolved.seatCount - floorSeats - lowerSeats;

  const floor = planFloor(floorSeats, scale);
  const stageWidth = Math.max(MIN_STAGE_WIDTH_UNITS, STAGE_WIDTH_UNITS * scale);
  const stageDepth = Math.max(MIN_STAGE_DEPTH_UNITS, STAGE_DEPTH_UNITS * scale);
  const field = fitField(floor, stageWidth, stageDepth, scale);
  const stageBackY = -field.b * STAGE_BACK_OF_FIELD;
  const stageFront: Point = [0, stageBackY + stageDepth];
  const span = stadiumSpan(resolved.stageGapDegrees);
  const lowerSections = sectionCount(resolved.lowerSectionCount, LOWER_SECTIONS_AT_REFERENCE, scale);
  const upperSections = sectionCount(resolved.upperSectionCount, UPPER_SECTIONS_AT_REFERENCE, scale);

  const floorSections = buildFloor(floor, stageFront[1] + STAGE_TO_FLOOR_UNITS);
  const lower = buildRing({
    prefix: 'A',
    kind: 'lower',
    inner: field,
    seatTarget: lowerSeats,
    sectionCount: lowerSections,
    span,
    tierOf: (labelAt, restricted) =>
      restricted ? STADIUM_TIER.RESTRICTED_VIEW : lowerTier(labelAt, stageFront),
  });
  const upper = buildRing({
    prefix: 'B',
    kind: 'upper',
    inner: grow(lower.outer, CONCOURSE_WIDTH_UNITS),
    seatTarget: upperSeats,
    sectionCount: upperSections,
    span,
    tierOf: (_, restricted) => (restricted ? STADIUM_TIER.RESTRICTED_VIEW : STADIUM_TIER.UPPER),
  });
  placeAccessibleSeats(floorSections, lower.sections, resolved);

  const stage: StageOutline = {
    polygon: rectangle(-stageWidth / 2, stageBackY, stageWidth / 2, stageFront[1]),
    labelAt: [0, stageBackY + stageDepth / 2],
  };
  return assembleVenue(resolved, stage, [...floorSections, ...lower.sections, ...upper.sections]);
}

function resolveOptions(options: Partial<StadiumOptions>): StadiumOptions {
  const resolved = { ...DEFAULT_STADIUM_OPTIONS, ...options };
  const { seatCount, floorShare, lowerShare, stageGapDegrees, accessibleShare } = resolved;
  if (!Number.isInteger(seatCount) || seatCount < MIN_SEAT_COUNT || seatCount > MAX_SEAT_COUNT) {
    throw new RangeError(`seatCount must be an integer from ${MIN_SEAT_COUNT} to ${MAX_SEAT_COUNT}`);
  }
  if (!(floorShare > 0 && lowerShare > 0 && floorShare + lowerShare < 1)) {
    throw new RangeError('floorShare and lowerShare must be positive and leave seats for the upper ring');
  }
  if (!(stageGapDegrees >= 0 && stageGapDegrees <= 180)) {
    throw new RangeError('stageGapDegrees must be from 0 to 180');
  }
  if (!(accessibleShare >= 0 && accessibleShare <= 0.05)) {
    throw new RangeError('accessibleShare must be from 0 to 0.05');
  }
  for (const count of [resolved.lowerSectionCount, resolved.upperSectionCount]) {
    if (count !== 'auto' && !(Number.isInteger(count) && count >= 3)) {
      throw new RangeError("section counts must be 'auto' or an integer of at least 3");
    }
  }
  return resolved;
}

/** 'auto' keeps at least a quarter of the reference count, so small rings still have clear-view sections. */
function sectionCount(option: number | 'auto', atReference: number, scale: number): number {
  if (option !== 'auto') return option;
  return Math.max(Math.round(atReference / 4), Math.round(atReference * scale));
}

// ---------------------------------------------------------------------------------------------------
// Floor: blocks of straight rows, FLOOR_BLOCK_COLUMNS wide, front blocks (nearest the stage) first.

interface FloorPlan {
  blockSeatCounts: number[];
  seatsPerRow: number;
  rowsPerBlock: number;
  blockWidth: number;
  blockDepth: number;
  width: number;
  depth: number;
}

function planFloor(seatCount: number, scale: number): FloorPlan {
  const blockCount = FLOOR_BLOCK_COLUMNS * FLOOR_BLOCK_ROWS;
  if (seatCount < blockCount) throw new RangeError('the floor needs at least one seat per block');
  const blockSeatCounts = splitEvenly(seatCount, blockCount);
  const largestBlock = Math.ceil(seatCount / blockCount);
  const wanted = Math.max(2, Math.round(FLOOR_SEATS_PER_ROW_AT_REFERENCE * scale));
  const seatsPerRow = Math.min(wanted, largestBlock);
  const rowsPerBlock = Math.ceil(largestBlock / seatsPerRow);
  const blockWidth = (seatsPerRow - 1) * SEAT_PITCH_UNITS;
  const blockDepth = (rowsPerBlock - 1) * FLOOR_ROW_PITCH_UNITS;
  const width = FLOOR_BLOCK_COLUMNS * blockWidth + (FLOOR_BLOCK_COLUMNS - 1) * FLOOR_AISLE_WIDTH_UNITS;
  const depth = FLOOR_BLOCK_ROWS * blockDepth + (FLOOR_BLOCK_ROWS - 1) * FLOOR_CROSS_AISLE_UNITS;
  return { blockSeatCounts, seatsPerRow, rowsPerBlock, blockWidth, blockDepth, width, depth };
}

/** Grows the field ellipse (the stands' inner edge) until stage and floor fit with clearance. */
function fitField(floor: FloorPlan, stageWidth: number, stageDepth: number, scale: number): Ellipse {
  let field = { a: FIELD_HALF_WIDTH_UNITS * scale, b: FIELD_HALF_LENGTH_UNITS * scale };
  const floorHalfWidth = floor.width / 2 + FLOOR_OUTLINE_PADDING_UNITS;
  for (;;) {
    const stageBackY = -field.b * STAGE_BACK_OF_FIELD;
    const floorTopY = stageBackY + stageDepth + STAGE_TO_FLOOR_UNITS - FLOOR_OUTLINE_PADDING_UNITS;
    const corners: Point[] = [
      [stageWidth / 2, stageBackY],
      [floorHalfWidth, floorTopY],
      [floorHalfWidth, floorTopY + floor.depth + 2 * FLOOR_OUTLINE_PADDING_UNITS],
    ];
    const clear = { a: field.a - FIELD_CLEARANCE_UNITS, b: field.b - FIELD_CLEARANCE_UNITS };
    if (
      clear.a > 0 &&
      clear.b > 0 &&
      corners.every(([x, y]) => (x / clear.a) ** 2 + (y / clear.b) ** 2 <= 1)
    ) {
      return field;
    }
    field = { a: field.a * FIELD_GROWTH_FACTOR, b: field.b * FIELD_GROWTH_FACTOR };
  }
}

function buildFloor(floor: FloorPlan, floorTopY: number): DraftSection[] {
  return floor.blockSeatCounts.map((blockSeats, block) => {
    const column = block % FLOOR_BLOCK_COLUMNS;
    const blockRow = Math.floor(block / FLOOR_BLOCK_COLUMNS);
    const left = -floor.width / 2 + column * (floor.blockWidth + FLOOR_AISLE_WIDTH_UNITS);
    const top = floorTopY + blockRow * (floor.blockDepth + FLOOR_CROSS_AISLE_UNITS);
    const rows: DraftRow[] = [];
    for (let placed = 0; placed < blockSeats; placed += floor.seatsPerRow) {
      const count = Math.min(floor.seatsPerRow, blockSeats - placed);
      // A short last row is centred in the block.
      const firstX = left + ((floor.seatsPerRow - count) / 2) * SEAT_PITCH_UNITS;
      const y = top + rows.length * FLOOR_ROW_PITCH_UNITS;
      const xs = Array.from({ length: count }, (_, seat) => firstX + seat * SEAT_PITCH_UNITS);
      const ys = xs.map(() => y);
      rows.push(draftRow(rowLetters(rows.length), xs, ys, 0));
    }
    const pad = FLOOR_OUTLINE_PADDING_UNITS;
    const right = left + floor.blockWidth;
    const bottom = top + floor.blockDepth;
    return {
      name: `FL-${String.fromCharCode(65 + block)}`,
      kind: 'floor',
      polygon: rectangle(left - pad, top - pad, right + pad, bottom + pad),
      labelAt: [(left + right) / 2, (top + bottom) / 2],
      tier: blockRow === 0 ? STADIUM_TIER.VIP : STADIUM_TIER.FLOOR,
      rows,
    };
  });
}

/** Row labels A..Z, then AA, AB, ... */
function rowLetters(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : rowLetters(Math.floor(index / 26) - 1) + letter;
}

/** Lower-ring sections facing the stage within the off-axis limit are "centre", the rest "side". */
function lowerTier([x, y]: Point, stageFront: Point): number {
  const offAxis = Math.atan2(Math.abs(x - stageFront[0]), y - stageFront[1]);
  return offAxis <= LOWER_CENTRE_MAX_OFF_AXIS_RADIANS ? STADIUM_TIER.LOWER_CENTRE : STADIUM_TIER.LOWER_SIDE;
}

// ---------------------------------------------------------------------------------------------------
// Flags and assembly.

/**
 * Wheelchair positions, each with a companion seat to its right: on the back row of the rear floor
 * blocks and in the back rows of the lower ring (not in restricted-view sections), spread evenly.
 */
function placeAccessibleSeats(floor: DraftSection[], lower: DraftSection[], options: StadiumOptions): void {
  if (options.accessibleShare === 0) return;
  const positions = Math.max(2, Math.round(options.seatCount * options.accessibleShare));
  const floorPositions = Math.max(1, Math.round(positions * FLOOR_SHARE_OF_ACCESSIBLE));
  const rearBlocks = floor.filter((section) => section.tier === STADIUM_TIER.FLOOR);
  const floorBackRows = rearBlocks.flatMap((section) => section.rows.slice(-1));
  const unplaced = placePairs([floorBackRows], floorPositions);
  const clearView = lower.filter((section) => section.tier !== STADIUM_TIER.RESTRICTED_VIEW);
  const rowDepth = Math.max(...clearView.map((section) => section.rows.length));
  const lowerRowsBackFirst = Array.from({ length: rowDepth }, (_, fromBack) =>
    clearView.flatMap((section) => section.rows.at(-1 - fromBack) ?? []),
  );
  placePairs(lowerRowsBackFirst, positions - floorPositions + unplaced);
}

/** Fills each group of rows in turn, one pair per row per round; returns the pairs that did not fit. */
function placePairs(rowGroups: DraftRow[][], pairs: number): number {
  let remaining = pairs;
  for (const rows of rowGroups) {
    const slots = rows.map((row) => ({ row, pairs: 0, capacity: pairCapacity(row.flags.length) }));
    let placedInRound = true;
    while (remaining > 0 && placedInRound) {
      placedInRound = false;
      for (const slot of slots) {
        if (remaining > 0 && slot.pairs < slot.capacity) {
          slot.pairs++;
          remaining--;
          placedInRound = true;
        }
      }
    }
    slots.forEach((slot) => markPairs(slot.row, slot.pairs));
  }
  return remaining;
}

/** At most a quarter of a row (at least one pair if it has two seats) so rows keep ordinary seats. */
function pairCapacity(seatsInRow: number): number {
  return Math.floor(seatsInRow / 4) || (seatsInRow >= 2 ? 1 : 0);
}

function markPairs(row: DraftRow, pairs: number): void {
  const seats = row.flags.length;
  for (let pair = 0; pair < pairs; pair++) {
    const wheelchair = Math.floor((pair * seats) / pairs);
    row.flags[wheelchair] = (row.flags[wheelchair] ?? 0) | SEAT_FLAG.ACCESSIBLE;
    row.flags[wheelchair + 1] = (row.flags[wheelchair + 1] ?? 0) | SEAT_FLAG.COMPANION;
  }
}

function assembleVenue(options: StadiumOptions, stage: StageOutline, drafts: DraftSection[]): VenueGeometry {
  const outlines = [stage.polygon, ...drafts.map((draft) => draft.polygon)].flat();
  const xs = outlines.filter((_, index) => index % 2 === 0);
  const ys = outlines.filter((_, index) => index % 2 === 1);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const offset: Point = [MAP_MARGIN_UNITS - minX, MAP_MARGIN_UNITS - minY];
  let firstSeat = 0;
  const sections = drafts.map((draft, id) => {
    const section = toSectionGeometry(draft, id, firstSeat, offset);
    firstSeat += section.seatCount;
    return section;
  });
  if (firstSeat !== options.seatCount) {
    throw new Error(`generated ${firstSeat} seats instead of ${options.seatCount}`);
  }
  return {
    id: options.id,
    name: options.name,
    width: Math.ceil(Math.max(...xs) - minX + 2 * MAP_MARGIN_UNITS),
    height: Math.ceil(Math.max(...ys) - minY + 2 * MAP_MARGIN_UNITS),
    stage: { polygon: shiftOutline(stage.polygon, offset), labelAt: shiftPoint(stage.labelAt, offset) },
    tiers: STADIUM_TIERS.map((tier) => ({ ...tier })),
    sections,
    seatCount: firstSeat,
  };
}

function toSectionGeometry(
  draft: DraftSection,
  id: number,
  firstSeat: number,
  offset: Point,
): SectionGeometry {
  const seats: SectionGeometry['seats'] = { x: [], y: [], number: [], tier: [], flags: [] };
  const rows = draft.rows.map((row) => {
    const rowGeometry = { label: row.label, firstSeat: firstSeat + seats.x.length, count: row.x.length };
    for (let seat = 0; seat < row.x.length; seat++) {
      seats.x.push(Math.round(((row.x[seat] ?? 0) + offset[0]) * SEAT_COORDINATE_SCALE));
      seats.y.push(Math.round(((row.y[seat] ?? 0) + offset[1]) * SEAT_COORDINATE_SCALE));
      seats.number.push(seat + 1);
      seats.tier.push(draft.tier);
      seats.flags.push(row.flags[seat] ?? 0);
    }
    return rowGeometry;
  });
  return {
    id,
    name: draft.name,
    kind: draft.kind,
    polygon: shiftOutline(draft.polygon, offset),
    labelAt: shiftPoint(draft.labelAt, offset),
    firstSeat,
    seatCount: seats.x.length,
    rows,
    seats,
  };
}

function shiftOutline(polygon: number[], offset: Point): number[] {
  return polygon.map((value, index) => roundOutline(value + (index % 2 === 0 ? offset[0] : offset[1])));
}

function shiftPoint([x, y]: Point, offset: Point): Point {
  return [roundOutline(x + offset[0]), roundOutline(y + offset[1])];
}

function roundOutline(value: number): number {
  return Math.round(value * OUTLINE_ROUNDING) / OUTLINE_ROUNDING;
}

function rectangle(left: number, top: number, right: number, bottom: number): number[] {
  return [left, top, right, top, right, bottom, left, bottom];
}

function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, part) => base + (part < total % parts ? 1 : 0));
}
