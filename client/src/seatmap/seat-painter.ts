import { SEAT_FLAG, SEAT_STATUS, type SectionGeometry } from '../../../shared/venue';
import { SEAT_RADIUS_UNITS, type Bounds, type VenueModel } from '../venue/venue-model';
import { ROUND_SEATS_SCALE } from './viewport';

export const SEAT_COLOURS = {
  taken: '#cdd2da',
  notForSale: '#e7e9ee',
  selected: '#111827',
  mine: '#d6246e',
  centre: '#ffffff',
} as const;

export interface PaintInput {
  model: VenueModel;
  statuses: Uint8Array;
  selected: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  /** Fill per geometry tier when the show sells it, else undefined. */
  tierColours: readonly (string | undefined)[];
  /** Pixels per map unit: below ROUND_SEATS_SCALE seats are squares (same look, cheaper). */
  scale: number;
}

/** Per-draw scratch space: which colour bucket each seat of the section falls in. */
let bucketScratch = new Uint8Array(2048);
/** A bucket no colour has: the seat is not drawn. */
const OUT_OF_VIEW = 255;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Draws every seat of one section with one path and one fill per colour, whatever the number of
 * seats: the batching that makes 50,000 seats cheap (no Konva node per seat). `ctx` is already
 * transformed to map units: the section's cached bitmap (section-bitmaps.ts), or the map's canvas
 * when zoomed in too far for a bitmap, where `view` (map units) leaves out the seats out of sight.
 */
export function paintSectionSeats(
  ctx: Context2D,
  section: SectionGeometry,
  input: PaintInput,
  view?: Bounds,
): void {
  paintSeats(ctx, section.seatCount, (offset) => section.firstSeat + offset, input, view);
}

/** Draws these seats, batched by colour as paintSectionSeats does (a few changed seats of a bitmap). */
export function paintSomeSeats(ctx: Context2D, seats: readonly number[], input: PaintInput): void {
  paintSeats(ctx, seats.length, (index) => seats[index] as number, input);
}

function paintSeats(
  ctx: Context2D,
  count: number,
  seatOf: (index: number) => number,
  input: PaintInput,
  view?: Bounds,
): void {
  const { model, statuses, selected, mine, tierColours } = input;
  const tierCount = tierColours.length;
  // Buckets: one per tier (free seats), then taken, not for sale, selected, mine.
  const TAKEN = tierCount;
  const NOT_FOR_SALE = tierCount + 1;
  const SELECTED = tierCount + 2;
  const MINE = tierCount + 3;
  const colours = [
    ...tierColours.map((c) => c ?? SEAT_COLOURS.notForSale),
    SEAT_COLOURS.taken,
    SEAT_COLOURS.notForSale,
    SEAT_COLOURS.selected,
    SEAT_COLOURS.mine,
  ];
  if (bucketScratch.length < count) bucketScratch = new Uint8Array(count * 2);
  const used = new Uint8Array(colours.length);

  const margin = SEAT_RADIUS_UNITS * 1.5;
  for (let index = 0; index < count; index++) {
    const seat = seatOf(index);
    if (view) {
      const x = model.seatX[seat] ?? 0;
      const y = model.seatY[seat] ?? 0;
      if (
        x < view.minX - margin ||
        x > view.maxX + margin ||
        y < view.minY - margin ||
        y > view.maxY + margin
      ) {
        bucketScratch[index] = OUT_OF_VIEW;
        continue;
      }
    }
    const tier = model.seatTier[seat] ?? 0;
    let bucket: number;
    if (mine.has(seat)) bucket = MINE;
    else if (selected.has(seat)) bucket = SELECTED;
    else if (statuses[seat] !== SEAT_STATUS.FREE) bucket = TAKEN;
    else bucket = tierColours[tier] ? tier : NOT_FOR_SALE;
    bucketScratch[index] = bucket;
    used[bucket] = 1;
  }

  const round = input.scale >= ROUND_SEATS_SCALE;
  for (let bucket = 0; bucket < colours.length; bucket++) {
    if (!used[bucket]) continue;
    const radius = bucket >= SELECTED ? SEAT_RADIUS_UNITS * 1.2 : SEAT_RADIUS_UNITS;
    ctx.beginPath();
    for (let index = 0; index < count; index++) {
      if (bucketScratch[index] !== bucket) continue;
      const seat = seatOf(index);
      const accessible = ((model.seatFlags[seat] ?? 0) & SEAT_FLAG.ACCESSIBLE) !== 0;
      addSeat(ctx, model.seatX[seat] ?? 0, model.seatY[seat] ?? 0, radius, round && !accessible);
    }
    ctx.fillStyle = colours[bucket] as string;
    ctx.fill();
  }

  // Your seats carry a white centre too, so they differ by shape and not only by colour.
  if ((used[SELECTED] || used[MINE]) && round) {
    ctx.beginPath();
    for (let index = 0; index < count; index++) {
      const bucket = bucketScratch[index];
      if (bucket !== SELECTED && bucket !== MINE) continue;
      const seat = seatOf(index);
      addSeat(ctx, model.seatX[seat] ?? 0, model.seatY[seat] ?? 0, SEAT_RADIUS_UNITS * 0.4, true);
    }
    ctx.fillStyle = SEAT_COLOURS.centre;
    ctx.fill();
  }
}

function addSeat(ctx: Context2D, x: number, y: number, radius: number, round: boolean): void {
  if (round) {
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
  } else {
    ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
  }
}
