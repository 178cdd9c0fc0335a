import { SEAT_FLAG, SEAT_STATUS, type SectionGeometry } from '../../../shared/venue';
import { SEAT_RADIUS_UNITS, type VenueModel } from '../venue/venue-model';
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

/**
 * Draws every seat of one section with one path and one fill per colour, whatever the number of
 * seats: the batching that makes 50,000 seats cheap (no Konva node per seat). Called from the
 * section's Konva sceneFunc with the native context, already transformed to map units.
 */
export function paintSectionSeats(
  ctx: CanvasRenderingContext2D,
  section: SectionGeometry,
  input: PaintInput,
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
  if (bucketScratch.length < section.seatCount) bucketScratch = new Uint8Array(section.seatCount * 2);
  const used = new Uint8Array(colours.length);

  for (let offset = 0; offset < section.seatCount; offset++) {
    const seat = section.firstSeat + offset;
    const tier = model.seatTier[seat] ?? 0;
    let bucket: number;
    if (mine.has(seat)) bucket = MINE;
    else if (selected.has(seat)) bucket = SELECTED;
    else if (statuses[seat] !== SEAT_STATUS.FREE) bucket = TAKEN;
    else bucket = tierColours[tier] ? tier : NOT_FOR_SALE;
    bucketScratch[offset] = bucket;
    used[bucket] = 1;
  }

  const round = input.scale >= ROUND_SEATS_SCALE;
  for (let bucket = 0; bucket < colours.length; bucket++) {
    if (!used[bucket]) continue;
    const radius = bucket >= SELECTED ? SEAT_RADIUS_UNITS * 1.2 : SEAT_RADIUS_UNITS;
    ctx.beginPath();
    for (let offset = 0; offset < section.seatCount; offset++) {
      if (bucketScratch[offset] !== bucket) continue;
      const seat = section.firstSeat + offset;
      const accessible = ((model.seatFlags[seat] ?? 0) & SEAT_FLAG.ACCESSIBLE) !== 0;
      addSeat(ctx, model.seatX[seat] ?? 0, model.seatY[seat] ?? 0, radius, round && !accessible);
    }
    ctx.fillStyle = colours[bucket] as string;
    ctx.fill();
  }

  // Your seats carry a white centre too, so they differ by shape and not only by colour.
  if ((used[SELECTED] || used[MINE]) && round) {
    ctx.beginPath();
    for (let offset = 0; offset < section.seatCount; offset++) {
      const bucket = bucketScratch[offset];
      if (bucket !== SELECTED && bucket !== MINE) continue;
      const seat = section.firstSeat + offset;
      addSeat(ctx, model.seatX[seat] ?? 0, model.seatY[seat] ?? 0, SEAT_RADIUS_UNITS * 0.4, true);
    }
    ctx.fillStyle = SEAT_COLOURS.centre;
    ctx.fill();
  }
}

function addSeat(ctx: CanvasRenderingContext2D, x: number, y: number, radius: number, round: boolean): void {
  if (round) {
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
  } else {
    ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
  }
}
