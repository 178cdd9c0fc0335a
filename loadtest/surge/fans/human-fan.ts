import { blocksInRow, findBestAvailable } from '../../../client/src/seatmap/best-available';
import { SEAT_STATUS } from '../../../shared/venue';
import type {
  Behaviour,
  CrowdSettings,
  FanPlan,
  PickContext,
  SaleInfo,
  ShowInfo,
  ThinkStep,
} from './behaviour';
import type { Random } from './random';

/**
 * A person with a phone: arrives on the arrival curve, wants one show or both, a group of 1 to 4 side
 * by side in a price tier they can afford, picks a section and a row on the map (or asks for best
 * available), tries elsewhere when a seat was just taken, settles for any tier once patience runs out,
 * and sometimes gives up. Pauses are a person's, scaled by --think-scale.
 */

const GROUP_SIZES = [
  [1, 0.2],
  [2, 0.45],
  [3, 0.15],
  [4, 0.2],
] as const;
const ABANDON_POINTS = [
  ['map', 0.5],
  ['hold-released', 0.2],
  ['hold-kept', 0.15],
  ['checkout', 0.15],
] as const;
/** A spike fan clicks "join" this long after T0 on average (exponential: most in the first seconds). */
const SPIKE_MEAN_MS = 1_500;
const SPIKE_MAX_MS = 10_000;
/** Pre-queue joins stop this long before T0 (the last ones still make the shuffle). */
const PREQUEUE_CLOSE_MS = 3_000;
/** Opening the page and signing in take this long before the fan can join. */
const PAGE_OPEN_MS: [number, number] = [500, 2_500];

const PAUSE_MS: Record<ThinkStep, [number, number]> = {
  browse: [3_000, 12_000],
  repick: [800, 3_000],
  checkout: [3_000, 10_000],
  'next-show': [1_000, 4_000],
  waitlist: [2_000, 20_000],
};

export const humanFan: Behaviour = {
  name: 'human',

  plan(_index: number, sale: SaleInfo, crowd: CrowdSettings, random: Random, signsIn: boolean): FanPlan {
    const wave = signsIn
      ? 'early'
      : random.weighted([
          ['prequeue', crowd.prequeueShare],
          ['spike', crowd.spikeShare],
          ['tail', Math.max(0, 1 - crowd.prequeueShare - crowd.spikeShare)],
        ] as const);
    const { connectAtMs, joinAtMs } = arrival(wave, crowd, random);
    const wanted = random.chance(crowd.bothShowsShare)
      ? shuffled(sale.shows, random)
      : [random.pick(sale.shows)];
    const limit = Math.min(...wanted.map((show) => show.seatLimitPerAccount));
    const first = wanted[0] as ShowInfo;
    return {
      behaviour: 'human',
      wave,
      connectAtMs,
      joinAtMs,
      waitsByPolling: random.chance(crowd.pollingShare),
      showIds: wanted.map((show) => show.id),
      groupSize: Math.min(limit, random.weighted(GROUP_SIZES)),
      tierCode: pickTier(first, random),
      bestAvailable: random.chance(crowd.bestAvailableShare),
      ...(random.chance(crowd.abandonShare) && { abandonAt: random.weighted(ABANDON_POINTS) }),
      paymentMethod: random.chance(0.6) ? 'card' : 'promptpay',
      staysWhenSoldOut: random.chance(0.5),
      patience: random.integer(3, 6),
    };
  },

  chooseSeats(context: PickContext): number[] | undefined {
    const { plan, show, attempt, lingering } = context;
    const anyTier = lingering || attempt > plan.patience;
    const tier = anyTier ? undefined : show.tiers.find((t) => t.code === plan.tierCode)?.index;
    // Someone who missed out takes fewer seats rather than none.
    const sizes = lingering
      ? [plan.groupSize, 2, 1].filter((n, i, all) => n <= plan.groupSize && all.indexOf(n) === i)
      : [plan.groupSize];
    for (const size of sizes) {
      const seats = plan.bestAvailable ? bestAvailable(context, size, tier) : pickOnMap(context, size, tier);
      if (seats) return seats;
    }
    return undefined;
  },

  thinkMs(step: ThinkStep, crowd: CrowdSettings, random: Random): number {
    const [min, max] = PAUSE_MS[step];
    return random.between(min, max) * crowd.thinkScale;
  },
};

function arrival(
  wave: FanPlan['wave'],
  crowd: CrowdSettings,
  random: Random,
): Pick<FanPlan, 'connectAtMs' | 'joinAtMs'> {
  const prequeueStart = -crowd.prequeueSeconds * 1000;
  const beforeT0 = () => random.between(prequeueStart, -PREQUEUE_CLOSE_MS);
  const pageOpen = () => random.between(...PAGE_OPEN_MS);
  switch (wave) {
    case 'early': {
      const joinAtMs = random.between(prequeueStart - crowd.earlySeconds * 1000, prequeueStart);
      return { joinAtMs, connectAtMs: joinAtMs - pageOpen() };
    }
    case 'prequeue': {
      const joinAtMs = beforeT0();
      return { joinAtMs, connectAtMs: joinAtMs - pageOpen() };
    }
    case 'spike': {
      const joinAtMs = Math.min(SPIKE_MAX_MS, -Math.log(1 - random.next()) * SPIKE_MEAN_MS);
      return { joinAtMs, connectAtMs: crowd.connectBeforeT0 ? beforeT0() : joinAtMs - pageOpen() };
    }
    case 'tail': {
      const joinAtMs = random.between(SPIKE_MAX_MS, Math.max(SPIKE_MAX_MS, crowd.tailSeconds * 1000));
      return { joinAtMs, connectAtMs: crowd.connectBeforeT0 ? beforeT0() : joinAtMs - pageOpen() };
    }
  }
}

/** Seats per tier index of each show's venue, counted once per show (fans plan by the thousand). */
const seatsPerTierOf = new WeakMap<ShowInfo, Map<number, number>>();

/** A tier chosen in proportion to its seats: demand spread like supply. */
function pickTier(show: ShowInfo, random: Random): string {
  let seatsPerTier = seatsPerTierOf.get(show);
  if (!seatsPerTier) {
    seatsPerTier = new Map<number, number>();
    for (const tier of show.venue.seatTier) seatsPerTier.set(tier, (seatsPerTier.get(tier) ?? 0) + 1);
    seatsPerTierOf.set(show, seatsPerTier);
  }
  const counts = seatsPerTier;
  return random.weighted(show.tiers.map((t) => [t.code, counts.get(t.index) ?? 0] as const));
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** What the fan's own map shows, with seats refused a moment ago counted as taken. */
function visibleStatuses(context: PickContext): Uint8Array {
  if (context.refused.size === 0) return context.statuses;
  const statuses = context.statuses.slice();
  for (const seat of context.refused) statuses[seat] = SEAT_STATUS.HELD;
  return statuses;
}

function bestAvailable(context: PickContext, count: number, tier: number | undefined): number[] | undefined {
  const tiersOnSale = new Set(context.show.tiers.map((t) => t.index));
  return findBestAvailable(context.show.venue, visibleStatuses(context), { count, tier, tiersOnSale });
}

/**
 * Picking by hand: the fan looks at the sections with enough free seats of the tier, tries one (the
 * nearer the stage, the likelier), a row at random in it, and a run of free seats side by side in
 * that row; then the others, nearest first. Stranded single seats are no concern of the fan's.
 */
function pickOnMap(context: PickContext, count: number, tier: number | undefined): number[] | undefined {
  const { venue } = context.show;
  const statuses = visibleStatuses(context);
  const sellable = (seat: number) =>
    statuses[seat] === SEAT_STATUS.FREE && (tier === undefined || venue.seatTier[seat] === tier);
  const adjacent = (a: number, b: number) =>
    Math.abs((venue.seatNumber[b] ?? 0) - (venue.seatNumber[a] ?? 0)) === 1;
  const sections = venue.geometry.sections
    .map((section) => {
      let free = 0;
      for (let seat = section.firstSeat; seat < section.firstSeat + section.seatCount; seat++)
        if (sellable(seat)) free++;
      return { section, free };
    })
    .filter(({ free }) => free >= count)
    .sort(
      (a, b) => distanceToStage(context, a.section.labelAt) - distanceToStage(context, b.section.labelAt),
    );
  // Nearer sections are likelier (weight 1 / rank), but every section with room gets fans: people
  // weigh price, view and friends, not only distance.
  const first =
    sections.length > 0
      ? context.random.weighted(sections.map((entry, rank) => [entry, 1 / (rank + 1)] as const))
      : undefined;
  const ordered = first ? [first, ...sections] : [];
  for (const { section } of ordered) {
    const rows = section.rows;
    const start = context.random.integer(0, Math.max(0, rows.length - 1));
    for (let i = 0; i < rows.length; i++) {
      const row = rows[(start + i) % rows.length];
      if (!row) continue;
      const runs = [...blocksInRow(row.firstSeat, row.count, count, sellable, adjacent, false)];
      if (runs.length === 0) continue;
      const first = context.random.pick(runs);
      return Array.from({ length: count }, (_, offset) => first + offset);
    }
  }
  return undefined;
}

function distanceToStage(context: PickContext, [x, y]: [number, number]): number {
  const [stageX, stageY] = context.show.venue.geometry.stage.labelAt;
  return Math.hypot(x - stageX, y - stageY);
}
