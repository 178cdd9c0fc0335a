import { describe, expect, it } from 'vitest';
import { SEAT_COORDINATE_SCALE, SEAT_FLAG, SEAT_STATUS, type VenueGeometry } from '../../../shared/venue';
import { buildVenueModel } from '../venue/venue-model';
import { findBestAvailable } from './best-available';

const { FREE, HELD, SOLD } = SEAT_STATUS;

interface VenueOptions {
  rows: number;
  perRow: number;
  tierOfRow?: (row: number) => number;
  flags?: Record<number, number>;
  /** Map x of the nth seat of a row (default n: one unit apart, no aisle). */
  xOf?: (n: number) => number;
  /** Seat number of the nth seat of a row (default n + 1). */
  numberOf?: (n: number) => number;
  /** A second section of the same shape, `offset` units further from the stage. */
  secondSectionOffset?: number;
}

/**
 * Sections of `rows` rows of `perRow` seats; row r at y = 10 + r. The stage's centre is above the
 * middle of the rows, so nearer rows and middle seats are better.
 */
function venue(options: VenueOptions) {
  const { rows, perRow } = options;
  const xOf = options.xOf ?? ((n: number) => n);
  const numberOf = options.numberOf ?? ((n: number) => n + 1);
  const perSection = rows * perRow;
  const section = (id: number, firstSeat: number, yOffset: number) => {
    const seats = {
      x: [] as number[],
      y: [] as number[],
      number: [] as number[],
      tier: [] as number[],
      flags: [] as number[],
    };
    for (let offset = 0; offset < perSection; offset++) {
      const row = Math.floor(offset / perRow);
      const n = offset % perRow;
      seats.x.push(xOf(n) * SEAT_COORDINATE_SCALE);
      seats.y.push((10 + yOffset + row) * SEAT_COORDINATE_SCALE);
      seats.number.push(numberOf(n));
      seats.tier.push(options.tierOfRow?.(row) ?? 0);
      seats.flags.push(options.flags?.[firstSeat + offset] ?? 0);
    }
    return {
      id,
      name: `S${id}`,
      kind: 'lower' as const,
      polygon: [0, 0, 10, 0, 10, 10, 0, 10],
      labelAt: [5, 5] as [number, number],
      firstSeat,
      seatCount: perSection,
      rows: Array.from({ length: rows }, (_, row) => ({
        label: String(row + 1),
        firstSeat: firstSeat + row * perRow,
        count: perRow,
      })),
      seats,
    };
  };
  // The second section is listed first, so that winning by distance is not winning by order.
  const sections =
    options.secondSectionOffset === undefined
      ? [section(1, 0, 0)]
      : [section(2, perSection, options.secondSectionOffset), section(1, 0, 0)];
  const geometry: VenueGeometry = {
    id: 'v',
    name: 'Test venue',
    width: 100,
    height: 100,
    stage: { polygon: [0, 0, 9, 0, 9, 2, 0, 2], labelAt: [(xOf(0) + xOf(perRow - 1)) / 2, 0] },
    tiers: [
      { code: 'A', name: 'A', colour: '#f00' },
      { code: 'B', name: 'B', colour: '#0f0' },
    ],
    sections,
    seatCount: sections.length * perSection,
  };
  return buildVenueModel(geometry);
}

const ALL_TIERS = new Set([0, 1]);
/** Row statuses from a picture: "." free, "x" taken. */
const statusesOf = (...rows: string[]) =>
  Uint8Array.from(rows.join('').split(''), (mark) => (mark === '.' ? FREE : mark === 's' ? SOLD : HELD));

describe('findBestAvailable', () => {
  it('picks adjacent seats in the row nearest the stage, centred', () => {
    const model = venue({ rows: 3, perRow: 10 });
    const statuses = statusesOf('..........', '..........', '..........');
    expect(findBestAvailable(model, statuses, { count: 2, tiersOnSale: ALL_TIERS })).toEqual([4, 5]);
    expect(findBestAvailable(model, statuses, { count: 4, tiersOnSale: ALL_TIERS })).toEqual([3, 4, 5, 6]);
  });

  it('never leaves a single free seat stranded beside the block', () => {
    const model = venue({ rows: 2, perRow: 10 });
    // Front row: a gap of exactly three free seats (3..5). Two of them would strand the third.
    const statuses = statusesOf('xxx...xxxx', '..........');
    const picked = findBestAvailable(model, statuses, { count: 2, tiersOnSale: ALL_TIERS });
    expect(picked).toEqual([14, 15]);
    // Three fit the gap exactly, with nothing stranded.
    expect(findBestAvailable(model, statuses, { count: 3, tiersOnSale: ALL_TIERS })).toEqual([3, 4, 5]);
  });

  it('takes a seat at a row end or next to a taken seat without stranding one', () => {
    const model = venue({ rows: 1, perRow: 6 });
    // Free: 0,1 | taken 2 | free 3,4,5. Two seats: 0-1 fills its gap; 3-4 would strand 5, 4-5 strands 3.
    expect(findBestAvailable(model, statusesOf('..x...'), { count: 2, tiersOnSale: ALL_TIERS })).toEqual([
      0, 1,
    ]);
    // One seat may be any free seat: a single never strands another single by itself... unless it
    // splits a pair. Free 3,4,5: taking 4 strands 3 and 5; taking 3 leaves 4-5 together.
    const one = findBestAvailable(model, statusesOf('xxx...'), { count: 1, tiersOnSale: ALL_TIERS });
    expect([3, 5]).toContain(one?.[0]);
  });

  it('answers undefined when no block fits, and for a count below one', () => {
    const model = venue({ rows: 2, perRow: 5 });
    expect(
      findBestAvailable(model, statusesOf('x.x.x', '.x.x.'), { count: 2, tiersOnSale: ALL_TIERS }),
    ).toBeUndefined();
    expect(
      findBestAvailable(model, statusesOf('.....', '.....'), { count: 6, tiersOnSale: ALL_TIERS }),
    ).toBeUndefined();
    expect(
      findBestAvailable(model, statusesOf('.....', '.....'), { count: 0, tiersOnSale: ALL_TIERS }),
    ).toBeUndefined();
  });

  it('keeps to the asked tier and to tiers on sale', () => {
    const model = venue({ rows: 3, perRow: 4, tierOfRow: (row) => (row === 0 ? 0 : 1) });
    const statuses = statusesOf('....', '....', '....');
    // In a row of four, the middle pair would strand both ends: an end pair is taken instead.
    expect(findBestAvailable(model, statuses, { count: 2, tier: 1, tiersOnSale: ALL_TIERS })).toEqual([4, 5]);
    expect(findBestAvailable(model, statuses, { count: 2, tiersOnSale: new Set([1]) })).toEqual([4, 5]);
    expect(
      findBestAvailable(model, statuses, { count: 2, tier: 0, tiersOnSale: new Set([1]) }),
    ).toBeUndefined();
  });

  it('leaves wheelchair spaces and companion seats for the fans who choose them', () => {
    const model = venue({ rows: 2, perRow: 4, flags: { 1: SEAT_FLAG.ACCESSIBLE, 2: SEAT_FLAG.COMPANION } });
    const picked = findBestAvailable(model, statusesOf('....', '....'), { count: 2, tiersOnSale: ALL_TIERS });
    expect(picked).toEqual([4, 5]);
  });

  it('does not join seats across an aisle: a jump in numbering or in space', () => {
    // Numbers restart after an aisle: 1 2 | 1 2 3 (seats also a step apart).
    const restarting = venue({
      rows: 1,
      perRow: 5,
      numberOf: (n) => (n < 2 ? n + 1 : n - 1),
      xOf: (n) => (n < 2 ? n : n + 2),
    });
    expect(findBestAvailable(restarting, statusesOf('.....'), { count: 3, tiersOnSale: ALL_TIERS })).toEqual([
      2, 3, 4,
    ]);
    // Numbers run on across a wide aisle: 1 2 3 | 4 5 (three units apart).
    const runningOn = venue({ rows: 1, perRow: 5, xOf: (n) => (n < 3 ? n : n + 2) });
    expect(
      findBestAvailable(runningOn, statusesOf('.....'), { count: 4, tiersOnSale: ALL_TIERS }),
    ).toBeUndefined();
    // A lone seat across the aisle is not stranded by taking the three on this side.
    const loneAcross = venue({ rows: 1, perRow: 4, xOf: (n) => (n < 3 ? n : n + 2) });
    expect(findBestAvailable(loneAcross, statusesOf('....'), { count: 3, tiersOnSale: ALL_TIERS })).toEqual([
      0, 1, 2,
    ]);
  });

  it('ranks blocks across sections by distance to the stage', () => {
    const model = venue({ rows: 1, perRow: 4, secondSectionOffset: 5 });
    // Seats 0-3: the near section, listed second; seats 4-7: the far one, listed first.
    const picked = findBestAvailable(model, statusesOf('....', '....'), { count: 2, tiersOnSale: ALL_TIERS });
    expect(picked).toEqual([0, 1]);
    expect(
      findBestAvailable(model, statusesOf('xxxx', '....'), { count: 2, tiersOnSale: ALL_TIERS }),
    ).toEqual([4, 5]);
  });

  it('puts restricted views last for "any area", but gives them when their tier is asked for', () => {
    const model = venue({
      rows: 2,
      perRow: 4,
      tierOfRow: (row) => row,
      flags: { 0: SEAT_FLAG.RESTRICTED_VIEW, 1: SEAT_FLAG.RESTRICTED_VIEW },
    });
    const statuses = statusesOf('....', '....');
    expect(findBestAvailable(model, statuses, { count: 2, tiersOnSale: ALL_TIERS })).toEqual([2, 3]);
    expect(
      findBestAvailable(model, statusesOf('..xx', '....'), { count: 2, tiersOnSale: ALL_TIERS }),
    ).toEqual([4, 5]);
    expect(
      findBestAvailable(model, statusesOf('..xx', '....'), { count: 2, tier: 0, tiersOnSale: ALL_TIERS }),
    ).toEqual([0, 1]);
  });

  it('gives one seat of a pair to a fan asking for one, when no seat stands alone', () => {
    const model = venue({ rows: 1, perRow: 4 });
    expect(findBestAvailable(model, statusesOf('x..x'), { count: 1, tiersOnSale: ALL_TIERS })).toHaveLength(
      1,
    );
    // Two seats out of three always strand the third: none.
    expect(
      findBestAvailable(model, statusesOf('x...'), { count: 2, tiersOnSale: ALL_TIERS }),
    ).toBeUndefined();
  });
});
