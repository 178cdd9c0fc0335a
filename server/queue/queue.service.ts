import type { Redis } from 'ioredis';
import { parseSeedHex, queuePermutation, type QueuePermutation } from '../../shared/queue-permutation';
import type {
  AdmissionView,
  QueueCursor,
  QueueEntryView,
  QueuePhase,
  QueueStanding,
  QueueStatsView,
} from '../../shared/protocol/views';
import type { SaleInfo, SaleLookup, ShowLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';
import type { InventoryService } from '../inventory/inventory.service';
import type { RedisKeys } from '../redis/keys';
import { governedRate, nextHealthShare, type GovernorSettings } from './admission-governor';
import type { AdmissionTokens } from './admission-tokens';
import { acceptedQueueReply, queueScripts, QueueScriptCode } from './queue-scripts';

/** Places looked at in one admission step, at most. */
const MAX_CANDIDATES_PER_STEP = 5_000;
const TOUCH_BATCH = 1_000;

/** What is left of a sale to sell (the cursor's soldOut and allSold). [Q8] */
export interface SaleStock {
  soldOut: boolean;
  allSold: boolean;
}

interface QueueMeta extends SaleStock {
  phase: QueuePhase;
  frozenSize: number;
  seed: string | null;
  nextArrival: number;
  cursor: number;
  paused: boolean;
  activeCap: number;
  admitRatePerSecond: number;
  admittedTotal: number;
  noShows: number;
  /** The share of the rate admitted now, set by the governor from the nodes' health. [Q17] */
  healthShare: number;
}

const META_FIELDS = [
  'phase',
  'soldOut',
  'allSold',
  'frozenSize',
  'seed',
  'nextArrival',
  'cursor',
  'paused',
  'cap',
  'ratePerSecond',
  'admittedTotal',
  'noShows',
  'healthShare',
] as const;

export interface QueueSettings {
  /** After a paid order, how long the shopper keeps the slot to buy the sale's other shows. [Q14] */
  afterPurchaseMs: number;
  /** A shopper seen since admission, then not for this long, gives the slot back. [Q14] */
  shopperIdleMs: number;
}

export interface AdmitStep {
  admitted: number;
  noShows: number;
  cursor: number;
  /** Shoppers whose slots were given back because they went away. */
  idleReleased: number;
  /** Who was admitted in this step, in place order. */
  admittedAccounts: string[];
}

/**
 * The waiting room of each sale (docs/queue-spec.md): joining, places, the shuffle, admission
 * steps, admission tokens and slots. All state is in Redis, changed by atomic scripts.
 */
export class QueueService {
  private readonly permutations = new Map<string, QueuePermutation>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** Sales and their shows' layouts (the catalogue). */
    private readonly catalogue: SaleLookup & ShowLookup,
    private readonly inventory: InventoryService,
    private readonly tokens: AdmissionTokens,
    private readonly settings: QueueSettings = { afterPurchaseMs: 2 * 60_000, shopperIdleMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sets up the sale's queue in Redis if missing. Times follow the catalogue (PostgreSQL); cap and
   * rate are taken from it only once, since staff change them live in Redis. [Q12]
   */
  async ensure(sale: SaleInfo): Promise<void> {
    const keys = this.keys.sale(sale.id);
    const initial = {
      phase: 'prequeue',
      soldOut: 0,
      allSold: 0,
      nextArrival: 0,
      cursor: 0,
      paused: 0,
      admittedTotal: 0,
      noShows: 0,
      allowance: 0,
      allowanceAt: this.now(),
      cap: sale.activeCap,
      ratePerSecond: sale.admitRatePerSecond,
    };
    const multi = this.redis.multi();
    for (const [field, value] of Object.entries(initial)) multi.hsetnx(keys.meta, field, value);
    multi.hset(keys.meta, {
      opensAt: sale.prequeueOpensAt.getTime(),
      startsAt: sale.startsAt.getTime(),
      closesAt: sale.closesAt.getTime(),
      windowMs: sale.shoppingWindowMs,
      graceMs: sale.graceMs,
    });
    await multi.exec();
  }

  /** [Q1-Q4] */
  async join(accountId: string, saleId: string): Promise<QueueEntryView> {
    const sale = this.saleOf(saleId);
    await this.refuseIfAtLimit(accountId, sale);
    const keys = this.keys.sale(saleId);
    const runJoin = () =>
      queueScripts.run(
        this.redis,
        'join',
        [keys.meta, keys.arrivals, keys.seen],
        [accountId, this.now(), ...META_FIELDS],
      );
    let reply = await runJoin();
    if (reply[0] === QueueScriptCode.QUEUE_NOT_READY) {
      // A node that just started, before the pacer's first step: set the queue up here.
      await this.ensure(sale);
      reply = await runJoin();
    }
    const [, arrival, , ...metaValues] = acceptedQueueReply(reply);
    return this.entryView(sale, accountId, arrival, metaFrom(metaValues));
  }

  async entry(accountId: string, saleId: string): Promise<QueueEntryView> {
    const sale = this.saleOf(saleId);
    const arrival = await this.redis.zscore(this.keys.sale(saleId).arrivals, accountId);
    if (arrival === null) throw new AppError('NOT_IN_QUEUE');
    await this.touch(saleId, [accountId]);
    return this.entryView(sale, accountId, Number(arrival));
  }

  /**
   * Leaving, for good: a shopper's slot frees; a waiting fan's place will be passed, whatever their
   * other tabs do. [Q14]
   */
  async leave(accountId: string, saleId: string): Promise<void> {
    this.saleOf(saleId);
    const keys = this.keys.sale(saleId);
    await queueScripts.run(
      this.redis,
      'leave',
      [keys.arrivals, keys.active, keys.admitted, keys.seen],
      [accountId, this.now()],
    );
  }

  /** An admitted fan's token for the shopping window. [Q13] */
  async enter(accountId: string, saleId: string): Promise<AdmissionView> {
    this.saleOf(saleId);
    const windowEndsAt = await this.activeUntil(accountId, saleId);
    if (windowEndsAt === undefined) {
      const admitted = await this.redis.hexists(this.keys.sale(saleId).admitted, accountId);
      throw new AppError(admitted ? 'ADMISSION_EXPIRED' : 'NOT_ADMITTED');
    }
    await this.touch(saleId, [accountId]);
    const token = await this.tokens.issue({ accountId, saleId, expiresAt: windowEndsAt });
    return { saleId, token, expiresAt: windowEndsAt };
  }

  /** A token got earlier, checked against the account, the sale and the shopper's live slot. */
  async admissionFromToken(accountId: string, saleId: string, token: string): Promise<AdmissionView> {
    this.saleOf(saleId);
    const admission = await this.tokens.verify(token, accountId, saleId);
    await this.requireActive(accountId, saleId);
    return { saleId, token, expiresAt: admission.expiresAt };
  }

  /**
   * An HTTP command's admission: the token, checked for the account and the show's sale, then the
   * shopper's live slot. Returns when the window ends. [Q13]
   */
  async requireTokenAdmission(accountId: string, showId: string, saleId: string, token: string) {
    const { expiresAt } = await this.tokens.verify(token, accountId, saleId);
    return this.requireAdmission(accountId, showId, expiresAt);
  }

  /**
   * Whether a fan may use a show's seat map, hold and check out: shows sold through a waiting room
   * need an admission whose shopper is still active. Returns when that shopper's window ends
   * (undefined for a show without a waiting room). [Q13]
   */
  async requireAdmission(
    accountId: string,
    showId: string,
    windowEndsAt: number | undefined,
  ): Promise<number | undefined> {
    const saleId = this.catalogue.layout(showId)?.show.saleId;
    if (saleId === undefined) return undefined;
    if (windowEndsAt === undefined) throw new AppError('ADMISSION_REQUIRED', { saleId });
    if (windowEndsAt <= this.now()) throw new AppError('ADMISSION_EXPIRED');
    return this.requireActive(accountId, saleId);
  }

  /** The sale a show is sold through, if it has a waiting room. */
  saleOfShow(showId: string): string | undefined {
    return this.catalogue.layout(showId)?.show.saleId;
  }

  /**
   * The shopper bought. Once they own their limit in every show of the sale there is nothing left
   * for them to buy, and their slot frees for the next fan at once; otherwise they keep it a short
   * while (QUEUE_AFTER_PURCHASE_MS) to buy another show, not the rest of their window. [Q14]
   */
  async shopperDone(accountId: string, showId: string): Promise<void> {
    const saleId = this.saleOfShow(showId);
    if (saleId === undefined) return;
    const keys = this.keys.sale(saleId);
    if (await this.atLimitEverywhere(accountId, this.saleOf(saleId))) {
      await queueScripts.run(this.redis, 'release', [keys.active, keys.admitted], [accountId, this.now()]);
      return;
    }
    // XX: only a shopper still active; LT: a window already shorter stays as it is.
    await this.redis.zadd(keys.active, 'XX', 'LT', this.now() + this.settings.afterPurchaseMs, accountId);
  }

  /**
   * Notes, for the cursor and the pacer, what is left of the sale: soldOut while no show has a free
   * seat (admission waits: a turn given now would be spent on a full map), allSold while none has a
   * seat in a basket either (nothing comes back but what staff put on sale). A show whose inventory
   * is being rebuilt counts as having seats. Admission resumes, as after a pause, with an empty
   * bucket. [Q8]
   */
  async noteSoldOut(sale: SaleInfo): Promise<SaleStock> {
    const unknown = { free: Number.POSITIVE_INFINITY, holds: Number.POSITIVE_INFINITY };
    const shows = await Promise.all(
      sale.showIds.map((showId) => this.inventory.seatsLeft(showId).catch(() => unknown)),
    );
    const soldOut = shows.length > 0 && shows.every((show) => show.free === 0);
    const allSold = soldOut && shows.every((show) => show.holds === 0);
    await this.redis.hset(this.keys.sale(sale.id).meta, {
      soldOut: soldOut ? 1 : 0,
      allSold: allSold ? 1 : 0,
      ...(soldOut && { allowance: 0, allowanceAt: this.now() }),
    });
    return { soldOut, allSold };
  }

  /** Marks fans present (their sockets are connected, or they asked). [Q10] */
  async touch(saleId: string, accountIds: readonly string[]): Promise<void> {
    const key = this.keys.sale(saleId).seen;
    const now = this.now();
    for (let i = 0; i < accountIds.length; i += TOUCH_BATCH) {
      const batch = accountIds.slice(i, i + TOUCH_BATCH).flatMap((accountId) => [now, accountId]);
      await this.redis.zadd(key, ...batch);
    }
  }

  /**
   * The shuffle, once T0 has come: one atomic write, admitting `startShare` of the rate from then on
   * (the governor's least: it grows the share as the nodes keep up). Returns whether the queue is
   * live. [Q5, Q6, Q17]
   */
  async freezeIfDue(
    sale: SaleInfo,
    seedHex: () => Promise<string | undefined>,
    startShare = 1,
  ): Promise<boolean> {
    const meta = await this.meta(sale.id);
    if (meta.phase === 'live') return true;
    if (this.now() < sale.startsAt.getTime()) return false;
    const seed = await seedHex();
    if (!seed) throw new Error(`sale ${sale.id} has no seed`);
    await queueScripts.run(
      this.redis,
      'freeze',
      [this.keys.sale(sale.id).meta],
      [seed, this.now(), startShare],
    );
    return true;
  }

  /**
   * One admission step: the fans at the places after the cursor, handed to the atomic admit
   * script, which admits, passes no-shows and moves the cursor. [Q11, Q12]
   */
  async admitStep(saleId: string): Promise<AdmitStep> {
    const meta = await this.meta(saleId);
    const nothingAdmitted = {
      admitted: 0,
      noShows: 0,
      cursor: meta.cursor,
      idleReleased: 0,
      admittedAccounts: [],
    };
    // Paused by staff, or no seat free: nobody spends their one turn on a full map. [Q8, Q12]
    if (meta.phase !== 'live' || meta.paused || meta.soldOut) return nothingAdmitted;
    const lastPlace = Math.min(meta.nextArrival, meta.cursor + this.candidatesPerStep(meta));
    const places = Array.from(
      { length: Math.max(0, lastPlace - meta.cursor) },
      (_, i) => meta.cursor + 1 + i,
    );
    const accounts = await Promise.all(places.map((place) => this.accountAt(saleId, meta, place)));
    const candidates = places.flatMap((place, i) => [place, accounts[i] ?? '']);
    const keys = this.keys.sale(saleId);
    const reply = await queueScripts.run(
      this.redis,
      'admit',
      [keys.meta, keys.active, keys.admitted, keys.seen],
      [this.now(), this.settings.shopperIdleMs, ...candidates],
    );
    // The queue's meta was removed since it was read: nobody admitted, as when paused.
    if (reply[0] !== QueueScriptCode.OK) return nothingAdmitted;
    const [, admitted, cursor, , noShows, idleReleased, ...admittedAccounts] = reply;
    return { admitted, noShows, cursor, idleReleased, admittedAccounts };
  }

  async cursor(saleId: string): Promise<QueueCursor> {
    const sale = this.saleOf(saleId);
    return this.cursorView(sale, await this.meta(saleId));
  }

  async stats(saleId: string): Promise<QueueStatsView> {
    this.saleOf(saleId);
    const meta = await this.meta(saleId);
    const keys = this.keys.sale(saleId);
    await this.redis.zremrangebyscore(keys.active, '-inf', this.now());
    const activeShoppers = await this.redis.zcard(keys.active);
    const waiting = Math.max(0, meta.nextArrival - meta.cursor);
    return {
      saleId,
      phase: meta.phase,
      paused: meta.paused,
      joined: meta.nextArrival,
      nowServing: meta.cursor,
      waiting,
      admittedTotal: meta.admittedTotal,
      activeShoppers,
      noShows: meta.noShows,
      activeCap: meta.activeCap,
      admitRatePerSecond: meta.admitRatePerSecond,
      healthShare: meta.healthShare,
      etaSeconds: Math.ceil(waiting / governedRate(meta.admitRatePerSecond, meta.healthShare)),
      soldOut: meta.soldOut,
      allSold: meta.allSold,
    };
  }

  /**
   * The governor's step: the share of the rate admitted from now on, from the slowest serving
   * node's event-loop delay. Kept in the sale's meta, so a new pacer carries on from it. [Q17]
   */
  async governAdmission(
    saleId: string,
    worstLagMs: number,
    settings: GovernorSettings,
  ): Promise<{ from: number; to: number }> {
    const { healthShare } = await this.meta(saleId);
    const share = nextHealthShare(healthShare, worstLagMs, settings);
    if (share !== healthShare) await this.redis.hset(this.keys.sale(saleId).meta, 'healthShare', share);
    return { from: healthShare, to: share };
  }

  /** Staff: pause, resume, change cap and rate while the sale runs. [Q12, Q15] */
  async changeSettings(
    saleId: string,
    change: { activeCap?: number; admitRatePerSecond?: number; paused?: boolean },
  ) {
    this.saleOf(saleId);
    const fields = {
      ...(change.activeCap !== undefined && { cap: change.activeCap }),
      ...(change.admitRatePerSecond !== undefined && { ratePerSecond: change.admitRatePerSecond }),
      ...(change.paused !== undefined && { paused: change.paused ? 1 : 0 }),
      // Resuming starts the admission bucket empty: nothing saved up while paused, no burst. [Q11]
      ...(change.paused === false && { allowance: 0, allowanceAt: this.now() }),
    };
    if (Object.keys(fields).length === 0) return;
    await this.redis.hset(this.keys.sale(saleId).meta, fields);
  }

  /** The published seed and frozen size once shuffled, for the verifier. */
  async shuffle(saleId: string): Promise<{ seed: string; size: number } | undefined> {
    const meta = await this.meta(saleId);
    return meta.phase === 'live' && meta.seed ? { seed: meta.seed, size: meta.frozenSize } : undefined;
  }

  private async refuseIfAtLimit(accountId: string, sale: SaleInfo): Promise<void> {
    if (await this.atLimitEverywhere(accountId, sale)) throw new AppError('LIMIT_EXCEEDED');
  }

  /** Whether the account holds or owns its limit of seats in every show of the sale. [Q2] */
  private async atLimitEverywhere(accountId: string, sale: SaleInfo): Promise<boolean> {
    if (sale.showIds.length === 0) return false;
    const owned = await Promise.all(
      sale.showIds.map((showId) => this.inventory.seatsOwned(showId, accountId)),
    );
    return sale.showIds.every(
      (showId, i) => (owned[i] ?? 0) >= (this.catalogue.layout(showId)?.seatLimitPerAccount ?? 0),
    );
  }

  private async entryView(
    sale: SaleInfo,
    accountId: string,
    arrival: number,
    knownMeta?: QueueMeta,
  ): Promise<QueueEntryView> {
    const meta = knownMeta ?? (await this.meta(sale.id));
    const entry = { saleId: sale.id, arrival, cursor: this.cursorView(sale, meta) };
    const place = this.placeOf(sale.id, meta, arrival);
    // Before the shuffle no one has a place or an admission: nothing more to read (the T0 rush).
    if (place === null) return { ...entry, place, standing: 'prequeue', windowEndsAt: null };
    const [admittedEntry, activeUntil] = await Promise.all([
      this.redis.hget(this.keys.sale(sale.id).admitted, accountId),
      this.activeUntil(accountId, sale.id),
    ]);
    let standing: QueueStanding;
    if (activeUntil !== undefined) standing = 'admitted';
    else if (admittedEntry !== null) standing = 'done';
    else standing = place <= meta.cursor ? 'missed' : 'waiting';
    return { ...entry, place, standing, windowEndsAt: activeUntil ?? null };
  }

  private cursorView(sale: SaleInfo, meta: QueueMeta): QueueCursor {
    return {
      saleId: sale.id,
      phase: meta.phase,
      nowServing: meta.cursor,
      admitRatePerSecond: governedRate(meta.admitRatePerSecond, meta.healthShare),
      paused: meta.paused,
      soldOut: meta.soldOut,
      allSold: meta.allSold,
      joined: meta.nextArrival,
      startsAt: sale.startsAt.getTime(),
      shuffle: meta.phase === 'live' && meta.seed ? { seed: meta.seed, size: meta.frozenSize } : null,
      at: this.now(),
    };
  }

  /** [Q5, Q7] */
  private placeOf(saleId: string, meta: QueueMeta, arrival: number): number | null {
    if (meta.phase !== 'live') return null;
    if (arrival >= meta.frozenSize) return arrival + 1;
    return this.permutation(saleId, meta).permute(arrival) + 1;
  }

  private async accountAt(saleId: string, meta: QueueMeta, place: number): Promise<string | undefined> {
    const arrival =
      place <= meta.frozenSize ? this.permutation(saleId, meta).unpermute(place - 1) : place - 1;
    const [account] = await this.redis.zrangebyscore(this.keys.sale(saleId).arrivals, arrival, arrival);
    return account;
  }

  private permutation(saleId: string, meta: QueueMeta): QueuePermutation {
    const cacheKey = `${saleId}:${meta.seed}:${meta.frozenSize}`;
    let permutation = this.permutations.get(cacheKey);
    if (!permutation) {
      permutation = queuePermutation(parseSeedHex(meta.seed ?? ''), Math.max(1, meta.frozenSize));
      this.permutations.set(cacheKey, permutation);
    }
    return permutation;
  }

  private candidatesPerStep(meta: QueueMeta): number {
    // Enough places to fill a second of admissions even if many are no-shows.
    return Math.min(MAX_CANDIDATES_PER_STEP, Math.max(100, meta.admitRatePerSecond * 4));
  }

  private async activeUntil(accountId: string, saleId: string): Promise<number | undefined> {
    const windowEnd = await this.redis.zscore(this.keys.sale(saleId).active, accountId);
    return windowEnd !== null && Number(windowEnd) > this.now() ? Number(windowEnd) : undefined;
  }

  /** The end of the shopper's live window, or ADMISSION_EXPIRED. */
  private async requireActive(accountId: string, saleId: string): Promise<number> {
    const windowEndsAt = await this.activeUntil(accountId, saleId);
    if (windowEndsAt === undefined) throw new AppError('ADMISSION_EXPIRED');
    return windowEndsAt;
  }

  private async meta(saleId: string, setUpIfMissing = true): Promise<QueueMeta> {
    const meta = metaFrom(await this.redis.hmget(this.keys.sale(saleId).meta, ...META_FIELDS));
    if (meta) return meta;
    if (!setUpIfMissing) throw new AppError('SERVICE_UNAVAILABLE');
    await this.ensure(this.saleOf(saleId));
    return this.meta(saleId, false);
  }

  private saleOf(saleId: string): SaleInfo {
    const sale = this.catalogue.sale(saleId);
    if (!sale) throw new AppError('SALE_NOT_FOUND');
    return sale;
  }
}

/** The meta hash's META_FIELDS values (as HMGET gives them), or undefined if the queue is not set up. */
function metaFrom(values: (string | null)[]): QueueMeta | undefined {
  const field = (name: (typeof META_FIELDS)[number]) => values[META_FIELDS.indexOf(name)] ?? null;
  if (field('phase') === null) return undefined;
  return {
    phase: field('phase') === 'live' ? 'live' : 'prequeue',
    soldOut: field('soldOut') === '1',
    allSold: field('allSold') === '1',
    frozenSize: Number(field('frozenSize') ?? 0),
    seed: field('seed'),
    nextArrival: Number(field('nextArrival') ?? 0),
    cursor: Number(field('cursor') ?? 0),
    paused: field('paused') === '1',
    activeCap: Number(field('cap') ?? 0),
    admitRatePerSecond: Number(field('ratePerSecond') ?? 1),
    admittedTotal: Number(field('admittedTotal') ?? 0),
    noShows: Number(field('noShows') ?? 0),
    healthShare: Number(field('healthShare') ?? 1),
  };
}
