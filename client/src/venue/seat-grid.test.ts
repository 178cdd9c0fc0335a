import { describe, expect, it } from 'vitest';
import { SeatGrid } from './seat-grid';

// A 3 x 3 block of seats one unit apart, from (10, 20), plus a lone seat far away at (100, 50).
const xs = [10, 11, 12, 10, 11, 12, 10, 11, 12, 100];
const ys = [20, 20, 20, 21, 21, 21, 22, 22, 22, 50];
const grid = new SeatGrid(xs, ys, { cellSize: 2, hitRadius: 0.45 });

describe('SeatGrid', () => {
  it('hits the seat under the point, including off-centre within the radius', () => {
    expect(grid.seatAt(10, 20)).toBe(0);
    expect(grid.seatAt(11.3, 21.2)).toBe(4);
    expect(grid.seatAt(12, 22.44)).toBe(8);
    expect(grid.seatAt(100.2, 49.8)).toBe(9);
  });

  it('picks the nearest seat when two are within reach', () => {
    const wide = new SeatGrid(xs, ys, { cellSize: 2, hitRadius: 0.9 });
    expect(wide.seatAt(10.4, 20)).toBe(0);
    expect(wide.seatAt(10.6, 20)).toBe(1);
  });

  it('misses between seats and in empty space', () => {
    expect(grid.seatAt(10.5, 20)).toBe(-1);
    expect(grid.seatAt(10.5, 20.5)).toBe(-1);
    expect(grid.seatAt(50, 35)).toBe(-1);
  });

  it('finds seats across cell boundaries (the point in one cell, the seat in its neighbour)', () => {
    // Cells are 2 units from minX = 10: seat 2 at x = 12 starts a new cell column.
    expect(grid.seatAt(11.7, 20)).toBe(2);
    expect(grid.seatAt(12.3, 20)).toBe(2);
  });

  it('handles the edges: seats on the bounding box, points just outside it, and far outside', () => {
    expect(grid.seatAt(9.7, 19.7)).toBe(0);
    expect(grid.seatAt(100.4, 50)).toBe(9);
    expect(grid.seatAt(9.5, 20)).toBe(-1);
    expect(grid.seatAt(-1_000, -1_000)).toBe(-1);
    expect(grid.seatAt(1e9, 1e9)).toBe(-1);
    expect(grid.seatAt(Number.NaN, 20)).toBe(-1);
  });

  it('works with no seats and refuses a cell smaller than the hit radius', () => {
    expect(new SeatGrid([], [], { cellSize: 1, hitRadius: 0.5 }).seatAt(0, 0)).toBe(-1);
    expect(() => new SeatGrid(xs, ys, { cellSize: 0.2, hitRadius: 0.5 })).toThrow();
  });

  it('visits the seats near a point, and only those', () => {
    const near = (x: number, y: number, reach: number) => {
      const seats: number[] = [];
      grid.forEachNear(x, y, reach, (seat) => seats.push(seat));
      return seats.sort((a, b) => a - b);
    };
    expect(near(11, 21, 0.5)).toEqual([4]);
    expect(near(11, 21, 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(near(10, 20, 1)).toEqual([0, 1, 3, 4]);
    expect(near(100, 50, 0.1)).toEqual([9]);
    expect(near(50, 35, 3)).toEqual([]);
  });
});
