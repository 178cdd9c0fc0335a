import { describe, expect, it } from 'vitest';

import type { SectionGeometry, VenueGeometry } from '../../shared/venue';
import { SEAT_COORDINATE_SCALE, SEAT_FLAG } from '../../shared/venue';
import { DEFAULT_STADIUM_OPTIONS, STADIUM_TIER, generateStadium } from './generate-stadium';

const MIN_SEAT_SPACING_UNITS = 0.8;
const DEGREES = 180 / Math.PI;

const stadium = generateStadium();
const smallVenue = generateStadium({ seatCount: 500 });
const venues: [string, VenueGeometry, number][] = [
  ['default', stadium, 50_000],
  ['2,000 seats', generateStadium({ seatCount: 2_000 }), 2_000],
  ['500 seats', smallVenue, 500],
];

interface Seat {
  index: number;
  section: SectionGeometry;
  local: number;
  /** Map units. */
  x: number;
  y: number;
  flags: number;
  tier: number;
}

function seatsOf(venue: VenueGeometry): Seat[] {
  return venue.sections.flatMap((section) =>
    section.seats.x.map((x, local) => ({
      index: section.firstSeat + local,
      section,
      local,
      x: x / SEAT_COORDINATE_SCALE,
      y: (section.seats.y[local] ?? NaN) / SEAT_COORDINATE_SCALE,
      flags: section.seats.flags[local] ?? 0,
      tier: section.seats.tier[local] ?? -1,
    })),
  );
}

/** Even-odd ray casting over a flat [x0, y0, x1, y1, ...] outline. */
function insidePolygon(polygon: number[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 2; i < polygon.length; j = i, i += 2) {
    const [xi, yi, xj, yj] = [polygon[i] ?? 0, polygon[i + 1] ?? 0, polygon[j] ?? 0, polygon[j + 1] ?? 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Smallest distance between any two seats, found with a grid hash of cell size `cellSize`. */
function closestPairDistance(seats: Seat[], cellSize: number): number {
  const grid = new Map<string, Seat[]>();
  for (const seat of seats) {
    const key = `${Math.floor(seat.x / cellSize)},${Math.floor(seat.y / cellSize)}`;
    const cell = grid.get(key);
    if (cell) cell.push(seat);
    else grid.set(key, [seat]);
  }
  let closest = Infinity;
  for (const seat of seats) {
    const [column, row] = [Math.floor(seat.x / cellSize), Math.floor(seat.y / cellSize)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const other of grid.get(`${column + dx},${row + dy}`) ?? []) {
          if (other.index > seat.index)
            closest = Math.min(closest, Math.hypot(other.x - seat.x, other.y - seat.y));
        }
      }
    }
  }
  return closest;
}

/** The field centre: halfway across the lower ring, level with its widest point. */
function bowlCentre(seats: Seat[]): [number, number] {
  const lower = seats.filter((seat) => seat.section.kind === 'lower');
  const widest = lower.reduce((best, seat) => (seat.x > best.x ? seat : best));
  return [(Math.min(...lower.map((seat) => seat.x)) + widest.x) / 2, widest.y];
}

function rowOfSeat(section: SectionGeometry, local: number): number {
  return section.rows.findIndex(
    (row) =>
      local >= row.firstSeat - section.firstSeat && local < row.firstSeat - section.firstSeat + row.count,
  );
}

describe.each(venues)('generateStadium: %s', (_, venue, expectedSeatCount) => {
  const seats = seatsOf(venue);

  it('has exactly the requested number of seats', () => {
    expect(venue.seatCount).toBe(expectedSeatCount);
    expect(seats).toHaveLength(expectedSeatCount);
  });

  it('gives each section a contiguous seat range, together covering 0..n-1 exactly once', () => {
    let nextSeat = 0;
    venue.sections.forEach((section, index) => {
      expect(section.id).toBe(index);
      expect(section.firstSeat).toBe(nextSeat);
      expect(section.seatCount).toBeGreaterThan(0);
      for (const column of Object.values(section.seats)) expect(column).toHaveLength(section.seatCount);
      nextSeat += section.seatCount;
    });
    expect(nextSeat).toBe(venue.seatCount);
    expect(seats.map((seat) => seat.index)).toEqual(Array.from({ length: venue.seatCount }, (_, i) => i));
  });

  it('describes each section as consecutive rows numbered 1..n, covering its seats', () => {
    for (const section of venue.sections) {
      let nextSeat = section.firstSeat;
      for (const row of section.rows) {
        expect(row.firstSeat).toBe(nextSeat);
        expect(row.count).toBeGreaterThan(0);
        const local = row.firstSeat - section.firstSeat;
        const numbers = section.seats.number.slice(local, local + row.count);
        expect(numbers).toEqual(Array.from({ length: row.count }, (_, i) => i + 1));
        nextSeat += row.count;
      }
      expect(nextSeat).toBe(section.firstSeat + section.seatCount);
      expect(new Set(section.rows.map((row) => row.label)).size).toBe(section.rows.length);
    }
  });

  it('names sections uniquely and sorts them floor, lower, upper', () => {
    const names = venue.sections.map((section) => section.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name.length > 0 && name.length <= 6)).toBe(true);
    const kinds = venue.sections.map((section) => section.kind);
    expect(kinds).toEqual(
      [...kinds].sort(
        (a, b) => ['floor', 'lower', 'upper'].indexOf(a) - ['floor', 'lower', 'upper'].indexOf(b),
      ),
    );
  });

  it('puts every seat and label inside its section outline, and every outline inside the map', () => {
    const outside = seats.filter((seat) => !insidePolygon(seat.section.polygon, seat.x, seat.y));
    expect(outside.map((seat) => `${seat.section.name}#${seat.local}`)).toEqual([]);
    for (const section of venue.sections) {
      expect(insidePolygon(section.polygon, ...section.labelAt)).toBe(true);
      expect(section.polygon.length).toBeGreaterThanOrEqual(8);
    }
    const outlines = [venue.stage.polygon, ...venue.sections.map((section) => section.polygon)].flat();
    const [xs, ys] = [outlines.filter((_, i) => i % 2 === 0), outlines.filter((_, i) => i % 2 === 1)];
    expect(Math.min(...xs, ...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(venue.width);
    expect(Math.max(...ys)).toBeLessThanOrEqual(venue.height);
    expect(insidePolygon(venue.stage.polygon, ...venue.stage.labelAt)).toBe(true);
  });

  it('stores seat coordinates as integers and keeps seats from overlapping anywhere in the venue', () => {
    for (const section of venue.sections) {
      expect([...section.seats.x, ...section.seats.y].every(Number.isInteger)).toBe(true);
    }
    expect(closestPairDistance(seats, MIN_SEAT_SPACING_UNITS)).toBeGreaterThanOrEqual(MIN_SEAT_SPACING_UNITS);
    expect(seats.some((seat) => insidePolygon(venue.stage.polygon, seat.x, seat.y))).toBe(false);
  });

  it('leaves no stands behind the stage: a gap of 60 to 90 degrees', () => {
    const [centreX, centreY] = bowlCentre(seats);
    const stands = seats.filter((seat) => seat.section.kind !== 'floor');
    const offUp = stands.map((seat) => Math.abs(Math.atan2(seat.x - centreX, centreY - seat.y)) * DEGREES);
    const halfGap = Math.min(...offUp);
    expect(halfGap).toBeGreaterThan(30);
    expect(halfGap).toBeLessThan(45);
    expect(Math.abs(venue.stage.labelAt[0] - centreX)).toBeLessThan(1);
  });

  it('uses tiers that exist, floor blocks VIP at the front and restricted view exactly where flagged', () => {
    expect(venue.tiers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(venue.tiers.map((tier) => tier.colour)).size).toBe(venue.tiers.length);
    expect(
      seats.every((seat) => Number.isInteger(seat.tier) && seat.tier >= 0 && seat.tier < venue.tiers.length),
    ).toBe(true);
    const floor = venue.sections.filter((section) => section.kind === 'floor');
    expect(floor.map((section) => section.seats.tier[0])).toEqual([0, 0, 0, 1, 1, 1]);
    const mismatched = seats.filter(
      (seat) =>
        ((seat.flags & SEAT_FLAG.RESTRICTED_VIEW) !== 0) !== (seat.tier === STADIUM_TIER.RESTRICTED_VIEW),
    );
    expect(mismatched.map((seat) => seat.index)).toEqual([]);
    for (const kind of ['lower', 'upper'] as const) {
      const ring = venue.sections.filter((section) => section.kind === kind);
      const restrictedSections = ring.filter(
        (section) => section.seats.tier[0] === STADIUM_TIER.RESTRICTED_VIEW,
      );
      expect(restrictedSections).toEqual([ring[0], ring[ring.length - 1]]);
    }
  });

  it('flags exactly the first and last seat of each row as aisle seats', () => {
    for (const section of venue.sections) {
      for (const row of section.rows) {
        const local = row.firstSeat - section.firstSeat;
        const aisle = section.seats.flags
          .slice(local, local + row.count)
          .map((flags) => (flags & SEAT_FLAG.AISLE) !== 0);
        expect(aisle).toEqual(aisle.map((_, seat) => seat === 0 || seat === row.count - 1));
      }
    }
  });

  it('pairs each wheelchair position with the companion seat beside it, in back rows', () => {
    const accessible = seats.filter((seat) => seat.flags & SEAT_FLAG.ACCESSIBLE);
    const companions = seats.filter((seat) => seat.flags & SEAT_FLAG.COMPANION);
    expect(accessible.length).toBeGreaterThanOrEqual(2);
    expect(companions).toHaveLength(accessible.length);
    for (const seat of accessible) {
      const companion = seats[seat.index + 1];
      expect(companion && companion.flags & SEAT_FLAG.COMPANION).toBeTruthy();
      expect(companion?.section).toBe(seat.section);
      expect(rowOfSeat(seat.section, seat.local)).toBe(rowOfSeat(seat.section, seat.local + 1));
      expect(seat.flags & (SEAT_FLAG.COMPANION | SEAT_FLAG.RESTRICTED_VIEW)).toBe(0);
      const rowsFromBack = seat.section.rows.length - 1 - rowOfSeat(seat.section, seat.local);
      expect(
        seat.section.kind === 'floor'
          ? rowsFromBack === 0
          : seat.section.kind === 'lower' && rowsFromBack < 3,
      ).toBe(true);
    }
    expect(new Set(accessible.map((seat) => seat.section.kind))).toEqual(new Set(['floor', 'lower']));
  });
});

describe('generateStadium: the default 50,000-seat venue', () => {
  const seats = seatsOf(stadium);
  const countBy = <T>(values: T[]) =>
    values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map<T, number>());

  it('has six floor blocks, 24 lower and 30 upper sections', () => {
    expect(Object.fromEntries(countBy(stadium.sections.map((section) => section.kind)))).toEqual({
      floor: 6,
      lower: 24,
      upper: 30,
    });
    expect(stadium.sections.slice(0, 6).map((section) => section.name)).toEqual([
      'FL-A',
      'FL-B',
      'FL-C',
      'FL-D',
      'FL-E',
      'FL-F',
    ]);
    expect(stadium.id).toBe(DEFAULT_STADIUM_OPTIONS.id);
    expect(Math.max(stadium.width, stadium.height)).toBeLessThanOrEqual(1000);
  });

  it('uses all six tiers, and the floor and lower ring take roughly their shares', () => {
    const tierCounts = countBy(seats.map((seat) => seat.tier));
    expect([...tierCounts.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const kindCounts = countBy(seats.map((seat) => seat.section.kind));
    expect(kindCounts.get('floor')).toBe(6_000);
    expect(kindCounts.get('lower')).toBe(22_000);
    expect(tierCounts.get(STADIUM_TIER.RESTRICTED_VIEW)).toBeLessThan(0.1 * seats.length);
  });

  it('flags roughly 0.5 to 1 per cent of seats as wheelchair positions or companions', () => {
    const flagged = seats.filter((seat) => seat.flags & (SEAT_FLAG.ACCESSIBLE | SEAT_FLAG.COMPANION)).length;
    expect(flagged / seats.length).toBeGreaterThanOrEqual(0.005);
    expect(flagged / seats.length).toBeLessThanOrEqual(0.01);
  });

  it('curves stand rows outwards: row 1 nearest the field, later rows longer', () => {
    const [centreX, centreY] = bowlCentre(seats);
    const fromCentre = (x: number, y: number) => Math.hypot(x - centreX, y - centreY);
    const seatAt = (section: SectionGeometry, local: number) => seats[section.firstSeat + local] ?? seats[0]!;
    for (const section of stadium.sections.filter((s) => s.kind !== 'floor')) {
      const rowDistances = section.rows.map((row) => {
        const [start, end] = [
          row.firstSeat - section.firstSeat,
          row.firstSeat - section.firstSeat + row.count - 1,
        ];
        const [first, last] = [seatAt(section, start), seatAt(section, end)];
        const [middleLeft, middleRight] = [
          seatAt(section, (start + end) >> 1),
          seatAt(section, (start + end + 1) >> 1),
        ];
        const middle = { x: (middleLeft.x + middleRight.x) / 2, y: (middleLeft.y + middleRight.y) / 2 };
        // On a row curving round the field the middle bulges out past the line between the row's ends.
        const bulge =
          fromCentre(middle.x, middle.y) - fromCentre((first.x + last.x) / 2, (first.y + last.y) / 2);
        expect(bulge).toBeGreaterThan(row.count >= 20 ? 0.1 : 0);
        return fromCentre(middle.x, middle.y);
      });
      expect(rowDistances).toEqual([...rowDistances].sort((a, b) => a - b));
      expect(section.rows[section.rows.length - 1]!.count).toBeGreaterThan(section.rows[0]!.count);
    }
  });

  it('puts the VIP floor nearer the stage than the rest of the floor, and the lower ring nearer than the upper', () => {
    const [stageX, stageY] = stadium.stage.labelAt;
    const meanDistance = (filter: (seat: Seat) => boolean) => {
      const chosen = seats.filter(filter);
      return (
        chosen.reduce((sum, seat) => sum + Math.hypot(seat.x - stageX, seat.y - stageY), 0) / chosen.length
      );
    };
    expect(meanDistance((seat) => seat.tier === STADIUM_TIER.VIP)).toBeLessThan(
      meanDistance((seat) => seat.tier === STADIUM_TIER.FLOOR),
    );
    expect(meanDistance((seat) => seat.section.kind === 'lower')).toBeLessThan(
      meanDistance((seat) => seat.section.kind === 'upper'),
    );
  });
});

describe('generateStadium options', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(generateStadium())).toBe(JSON.stringify(stadium));
    expect(generateStadium({ seatCount: 500 })).toEqual(smallVenue);
  });

  it('hits other seat counts exactly', () => {
    for (const seatCount of [100, 777, 12_345, 50_001]) {
      expect(generateStadium({ seatCount }).seatCount).toBe(seatCount);
      expect(seatsOf(generateStadium({ seatCount })).length).toBe(seatCount);
    }
  });

  it('takes id, name and section counts from options', () => {
    const venue = generateStadium({
      id: 'test',
      name: 'Test Arena',
      seatCount: 2_000,
      lowerSectionCount: 4,
      upperSectionCount: 5,
    });
    expect([venue.id, venue.name]).toEqual(['test', 'Test Arena']);
    expect(venue.sections.filter((section) => section.kind === 'lower')).toHaveLength(4);
    expect(venue.sections.filter((section) => section.kind === 'upper')).toHaveLength(5);
  });

  it('rejects options it cannot honour', () => {
    for (const options of [
      { seatCount: 99 },
      { seatCount: 1_000.5 },
      { floorShare: 0.6, lowerShare: 0.5 },
      { stageGapDegrees: 200 },
    ]) {
      expect(() => generateStadium(options)).toThrow(RangeError);
    }
    expect(() => generateStadium({ seatCount: 500, lowerSectionCount: 200 })).toThrow(RangeError);
  });
});
