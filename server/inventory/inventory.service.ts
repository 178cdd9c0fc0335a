import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SEAT_STATUS } from '../../shared/venue';
import type { HoldView, SectionSnapshot } from '../../shared/protocol/views';
import { AppError } from '../errors/app-error';
import type { RedisKeys, ShowKeys } from '../redis/keys';
import type { ShowLayout, ShowLookup } from '../catalogue/catalogue';
import { inventoryScripts, type InventoryReplies } from './inventory-scripts';
import { acceptedInventoryReply } from './script-codes';

export interface InventorySettings {
  holdTtlMs: number;
  holdExtensionMs: number;
  confirmPinMs: number;
  maxSeatsPerHold: number;
}

/** A hold as stored in Redis (see includes/inventory.lua). */
export interface HoldRecord {
  holdId: string;
  owner: string;
  expiresAt: number;
  extended: boolean;
  pinnedOrderId: string;
  seats: number[];
}

export interface SoldSeat {
  seat: number;
  orderId: string;
  accountId: string;
}

export interface BlockedSeat {
  seat: number;
  reason: string;
}

const HOLD_RANDOM_BYTES = 9; // 12 base64url characters

/** Scripts that take the sections they touch in ARGV (see includes/inventory.lua). */
type SectionsScript = 'hold' | 'release' | 'confirm' | 'block' | 'unblock';

/**
 * Seat inventory of every show, in Redis. Each method is one atomic Lua script (docs/holds-spec.md);
 * this class turns requests into keys and arguments, and replies into views or catalogue errors.
 */
export class InventoryService {
  private readonly sectionArgsCache = new Map<string, { keys: string[]; args: (string | number)[] }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly shows: ShowLookup,
    private readonly settings: InventorySettings,
    /**
     * The node's clock: sale times, a shopper's window, a rebuild's epoch. Hold expiries are not
     * read from it: the scripts judge them by Redis's clock (nowMs() in lua-scripts.ts).
     */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Holds seats for `owner`. A shopper admitted through a waiting room holds no longer than their
   * shopping window (`until`): seats must not stay blocked for a fan who can no longer pay. [Q13]
   */
  async hold(owner: string, showId: string, seats: readonly number[], until?: number): Promise<HoldView> {
    const layout = this.layoutOf(showId);
    const now = this.now();
    const ttlMs = Math.min(this.settings.holdTtlMs, until === undefined ? Infinity : until - now);
    if (ttlMs <= 0) throw new AppError('ADMISSION_EXPIRED');
    if (layout.show.onSaleAt.getTime() > now || layout.show.startsAt.getTime() <= now) {
      throw new AppError('SHOW_NOT_ON_SALE');
    }
    if (seats.length > this.settings.maxSeatsPerHold) {
      throw new AppError('TOO_MANY_SEATS', { max: this.settings.maxSeatsPerHold });
    }
    const triples = this.seatTriples(layout, seats);
    const sectionIds = [...new Set(triples.map(([section]) => section))].sort((a, b) => a - b);
    const holdId = `${randomBytes(HOLD_RANDOM_BYTES).toString('base64url')}.${sectionIds.join('-')}`;
    const [, , expiresAt] = acceptedInventoryReply(
      await this.run('hold', showId, sectionIds, [owner, holdId, Math.ceil(ttlMs)], triples),
    );
    return { holdId, showId, seats: [...seats], expiresAt, extended: false };
  }

  /** Frees a hold's seats; `owner` null means the system (a failed payment, staff). */
  async release(owner: string | null, showId: string, holdId: string, force = false): Promise<number> {
    const [, seatsFreed] = acceptedInventoryReply(
      await this.run('release', showId, this.sectionsOfHold(showId, holdId), [
        owner ?? '',
        holdId,
        force ? '1' : '0',
      ]),
    );
    return seatsFreed;
  }

  async extend(owner: string, showId: string, holdId: string): Promise<number> {
    const [, expiresAt] = acceptedInventoryReply(
      await this.runOnHolds('extend', showId, [owner, holdId, this.settings.holdExtensionMs]),
    );
    return expiresAt;
  }

  async pin(owner: string, showId: string, holdId: string, orderId: string): Promise<number> {
    const [, expiresAt] = acceptedInventoryReply(
      await this.runOnHolds('pin', showId, [owner, holdId, orderId, this.settings.confirmPinMs]),
    );
    return expiresAt;
  }

  async confirm(
    showId: string,
    order: { orderId: string; holdId: string; owner: string; seats: readonly number[] },
  ): Promise<{ changed: number; takenFromOthers: number }> {
    const layout = this.layoutOf(showId);
    const triples = this.seatTriples(layout, order.seats);
    const sectionIds = [...new Set(triples.map(([section]) => section))];
    const [, changed, takenFromOthers] = acceptedInventoryReply(
      await this.run('confirm', showId, sectionIds, [order.orderId, order.holdId, order.owner], triples),
    );
    return { changed, takenFromOthers };
  }

  async block(showId: string, seats: readonly number[], reason: string): Promise<number> {
    const triples = this.seatTriples(this.layoutOf(showId), seats);
    const sectionIds = [...new Set(triples.map(([section]) => section))];
    const [, seatsBlocked] = acceptedInventoryReply(
      await this.run('block', showId, sectionIds, [reason], triples),
    );
    return seatsBlocked;
  }

  async unblock(showId: string, seats: readonly number[]): Promise<number> {
    const triples = this.seatTriples(this.layoutOf(showId), seats);
    const sectionIds = [...new Set(triples.map(([section]) => section))];
    const [, seatsUnblocked] = acceptedInventoryReply(
      await this.run('unblock', showId, sectionIds, [], triples),
    );
    return seatsUnblocked;
  }

  /** Frees up to `batch` expired holds; `due` is how many expired holds remain. */
  async expireDue(
    showId: string,
    batch = 500,
  ): Promise<{ holdsExpired: number; seatsFreed: number; due: number }> {
    const { keys, args } = this.allSections(showId);
    const [, holdsExpired, seatsFreed, due] = await inventoryScripts.run(this.redis, 'expire', keys, [
      batch,
      ...args,
    ]);
    return { holdsExpired, seatsFreed, due };
  }

  async readHold(showId: string, holdId: string): Promise<HoldRecord | undefined> {
    this.layoutOf(showId);
    const raw = await this.redis.hget(this.keys.show(showId).holds, holdId);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as { o: string; e: number; x: number; p: string; s: number[][] };
    return {
      holdId,
      owner: stored.o,
      expiresAt: stored.e,
      extended: stored.x === 1,
      pinnedOrderId: stored.p,
      seats: stored.s.map((entry) => entry[1] ?? -1),
    };
  }

  /** Seats the account holds or has bought in the show. */
  async seatsOwned(showId: string, accountId: string): Promise<number> {
    this.layoutOf(showId);
    return Number((await this.redis.hget(this.keys.show(showId).accountSeats, accountId)) ?? 0);
  }

  async isReady(showId: string): Promise<boolean> {
    this.layoutOf(showId);
    return (await this.redis.hget(this.keys.show(showId).meta, 'ready')) === '1';
  }

  /** Free seats per section, as flat [sectionId, free, ...]. */
  async availability(showId: string): Promise<number[]> {
    const layout = this.layoutOf(showId);
    const ids = layout.venue.sectionIds();
    const values = await this.redis.hmget(this.keys.show(showId).available, ...ids.map((id) => `s${id}`));
    return ids.flatMap((id, i) => [id, Number(values[i] ?? 0)]);
  }

  /**
   * Free seats per section (flat [sectionId, free, ...]) and in the whole show, read in one step
   * with the show's readiness: while the inventory is not built its counters read as zeros, which
   * does not mean sold out, so that is SALE_UNAVAILABLE.
   */
  async readyAvailability(showId: string): Promise<{ available: number[]; freeSeats: number }> {
    const layout = this.layoutOf(showId);
    const showKeys = this.keys.show(showId);
    const ids = layout.venue.sectionIds();
    const replies = await this.redis
      .multi()
      .hget(showKeys.meta, 'ready')
      .hmget(showKeys.available, ...ids.map((id) => `s${id}`))
      .exec();
    const [[readyError, ready] = [], [freeError, free] = []] = replies ?? [];
    if (readyError || freeError) throw readyError ?? freeError;
    if (ready !== '1') throw new AppError('SALE_UNAVAILABLE');
    const counts = (free as (string | null)[]).map((value) => Number(value ?? 0));
    return {
      available: ids.flatMap((id, i) => [id, counts[i] ?? 0]),
      freeSeats: counts.reduce((sum, count) => sum + count, 0),
    };
  }

  /** Free seats in the whole show; SALE_UNAVAILABLE while its inventory is not built. */
  async freeSeats(showId: string): Promise<number> {
    return (await this.readyAvailability(showId)).freeSeats;
  }

  /**
   * What is left of the show to sell: its free seats, and its open holds (seats in baskets, which
   * come back unless paid for); SALE_UNAVAILABLE while its inventory is not built.
   */
  async seatsLeft(showId: string): Promise<{ free: number; holds: number }> {
    const [{ freeSeats }, holds] = await Promise.all([
      this.readyAvailability(showId),
      this.redis.hlen(this.keys.show(showId).holds),
    ]);
    return { free: freeSeats, holds };
  }

  /**
   * Reads sections atomically one by one; each comes with the version its deltas continue from.
   * All sections must come from one epoch: if a rebuild happened between two reads, read again.
   */
  async snapshot(
    showId: string,
    sectionIds: readonly number[],
  ): Promise<{ epoch: number; sections: SectionSnapshot[] }> {
    const layout = this.layoutOf(showId);
    const showKeys = this.keys.show(showId);
    if (sectionIds.length === 0) {
      const [ready, epoch] = await this.redis.hmget(showKeys.meta, 'ready', 'epoch');
      if (ready !== '1') throw new AppError('SALE_UNAVAILABLE');
      return { epoch: Number(epoch), sections: [] };
    }
    const args = sectionIds.flatMap((id) => {
      const section = layout.venue.section(id);
      return [id, section?.firstSeat ?? 0, section?.seatCount ?? 0];
    });
    // One script for every section: one atomic read (one epoch), from the statuses string the
    // seat-changing scripts keep, so a snapshot costs no per-seat work here or in Redis.
    const [, epoch, flat] = acceptedInventoryReply(
      await inventoryScripts.run(
        this.redis,
        'snapshot',
        [showKeys.meta, showKeys.versions, showKeys.statuses],
        args,
      ),
    );
    if (!epoch) throw new AppError('SALE_UNAVAILABLE');
    const sections = sectionIds.map((sectionId, i) => ({
      sectionId,
      version: Number(flat[2 * i]),
      statuses: String(flat[2 * i + 1] ?? ''),
    }));
    return { epoch, sections };
  }

  /**
   * Builds a show's inventory from scratch: every seat free but those sold (per PostgreSQL) or
   * blocked. Holds are lost, so this runs only when Redis has no inventory for the show.
   */
  async initialise(
    showId: string,
    state: { sold: readonly SoldSeat[]; blocked: readonly BlockedSeat[] },
  ): Promise<void> {
    const layout = this.layoutOf(showId);
    const { venue } = layout;
    const showKeys = this.keys.show(showId);
    const sectionIds = venue.sectionIds();
    const freeBySection = new Map(sectionIds.map((id) => [id, venue.section(id)?.seatCount ?? 0]));
    const freeByTier = new Map<number, number>();
    for (let seat = 0; seat < venue.seatCount; seat++) {
      freeByTier.set(venue.tierOf(seat), (freeByTier.get(venue.tierOf(seat)) ?? 0) + 1);
    }
    const taken = (seat: number) => {
      const section = venue.sectionOf(seat);
      const tier = venue.tierOf(seat);
      freeBySection.set(section, (freeBySection.get(section) ?? 0) - 1);
      freeByTier.set(tier, (freeByTier.get(tier) ?? 0) - 1);
      return section;
    };

    const multi = this.redis.multi();
    multi.del(
      ...seatChangingKeys(showKeys),
      showKeys.publishedUpTo,
      ...sectionIds.map((id) => showKeys.section(id)),
    );
    const statuses = Buffer.alloc(venue.seatCount, 48 + SEAT_STATUS.FREE);
    for (const { seat, orderId, accountId } of state.sold) {
      multi.hset(showKeys.section(taken(seat)), seat, `S|${orderId}`);
      multi.hincrby(showKeys.accountSeats, accountId, 1);
      statuses[seat] = 48 + SEAT_STATUS.SOLD;
    }
    const sold = new Set(state.sold.map(({ seat }) => seat));
    for (const { seat, reason } of state.blocked) {
      if (sold.has(seat)) continue;
      multi.hset(showKeys.section(taken(seat)), seat, `B|${reason}`);
      statuses[seat] = 48 + SEAT_STATUS.BLOCKED;
    }
    multi.set(showKeys.statuses, statuses);
    const available: Record<string, number> = {};
    for (const [id, free] of freeBySection) available[`s${id}`] = free;
    for (const [tier, free] of freeByTier) available[`t${tier}`] = free;
    multi.hset(showKeys.available, available);
    multi.hset(showKeys.versions, Object.fromEntries(sectionIds.map((id) => [id, 0])));
    multi.hset(showKeys.meta, {
      limit: layout.seatLimitPerAccount,
      epoch: this.now(),
      ready: '1',
    });
    await multi.exec();
  }

  /** The show's layout, or SHOW_NOT_FOUND. */
  layout(showId: string): ShowLayout {
    return this.layoutOf(showId);
  }

  private layoutOf(showId: string): ShowLayout {
    const layout = this.shows.layout(showId);
    if (!layout) throw new AppError('SHOW_NOT_FOUND');
    return layout;
  }

  /** Validates seats against the venue and returns [section, seat, tier] triples. */
  private seatTriples(layout: ShowLayout, seats: readonly number[]): [number, number, number][] {
    const seen = new Set<number>();
    return seats.map((seat) => {
      if (!layout.venue.isValidSeat(seat)) throw new AppError('SEAT_NOT_FOUND', { seat });
      if (seen.has(seat)) throw new AppError('DUPLICATE_SEATS', { seat });
      seen.add(seat);
      return [layout.venue.sectionOf(seat), seat, layout.venue.tierOf(seat)];
    });
  }

  /** A hold id names the sections it spans; they must exist in the show's venue. */
  private sectionsOfHold(showId: string, holdId: string): number[] {
    const layout = this.layoutOf(showId);
    const sectionIds = (holdId.split('.')[1] ?? '').split('-').map(Number);
    if (sectionIds.some((id) => !layout.venue.section(id))) throw new AppError('HOLD_NOT_FOUND');
    return sectionIds;
  }

  /** Runs a seat-changing script over the sections given. */
  private async run<Script extends SectionsScript>(
    script: Script,
    showId: string,
    sectionIds: readonly number[],
    leadingArgs: readonly (string | number)[],
    triples?: readonly [number, number, number][],
  ): Promise<InventoryReplies[Script]> {
    const showKeys = this.keys.show(showId);
    const keys = [...seatChangingKeys(showKeys), ...sectionIds.map((id) => showKeys.section(id))];
    const args = [...leadingArgs, sectionIds.length, ...sectionIds];
    if (triples) args.push(triples.length, ...triples.flat());
    return inventoryScripts.run(this.redis, script, keys, args);
  }

  /** Runs a script that reads and writes holds only. */
  private async runOnHolds<Script extends 'extend' | 'pin'>(
    script: Script,
    showId: string,
    args: (string | number)[],
  ): Promise<InventoryReplies[Script]> {
    this.layoutOf(showId);
    const keys = seatChangingKeys(this.keys.show(showId));
    return inventoryScripts.run(this.redis, script, keys, args);
  }

  private allSections(showId: string): { keys: string[]; args: (string | number)[] } {
    let cached = this.sectionArgsCache.get(showId);
    if (!cached) {
      const showKeys = this.keys.show(showId);
      const sectionIds = this.layoutOf(showId).venue.sectionIds();
      cached = {
        keys: [...seatChangingKeys(showKeys), ...sectionIds.map((id) => showKeys.section(id))],
        args: [sectionIds.length, ...sectionIds],
      };
      this.sectionArgsCache.set(showId, cached);
    }
    return cached;
  }
}

function seatChangingKeys(showKeys: ShowKeys): string[] {
  return [
    showKeys.meta,
    showKeys.holds,
    showKeys.holdExpiries,
    showKeys.available,
    showKeys.versions,
    showKeys.accountSeats,
    showKeys.changes,
    showKeys.statuses,
  ];
}
