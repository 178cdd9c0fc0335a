/**
 * Stand rings of a generated stadium: rows are concentric ellipses one row pitch apart around the field,
 * and sections are bounded by rays from the field centre, cut so that each section has the same length
 * along the ring's first row. Seats sit at a fixed pitch along each row, so rows get longer with
 * distance. Coordinates are map units around the field centre, y growing away from the stage.
 */
import type { SectionKind } from '../../shared/venue';
import { SEAT_FLAG } from '../../shared/venue';

export const SEAT_PITCH_UNITS = 1;
const STAND_ROW_PITCH_UNITS = 1.5;
/** Seat centres keep at least this arc distance from a section boundary, leaving a 2-unit aisle. */
const STAND_AISLE_HALF_WIDTH_UNITS = 1;
const MIN_SEATS_IN_FIRST_ROW = 2;
const MAX_RING_ROWS = 400;
const ARC_TABLE_STEPS = 2048;
const POLYGON_STEP_RADIANS = Math.PI / 90;
/** Section outlines stop short of the boundary line so neighbouring outlines do not touch. */
const POLYGON_INSET_UNITS = 0.4;

export type Point = [number, number];

/** One row of seats before seat indexes are assigned and coordinates moved onto the map. */
export interface DraftRow {
  label: string;
  x: number[];
  y: number[];
  flags: number[];
}

/** A section before seat indexes are assigned; the floor and both rings produce these. */
export interface DraftSection {
  name: string;
  kind: SectionKind;
  polygon: number[];
  labelAt: Point;
  tier: number;
  rows: DraftRow[];
}

/** Semi-axes of an ellipse around the field centre: a across, b along the stage axis. */
export interface Ellipse {
  a: number;
  b: number;
}

/** Angles in radians around the field centre, clockwise on screen (y down) from the +x axis. */
export interface AngularSpan {
  start: number;
  end: number;
}

export interface RingSpec {
  prefix: string;
  kind: SectionKind;
  inner: Ellipse;
  seatTarget: number;
  sectionCount: number;
  span: AngularSpan;
  /** Edge sections beside the gap are restricted-view; the caller prices them. */
  tierOf: (labelAt: Point, restrictedView: boolean) => number;
}

/** The stands run clockwise from the right edge of the gap behind the stage (straight up) to its left. */
export function stadiumSpan(stageGapDegrees: number): AngularSpan {
  const gap = (stageGapDegrees * Math.PI) / 180;
  const start = -Math.PI / 2 + gap / 2;
  return { start, end: start + 2 * Math.PI - gap };
}

function ellipsePoint(ellipse: Ellipse, angle: number): Point {
  const radius = ellipseRadius(ellipse, angle);
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

function ellipseRadius({ a, b }: Ellipse, angle: number): number {
  // Math.sqrt rather than Math.hypot: this runs a few hundred thousand times and hypot is far slower.
  const [bCos, aSin] = [b * Math.cos(angle), a * Math.sin(angle)];
  return (a * b) / Math.sqrt(bCos * bCos + aSin * aSin);
}

export function grow(ellipse: Ellipse, by: number): Ellipse {
  return { a: ellipse.a + by, b: ellipse.b + by };
}

/** Cumulative length along an ellipse over an angular span, to place seats at equal spacing along it. */
class EllipseArc {
  private readonly lengths = new Float64Array(ARC_TABLE_STEPS + 1);
  private readonly stepRadians: number;

  constructor(
    readonly ellipse: Ellipse,
    private readonly span: AngularSpan,
  ) {
    this.stepRadians = (span.end - span.start) / ARC_TABLE_STEPS;
    let [previousX, previousY] = ellipsePoint(ellipse, span.start);
    for (let step = 1; step <= ARC_TABLE_STEPS; step++) {
      const angle = span.start + step * this.stepRadians;
      const radius = ellipseRadius(ellipse, angle);
      const [x, y] = [radius * Math.cos(angle), radius * Math.sin(angle)];
      const chord = Math.sqrt((x - previousX) ** 2 + (y - previousY) ** 2);
      this.lengths[step] = this.lengthAtStep(step - 1) + chord;
      previousX = x;
      previousY = y;
    }
  }

  get total(): number {
    return this.lengthAtStep(ARC_TABLE_STEPS);
  }

  lengthAt(angle: number): number {
    const position = (angle - this.span.start) / this.stepRadians;
    const step = Math.min(ARC_TABLE_STEPS - 1, Math.max(0, Math.floor(position)));
    const before = this.lengthAtStep(step);
    return before + (position - step) * (this.lengthAtStep(step + 1) - before);
  }

  angleAt(length: number): number {
    let low = 0;
    let high = ARC_TABLE_STEPS;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (this.lengthAtStep(middle) <= length) low = middle;
      else high = middle;
    }
    const before = this.lengthAtStep(low);
    const fraction = (length - before) / (this.lengthAtStep(high) - before);
    return this.span.start + (low + fraction) * this.stepRadians;
  }

  private lengthAtStep(step: number): number {
    return this.lengths[step] ?? 0;
  }
}

export function buildRing(spec: RingSpec): { sections: DraftSection[]; outer: Ellipse } {
  const rowEllipse = (row: number): Ellipse => grow(spec.inner, (row + 0.5) * STAND_ROW_PITCH_UNITS);
  const sectionSpans = equalLengthSpans(new EllipseArc(rowEllipse(0), spec.span), spec.sectionCount);
  const arcs: EllipseArc[] = [];
  const counts: number[][] = [];
  let seats = 0;
  while (seats < spec.seatTarget) {
    if (arcs.length === MAX_RING_ROWS) throw new RangeError(`the ${spec.kind} ring needs too many rows`);
    const arc = new EllipseArc(rowEllipse(arcs.length), spec.span);
    const rowCounts = sectionSpans.map(({ start, end }) =>
      seatsFitting(arc.lengthAt(end) - arc.lengthAt(start)),
    );
    if (arcs.length === 0 && Math.min(...rowCounts) < MIN_SEATS_IN_FIRST_ROW) {
      throw new RangeError(`too many ${spec.kind} sections for this seat count`);
    }
    arcs.push(arc);
    counts.push(rowCounts);
    seats += rowCounts.reduce((sum, count) => sum + count, 0);
  }
  trimExcess(counts, seats - spec.seatTarget);

  const outer = grow(spec.inner, arcs.length * STAND_ROW_PITCH_UNITS);
  const sections = sectionSpans.map((sectionSpan, index): DraftSection => {
    // The sections at either edge of the gap see the stage from the side.
    const restricted = index === 0 || index === sectionSpans.length - 1;
    const extraFlags = restricted ? SEAT_FLAG.RESTRICTED_VIEW : 0;
    const rows = arcs.map((arc, row) =>
      standRow(arc, sectionSpan, counts[row]?.[index] ?? 0, row, extraFlags),
    );
    const labelAt = ellipsePoint(grow(spec.inner, (outer.a - spec.inner.a) / 2), midAngle(sectionSpan));
    return {
      name: `${spec.prefix}${index + 1}`,
      kind: spec.kind,
      polygon: annularSector(spec.inner, outer, sectionSpan),
      labelAt,
      tier: spec.tierOf(labelAt, restricted),
      rows,
    };
  });
  return { sections, outer };
}

function equalLengthSpans(arc: EllipseArc, count: number): AngularSpan[] {
  return Array.from({ length: count }, (_, index) => ({
    start: arc.angleAt((arc.total * index) / count),
    end: arc.angleAt((arc.total * (index + 1)) / count),
  }));
}

function midAngle(span: AngularSpan): number {
  return (span.start + span.end) / 2;
}

function seatsFitting(arcLength: number): number {
  const usable = arcLength - 2 * STAND_AISLE_HALF_WIDTH_UNITS;
  return usable < 0 ? 0 : Math.floor(usable / SEAT_PITCH_UNITS) + 1;
}

/** Removes the surplus of the last row one seat per row and section, back rows first, never emptying a row. */
function trimExcess(counts: number[][], excess: number): void {
  let remaining = excess;
  const backFirst = [...counts].reverse();
  while (remaining > 0) {
    const before = remaining;
    for (const row of backFirst) {
      row.forEach((count, section) => {
        if (remaining > 0 && count > 1) {
          row[section] = count - 1;
          remaining--;
        }
      });
    }
    if (remaining === before) throw new RangeError('the ring is too small for its seat target');
  }
}

/** Seats centred along one row of one section, numbered clockwise. */
function standRow(arc: EllipseArc, span: AngularSpan, count: number, row: number, flags: number): DraftRow {
  const startLength = arc.lengthAt(span.start);
  const slack = arc.lengthAt(span.end) - startLength - (count - 1) * SEAT_PITCH_UNITS;
  const xs: number[] = [];
  const ys: number[] = [];
  // Plain loops: this places every stand seat, and per-seat closures and tuples showed up in profiles.
  for (let seat = 0; seat < count; seat++) {
    const angle = arc.angleAt(startLength + slack / 2 + seat * SEAT_PITCH_UNITS);
    const radius = ellipseRadius(arc.ellipse, angle);
    xs.push(radius * Math.cos(angle));
    ys.push(radius * Math.sin(angle));
  }
  return draftRow(String(row + 1), xs, ys, flags);
}

function annularSector(inner: Ellipse, outer: Ellipse, span: AngularSpan): number[] {
  // Inset by a fixed length at the outer edge; seats are further than that from the boundary ray.
  const start = span.start + POLYGON_INSET_UNITS / ellipseRadius(outer, span.start);
  const end = span.end - POLYGON_INSET_UNITS / ellipseRadius(outer, span.end);
  const steps = Math.max(4, Math.ceil((end - start) / POLYGON_STEP_RADIANS));
  const angles = Array.from({ length: steps + 1 }, (_, step) => start + ((end - start) * step) / steps);
  const outerArc = angles.map((angle) => ellipsePoint(outer, angle));
  const innerArc = angles.reverse().map((angle) => ellipsePoint(inner, angle));
  return [...outerArc, ...innerArc].flat();
}

export function draftRow(label: string, x: number[], y: number[], extraFlags: number): DraftRow {
  const last = x.length - 1;
  const flags = x.map((_, seat) => extraFlags | (seat === 0 || seat === last ? SEAT_FLAG.AISLE : 0));
  return { label, x, y, flags };
}
