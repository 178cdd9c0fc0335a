/**
 * A uniform grid over seat coordinates, from a point to the seat under it. It replaces Konva's hit
 * graph, which would mean a second canvas and a pixel read per pointer move (docs: research section 3).
 * Built once per venue by a counting sort: `cellStart[c]..cellStart[c + 1]` indexes the seats of
 * cell c in `cellSeats`. A query looks at the point's cell and its neighbours only.
 */
export interface SeatGridOptions {
  /** Side of one cell, in the coordinates' units; at least `hitRadius`. */
  cellSize: number;
  /** How far from a seat's centre a point still hits it. */
  hitRadius: number;
}

export class SeatGrid {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellSize: number;
  private readonly hitRadius: number;
  private readonly cellStart: Int32Array;
  private readonly cellSeats: Int32Array;

  constructor(
    private readonly xs: ArrayLike<number>,
    private readonly ys: ArrayLike<number>,
    options: SeatGridOptions,
  ) {
    if (xs.length !== ys.length) throw new Error('SeatGrid: x and y columns differ in length');
    if (!(options.cellSize >= options.hitRadius && options.hitRadius > 0)) {
      throw new Error('SeatGrid: need cellSize >= hitRadius > 0');
    }
    this.cellSize = options.cellSize;
    this.hitRadius = options.hitRadius;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      const y = ys[i] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (xs.length === 0) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor((maxX - minX) / this.cellSize) + 1;
    this.rows = Math.floor((maxY - minY) / this.cellSize) + 1;

    const cellOf = new Int32Array(xs.length);
    this.cellStart = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < xs.length; i++) {
      const cell = this.cellIndex(xs[i] as number, ys[i] as number);
      cellOf[i] = cell;
      this.cellStart[cell + 1]! += 1;
    }
    for (let c = 0; c < this.cols * this.rows; c++) this.cellStart[c + 1]! += this.cellStart[c]!;
    const fill = this.cellStart.slice(0, -1);
    this.cellSeats = new Int32Array(xs.length);
    for (let i = 0; i < xs.length; i++) this.cellSeats[fill[cellOf[i]!]!++] = i;
  }

  /** The seat nearest to (x, y) within the hit radius, or -1. */
  seatAt(x: number, y: number): number {
    const radius = this.hitRadius;
    const col = Math.floor((x - this.minX) / this.cellSize);
    const row = Math.floor((y - this.minY) / this.cellSize);
    // Outside the grid by more than a cell: nothing can be within the radius.
    if (col < -1 || row < -1 || col > this.cols || row > this.rows) return -1;
    let best = -1;
    let bestDistance = radius * radius;
    for (let r = Math.max(0, row - 1); r <= Math.min(this.rows - 1, row + 1); r++) {
      for (let c = Math.max(0, col - 1); c <= Math.min(this.cols - 1, col + 1); c++) {
        const cell = r * this.cols + c;
        for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
          const seat = this.cellSeats[k]!;
          const dx = (this.xs[seat] as number) - x;
          const dy = (this.ys[seat] as number) - y;
          const distance = dx * dx + dy * dy;
          if (distance <= bestDistance) {
            bestDistance = distance;
            best = seat;
          }
        }
      }
    }
    return best;
  }

  /** Calls `visit` with every seat whose centre is within `reach` of (x, y) on both axes. */
  forEachNear(x: number, y: number, reach: number, visit: (seat: number) => void): void {
    const fromCol = Math.max(0, Math.floor((x - reach - this.minX) / this.cellSize));
    const toCol = Math.min(this.cols - 1, Math.floor((x + reach - this.minX) / this.cellSize));
    const fromRow = Math.max(0, Math.floor((y - reach - this.minY) / this.cellSize));
    const toRow = Math.min(this.rows - 1, Math.floor((y + reach - this.minY) / this.cellSize));
    for (let r = fromRow; r <= toRow; r++) {
      for (let c = fromCol; c <= toCol; c++) {
        const cell = r * this.cols + c;
        for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
          const seat = this.cellSeats[k]!;
          if (
            Math.abs((this.xs[seat] as number) - x) <= reach &&
            Math.abs((this.ys[seat] as number) - y) <= reach
          ) {
            visit(seat);
          }
        }
      }
    }
  }

  private cellIndex(x: number, y: number): number {
    const col = Math.floor((x - this.minX) / this.cellSize);
    const row = Math.floor((y - this.minY) / this.cellSize);
    return row * this.cols + col;
  }
}
