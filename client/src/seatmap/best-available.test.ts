import { describe, expect, it } from 'vitest';
import { SEAT_COORDINATE_SCALE, SEAT_FLAG, SEAT_STATUS, type VenueGeometry } from '../../../shared/venue';
import { buildVenueModel } from '../venue/venue-model';
import { findBestAvailable } from './best-available';

const { FREE, HELD, SOLD } = SEAT_STATUS;

/**
 * A section of `rows` rows of `perRow` seats, row r at y = 10 + r (the stage is at y = 0, x = 4.5,
 * so nearer rows and middle seats are better). Seat numbers run 1..perRow; tier by row.
 */
function venue(options: {
  rows: number;
  perRow: number;
  tierOfRow?: (row: number) => number;
  flags?: Record<number, number>;
}) {
  const { rows, perRow } = options;
  const count = rows * perRow;
  const seats = {
    x: [] as number[],
    y: [] as number[],
    number: [] as number[],
    tier: [] as number[],
    flags: [] as number[],
  };
  for (let seat = 0; seat < count; seat++) {
    const row = Math.floor(seat / perRow);
    seats.x.push((seat % perRow) * SEAT_COORDINATE_SCALE);
    seats.y.push((10 + row) * SEAT_COORDINATE_SCALE);
    seats.number.push((seat % perRow) + 1);
    seats.tier.push(options.tierOfRow?.(row) ?? 0);
    seats.flags.push(options.flags?.[seat] ?? 0);
  }
  const geometry: VenueGeometry = {
    id: 'v',
    name: 'Test venue',
    width: 100,
    height: 100,
    stage: { polygon: [0, 0, 9, 0, 9, 2, 0, 2], labelAt: [(perRow - 1) / 2, 0] },
    tiers: [
      { code: 'A', name: 'A', colour: '#f00' },
      { code: 'B', name: 'B', colour: '#0f0' },
    ],
    sections: [
      {
        id: 1,
        name: 'S1',
        kind: 'lower',
        polygon: [0, 0, 10, 0, 10, 10, 0, 10],
        labelAt: [5, 5],
        firstSeat: 0,
        seatCount: count,
        rows: Array.from({ length: rows }, (_, row) => ({
          label: String(row + 1),
          firstSeat: row * perRow,
          count: perRow,
        })),
        seats,
      },
    ],
    seatCount: count,
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

  it('does not join seats across a gap in numbering (an aisle)', () => {
    const model = venue({ rows: 1, perRow: 4 });
    (model.seatNumber as Uint16Array).set([1, 2, 5, 6]);
    const picked = findBestAvailable(model, statusesOf('....'), { count: 3, tiersOnSale: ALL_TIERS });
    expect(picked).toBeUndefined();
  });
});
