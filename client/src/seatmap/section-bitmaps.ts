import type { SectionGeometry } from '../../../shared/venue';
import { SEAT_RADIUS_UNITS, type Bounds, type VenueModel } from '../venue/venue-model';
import { paintSectionSeats, paintSomeSeats, type PaintInput } from './seat-painter';
import { ROUND_SEATS_SCALE } from './viewport';

/** Largest bitmap of one section; zoomed in further, its seats are drawn as vectors each frame. */
const MAX_SECTION_PIXELS = 1 << 20;
/** Bitmaps of sections out of view are dropped, least recently drawn first, beyond this in all. */
const BUDGET_PIXELS = 8 << 20;
/** Room around the seats' centres for the largest seat drawn (a selected one) and its edge. */
const SEAT_MARGIN_UNITS = SEAT_RADIUS_UNITS * 1.2 + 0.1;
/** More changed seats than this share of a section: paint it all again rather than seat by seat. */
const REPAINT_ALL_SHARE = 0.25;
/**
 * Whole sections painted in one frame stop after this long (at least one is painted): the others
 * show their previous bitmap, or nothing yet, and are painted in the next frames. Entering the
 * seat level or a new zoom step then takes a few frames instead of one long one.
 */
const PAINT_BUDGET_MS = 5;

/**
 * The bitmap scale for a view drawn at `devicePixelsPerUnit`: the next power of 2^(1/2) at or above
 * it. While zooming, a bitmap is reused (drawn at most 1.41 times smaller) until the scale leaves
 * its step; then the sections in view are painted again at the new step.
 */
export function bitmapScale(devicePixelsPerUnit: number): number {
  return 2 ** (Math.ceil(Math.log2(devicePixelsPerUnit) * 2 - 1e-9) / 2);
}

interface Bitmap {
  canvas: HTMLCanvasElement;
  /** Device pixels per map unit. */
  scale: number;
  round: boolean;
  /** The section's statuses when painted. */
  painted: Uint8Array;
  /** The status signal's version when last compared with `painted`. */
  checked: number;
  /** Selection, own seats or tier colours changed in the section since it was painted. */
  stale: boolean;
  /** Frame it was last drawn in. */
  drawnIn: number;
}

/**
 * The seats of each section painted once into an offscreen canvas at the current zoom step, and
 * drawn from there with one drawImage per section per frame: panning costs a few bitmap copies
 * instead of every seat in view. A section is painted again only when its seats changed (statuses
 * compared with the copy it was painted from, or the fan's selection and holds), or the zoom step
 * or seat shape changed.
 */
export class SectionBitmaps {
  private readonly bitmaps = new Map<number, Bitmap>();
  private readonly seatBounds = new Map<number, Bounds>();
  private pixels = 0;
  private frame = -1;
  private frameStartedAt = 0;
  private paintedThisFrame = 0;
  private morePending = false;
  private seen: Pick<PaintInput, 'selected' | 'mine' | 'tierColours'> | undefined;

  /** `drawAgain`: more sections are waiting to be painted; asked at most once per frame. */
  constructor(
    private readonly model: VenueModel,
    private readonly drawAgain: () => void = () => undefined,
  ) {}

  /** Where a section's seats are drawn, in map units (seat centres, plus room for the seats). */
  boundsOf(section: SectionGeometry): Bounds {
    let bounds = this.seatBounds.get(section.id);
    if (!bounds) {
      bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
      const { seatX, seatY } = this.model;
      for (let seat = section.firstSeat; seat < section.firstSeat + section.seatCount; seat++) {
        const x = seatX[seat] ?? 0;
        const y = seatY[seat] ?? 0;
        bounds.minX = Math.min(bounds.minX, x - SEAT_MARGIN_UNITS);
        bounds.maxX = Math.max(bounds.maxX, x + SEAT_MARGIN_UNITS);
        bounds.minY = Math.min(bounds.minY, y - SEAT_MARGIN_UNITS);
        bounds.maxY = Math.max(bounds.maxY, y + SEAT_MARGIN_UNITS);
      }
      if (section.seatCount === 0) bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
      this.seatBounds.set(section.id, bounds);
    }
    return bounds;
  }

  /**
   * Once per frame, before drawing: sections whose selected or own seats changed (or all, for new
   * tier colours) are painted again when next drawn.
   */
  private beginFrame(frame: number, input: PaintInput): void {
    this.frame = frame;
    this.frameStartedAt = performance.now();
    this.paintedThisFrame = 0;
    this.morePending = false;
    const seen = this.seen;
    this.seen = { selected: input.selected, mine: input.mine, tierColours: input.tierColours };
    if (!seen) return;
    if (seen.tierColours !== input.tierColours) {
      for (const bitmap of this.bitmaps.values()) bitmap.stale = true;
      return;
    }
    if (seen.selected !== input.selected) this.markChanged(seen.selected, input.selected);
    if (seen.mine !== input.mine) this.markChanged(seen.mine, input.mine);
  }

  /**
   * Draws the section's seats on `ctx` (transformed to map units) from its bitmap, painting it first
   * if needed. False when the section would need too large a bitmap at this scale: draw vectors.
   */
  draw(
    ctx: CanvasRenderingContext2D,
    section: SectionGeometry,
    input: PaintInput,
    devicePixelsPerUnit: number,
    frame: { id: number; statusVersion: number },
  ): boolean {
    if (frame.id !== this.frame) this.beginFrame(frame.id, input);
    const { statusVersion } = frame;
    const scale = bitmapScale(devicePixelsPerUnit);
    const bounds = this.boundsOf(section);
    const width = Math.ceil((bounds.maxX - bounds.minX) * scale);
    const height = Math.ceil((bounds.maxY - bounds.minY) * scale);
    if (width * height > MAX_SECTION_PIXELS || width === 0 || height === 0) return false;
    const round = input.scale >= ROUND_SEATS_SCALE;

    let bitmap = this.bitmaps.get(section.id);
    let repaint = !bitmap || bitmap.stale || bitmap.scale !== scale || bitmap.round !== round;
    if (bitmap && !repaint && bitmap.checked !== statusVersion) {
      bitmap.checked = statusVersion;
      const changed = changedSeats(bitmap.painted, input.statuses, section, REPAINT_ALL_SHARE);
      if (changed === undefined) repaint = bitmap.stale = true;
      else if (changed.length > 0) this.repaintSeats(bitmap, section, changed, input, bounds);
    }
    if (repaint && this.paintedThisFrame > 0 && performance.now() - this.frameStartedAt > PAINT_BUDGET_MS) {
      // Out of time this frame: show the bitmap as it is (another zoom step, or stale), or nothing.
      if (!this.morePending) {
        this.morePending = true;
        this.drawAgain();
      }
      if (!bitmap || bitmap.canvas.width === 0) return true;
      bitmap.drawnIn = this.frame;
      const old = bitmap.scale;
      ctx.drawImage(
        bitmap.canvas,
        bounds.minX,
        bounds.minY,
        bitmap.canvas.width / old,
        bitmap.canvas.height / old,
      );
      return true;
    }
    if (repaint) {
      bitmap = this.paint(section, bitmap, input, scale, round, width, height, bounds);
      this.paintedThisFrame++;
    }
    bitmap!.checked = statusVersion;
    bitmap!.drawnIn = this.frame;
    ctx.drawImage(bitmap!.canvas, bounds.minX, bounds.minY, width / scale, height / scale);
    return true;
  }

  /** Frees every bitmap. */
  dispose(): void {
    for (const bitmap of this.bitmaps.values()) release(bitmap.canvas);
    this.bitmaps.clear();
    this.pixels = 0;
  }

  private paint(
    section: SectionGeometry,
    existing: Bitmap | undefined,
    input: PaintInput,
    scale: number,
    round: boolean,
    width: number,
    height: number,
    bounds: Bounds,
  ): Bitmap {
    let bitmap = existing;
    if (!bitmap) {
      bitmap = {
        canvas: document.createElement('canvas'),
        scale,
        round,
        painted: new Uint8Array(section.seatCount),
        checked: -1,
        stale: false,
        drawnIn: 0,
      };
      this.bitmaps.set(section.id, bitmap);
    }
    bitmap.drawnIn = this.frame;
    const { canvas } = bitmap;
    if (canvas.width !== width || canvas.height !== height) {
      this.pixels += width * height - canvas.width * canvas.height;
      canvas.width = width;
      canvas.height = height;
      this.evict();
    }
    const context = canvas.getContext('2d');
    if (context) {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, width, height);
      context.setTransform(scale, 0, 0, scale, -bounds.minX * scale, -bounds.minY * scale);
      paintSectionSeats(context, section, input);
    }
    bitmap.painted.set(input.statuses.subarray(section.firstSeat, section.firstSeat + section.seatCount));
    bitmap.scale = scale;
    bitmap.round = round;
    bitmap.stale = false;
    return bitmap;
  }

  /**
   * Paints a few changed seats again in place: for each, clears a square just larger than the seat
   * (clipped to it) and paints the seats of the section that reach into it, the seat and its
   * neighbours' edges, so the result is what a full repaint would give.
   */
  private repaintSeats(
    bitmap: Bitmap,
    section: SectionGeometry,
    seats: readonly number[],
    input: PaintInput,
    bounds: Bounds,
  ): void {
    const context = bitmap.canvas.getContext('2d');
    if (!context) return;
    const { scale } = bitmap;
    const half = SEAT_RADIUS_UNITS * 1.2 + 1.5 / scale;
    const last = section.firstSeat + section.seatCount;
    context.setTransform(scale, 0, 0, scale, -bounds.minX * scale, -bounds.minY * scale);
    const around: number[] = [];
    for (const seat of seats) {
      const x = this.model.seatX[seat] ?? 0;
      const y = this.model.seatY[seat] ?? 0;
      context.save();
      context.beginPath();
      context.rect(x - half, y - half, 2 * half, 2 * half);
      context.clip();
      context.clearRect(x - half, y - half, 2 * half, 2 * half);
      around.length = 0;
      this.model.grid.forEachNear(x, y, 2 * half, (near) => {
        if (near >= section.firstSeat && near < last) around.push(near);
      });
      paintSomeSeats(context, around, input);
      context.restore();
      bitmap.painted[seat - section.firstSeat] = input.statuses[seat] ?? 0;
    }
  }

  /** Over budget: drops the bitmaps of sections not drawn this frame, least recently drawn first. */
  private evict(): void {
    if (this.pixels <= BUDGET_PIXELS) return;
    const idle = [...this.bitmaps].filter(([, bitmap]) => bitmap.drawnIn < this.frame);
    idle.sort(([, a], [, b]) => a.drawnIn - b.drawnIn);
    for (const [id, bitmap] of idle) {
      if (this.pixels <= BUDGET_PIXELS) break;
      this.pixels -= bitmap.canvas.width * bitmap.canvas.height;
      release(bitmap.canvas);
      this.bitmaps.delete(id);
    }
  }

  private markChanged(before: ReadonlySet<number>, after: ReadonlySet<number>): void {
    const mark = (seat: number) => {
      const bitmap = this.bitmaps.get(this.model.seatSection[seat] ?? -1);
      if (bitmap) bitmap.stale = true;
    };
    for (const seat of before) if (!after.has(seat)) mark(seat);
    for (const seat of after) if (!before.has(seat)) mark(seat);
  }
}

/** Seats whose status differs from the painted copy; undefined when more than `share` of them. */
function changedSeats(
  painted: Uint8Array,
  statuses: Uint8Array,
  section: SectionGeometry,
  share: number,
): number[] | undefined {
  const seats: number[] = [];
  const most = section.seatCount * share;
  for (let i = 0; i < painted.length; i++) {
    if (painted[i] === statuses[section.firstSeat + i]) continue;
    if (seats.length >= most) return undefined;
    seats.push(section.firstSeat + i);
  }
  return seats;
}

/** A canvas of no size gives its memory back at once (some browsers keep it until collected). */
function release(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
}
