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
/** Seats are about one map unit apart; neighbours further apart than this have an aisle between. */
const MAX_NEIGHBOUR_GAP_UNITS = 1.6;
/** Added to a block's distance when it has a restricted view: any clear view ranks first. */
const RESTRICTED_VIEW_PENALTY = 1e6;

interface Candidate {
  first: number;
  /** Mean distance of the block's seats to the stage's centre (plus penalties): lower is better. */
  score: number;
}

/**
 * The best `count` free seats side by side in one row, or undefined when there are none.
 * "Best" is closest to the stage's centre (mean distance of the block; on a symmetric stand that
 * also centres it in its row), restricted views last unless their tier was asked for. A block never leaves a single
 * free seat stranded beside it (the orphan rule box offices apply), except that a fan asking for
 * one seat gets one of a pair when nothing else is left.
 */
export function findBestAvailable(
  model: VenueModel,
  statuses: Uint8Array,
  request: BestAvailableRequest,
): number[] | undefined {
  const { count } = request;
  if (!Number.isInteger(count) || count < 1) return undefined;
  const sellable = (seat: number) =>
    statuses[seat] === SEAT_STATUS.FREE &&
    ((model.seatFlags[seat] ?? 0) & KEPT_FOR_CHOOSING) === 0 &&
    request.tiersOnSale.has(model.seatTier[seat] ?? -1) &&
    (request.tier === undefined || model.seatTier[seat] === request.tier);
  const best =
    bestBlock(model, request, sellable, true) ??
    (count === 1 ? bestBlock(model, request, sellable, false) : undefined);
  return best && Array.from({ length: count }, (_, offset) => best.first + offset);
}

function bestBlock(
  model: VenueModel,
  request: BestAvailableRequest,
  sellable: (seat: number) => boolean,
  keepSingles: boolean,
): Candidate | undefined {
  const { count } = request;
  const [stageX, stageY] = model.geometry.stage.labelAt;
  const distance = (seat: number) =>
    Math.hypot((model.seatX[seat] ?? 0) - stageX, (model.seatY[seat] ?? 0) - stageY);
  const restricted = (seat: number) =>
    request.tier === undefined && ((model.seatFlags[seat] ?? 0) & SEAT_FLAG.RESTRICTED_VIEW) !== 0;
  const adjacent = (a: number, b: number) =>
    Math.abs((model.seatNumber[b] ?? 0) - (model.seatNumber[a] ?? 0)) === 1 &&
    Math.hypot(
      (model.seatX[b] ?? 0) - (model.seatX[a] ?? 0),
      (model.seatY[b] ?? 0) - (model.seatY[a] ?? 0),
    ) <= MAX_NEIGHBOUR_GAP_UNITS;

  let best: Candidate | undefined;
  for (const section of model.geometry.sections) {
    for (const row of section.rows) {
      const blocks = blocksInRow(row.firstSeat, row.count, count, sellable, adjacent, keepSingles);
      for (const first of blocks) {
        let total = 0;
        for (let seat = first; seat < first + count; seat++) {
          total += distance(seat) + (restricted(seat) ? RESTRICTED_VIEW_PENALTY : 0);
        }
        // Equal scores keep the first found, so the answer is the same every time.
        if (!best || total / count < best.score) best = { first, score: total / count };
      }
    }
  }
  return best;
}

/**
 * First seats of every run of `count` sellable, adjacent seats in a row; with `keepSingles`, only
 * those whose choice leaves no lone sellable seat at either side.
 */
export function* blocksInRow(
  rowFirst: number,
  rowCount: number,
  count: number,
  sellable: (seat: number) => boolean,
  adjacent: (a: number, b: number) => boolean,
  keepSingles: boolean,
): Generator<number> {
  const rowEnd = rowFirst + rowCount;
  const free = (seat: number) => seat >= rowFirst && seat < rowEnd && sellable(seat);
  // A free neighbour is stranded when the seat beyond it (in the same run) is not free.
  const strands = (neighbour: number, beyond: number, towards: number) =>
    free(neighbour) && adjacent(towards, neighbour) && !(free(beyond) && adjacent(neighbour, beyond));
  let runStart = rowFirst;
  for (let seat = rowFirst; seat < rowEnd; seat++) {
    if (!free(seat)) runStart = seat + 1;
    else if (seat > runStart && !adjacent(seat - 1, seat)) runStart = seat;
    const first = seat - count + 1;
    if (first < runStart) continue;
    if (keepSingles && (strands(first - 1, first - 2, first) || strands(seat + 1, seat + 2, seat))) continue;
    yield first;
  }
}
