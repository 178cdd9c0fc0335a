import { SEAT_FLAG, SEAT_STATUS } from '../../../shared/venue';
import type { VenueModel } from '../venue/venue-model';

export interface BestAvailableRequest {
  count: number;
  /** Index into geometry.tiers, or undefined for any tier on sale. */
  tier?: number;
  /** Tiers this show sells (a tier without a price is not on sale). */
  tiersOnSale: ReadonlySet<number>;
}

/** Wheelchair spaces and companion seats are chosen by the fans who need them, never for them. */
const KEPT_FOR_CHOOSING = SEAT_FLAG.ACCESSIBLE | SEAT_FLAG.COMPANION;

/**
 * The best `count` free seats side by side in one row, or undefined when there are none.
 * "Best" is closest to the stage's centre (mean distance of the block), then nearest the row's
 * middle. A block never leaves a single free seat stranded beside it: that seat would be
 * unsellable to anyone buying two or more (the orphan rule box offices apply).
 */
export function findBestAvailable(
  model: VenueModel,
  statuses: Uint8Array,
  request: BestAvailableRequest,
): number[] | undefined {
  const { count } = request;
  if (!Number.isInteger(count) || count < 1) return undefined;
  const [stageX, stageY] = model.geometry.stage.labelAt;
  const sellable = (seat: number) =>
    statuses[seat] === SEAT_STATUS.FREE &&
    ((model.seatFlags[seat] ?? 0) & KEPT_FOR_CHOOSING) === 0 &&
    request.tiersOnSale.has(model.seatTier[seat] ?? -1) &&
    (request.tier === undefined || model.seatTier[seat] === request.tier);
  const distance = (seat: number) =>
    Math.hypot((model.seatX[seat] ?? 0) - stageX, (model.seatY[seat] ?? 0) - stageY);

  let best: { first: number; score: number; offCentre: number } | undefined;
  for (const section of model.geometry.sections) {
    for (const row of section.rows) {
      for (const first of blocksWithoutOrphans(row.firstSeat, row.count, count, sellable, model.seatNumber)) {
        let total = 0;
        for (let seat = first; seat < first + count; seat++) total += distance(seat);
        const score = total / count;
        const offCentre = Math.abs(first - row.firstSeat + (count - row.count) / 2);
        if (
          !best ||
          score < best.score - 1e-9 ||
          (Math.abs(score - best.score) <= 1e-9 && offCentre < best.offCentre)
        ) {
          best = { first, score, offCentre };
        }
      }
    }
  }
  return best && Array.from({ length: count }, (_, offset) => best.first + offset);
}

/**
 * First seats of every run of `count` sellable, numbered-consecutively seats in a row whose
 * choice leaves no lone sellable seat at either side.
 */
export function* blocksWithoutOrphans(
  rowFirst: number,
  rowCount: number,
  count: number,
  sellable: (seat: number) => boolean,
  seatNumber: ArrayLike<number>,
): Generator<number> {
  const rowEnd = rowFirst + rowCount;
  const adjacent = (a: number, b: number) => Math.abs((seatNumber[b] ?? 0) - (seatNumber[a] ?? 0)) === 1;
  const free = (seat: number) => seat >= rowFirst && seat < rowEnd && sellable(seat);
  // A free neighbour is stranded when the seat beyond it (in the same run) is not free.
  const strands = (neighbour: number, beyond: number, towards: number) =>
    free(neighbour) && adjacent(towards, neighbour) && !(free(beyond) && adjacent(neighbour, beyond));
  let runStart = rowFirst;
  for (let seat = rowFirst; seat < rowEnd; seat++) {
    if (!free(seat) || (seat > runStart && !adjacent(seat - 1, seat)))
      runStart = free(seat) ? seat : seat + 1;
    const first = seat - count + 1;
    if (first < runStart) continue;
    const last = seat;
    if (strands(first - 1, first - 2, first) || strands(last + 1, last + 2, last)) continue;
    yield first;
  }
}
