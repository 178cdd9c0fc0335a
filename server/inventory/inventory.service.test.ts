import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEAT_STATUS } from '../../shared/venue';
import { AppError } from '../errors/app-error';
import { createRedis } from '../redis/connection';
import { RedisKeys } from '../redis/keys';
import { deleteKeys, waitFor } from '../test/support/harness';
import { inventoryProblems, readInventory } from '../test/support/inventory-invariants';
import { lookupOf, testLayout } from '../test/support/show-layouts';
import { inventoryScripts } from './inventory-scripts';
import { InventoryScriptCode } from './script-codes';
import { InventoryService, type InventorySettings } from './inventory.service';

const redis: Redis = createRedis('redis://127.0.0.1:6379');
inventoryScripts.define(redis);
const layout = testLayout('inv-test', 600);
const SHOW = layout.show.id;
const SETTINGS: InventorySettings = {
  holdTtlMs: 60_000,
  holdExtensionMs: 300_000,
  confirmPinMs: 120_000,
  maxSeatsPerHold: 8,
};

let keys: RedisKeys;
let inventory: InventoryService;

function serviceWith(settings: Partial<InventorySettings> = {}, now?: () => number): InventoryService {
  return new InventoryService(redis, keys, lookupOf(layout), { ...SETTINGS, ...settings }, now);
}

/**
 * Resolves once Redis's clock, by which the scripts judge a hold's expiry (nowMs() in
 * lua-scripts.ts), has reached `expiresAt`: from then on the hold is past its time. Holds made to
 * expire are given a TTL of 1 ms, so this is at once or nearly.
 */
async function redisClockReaches(expiresAt: number): Promise<void> {
  await waitFor(
    async () => {
      const [seconds, micros] = await redis.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) >= expiresAt;
    },
    10_000,
    "Redis's clock to reach the hold's expiry",
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

async function expectConsistent(soldByAccount?: Map<string, number>) {
  expect(inventoryProblems(await readInventory(redis, keys, layout), layout, soldByAccount)).toEqual([]);
}

/** Seats 0..n-1 of the first section, and some of another section. */
const firstSection = layout.venue.section(layout.venue.sectionIds()[0]!)!;
const otherSection = layout.venue.section(layout.venue.sectionIds()[3]!)!;
const seatA = firstSection.firstSeat;
const [a, b, c, d, e] = [seatA, seatA + 1, seatA + 2, seatA + 3, seatA + 4];
const far = otherSection.firstSeat;

beforeEach(async () => {
  keys = new RedisKeys(`t${randomBytes(4).toString('hex')}:`);
  inventory = serviceWith();
  await inventory.initialise(SHOW, { sold: [], blocked: [] });
});

afterEach(async () => {
  await deleteKeys(redis, `${keys.prefix}*`);
});

afterAll(async () => {
  await redis.quit();
});

describe('holds', () => {
  it('[H1] holds all requested seats across sections, or none', async () => {
    const hold = await inventory.hold('alice', SHOW, [a, b, far]);
    expect(hold.seats).toEqual([a, b, far]);
    expect(hold.holdId.split('.')[1]).toBe(
      [firstSection.id, otherSection.id].sort((x, y) => x - y).join('-'),
    );

    const refused = await expectCode(inventory.hold('bob', SHOW, [c, b]), 'SEAT_UNAVAILABLE');
    expect(refused.details).toEqual({ seat: b });
    const { sections } = await inventory.snapshot(SHOW, [firstSection.id]);
    expect(sections[0]!.statuses.slice(0, 4)).toBe('1100');
    await expectConsistent();
  });

  it('[H2] concurrent overlapping holds never share a seat', async () => {
    const pool = Array.from({ length: 40 }, (_, i) => firstSection.firstSeat + i);
    const attempts = Array.from({ length: 300 }, (_, i) => {
      const size = 1 + (i % 3);
      const start = (i * 7) % (pool.length - size);
      return inventory.hold(`acct-${i}`, SHOW, pool.slice(start, start + size)).then(
        (hold) => hold.seats,
        (error: AppError) => {
          expect(['SEAT_UNAVAILABLE', 'LIMIT_EXCEEDED']).toContain(error.code);
          return [];
        },
      );
    });
    const won = (await Promise.all(attempts)).flat();
    expect(new Set(won).size).toBe(won.length);
    const state = await readInventory(redis, keys, layout);
    expect([...state.seats.keys()].sort()).toEqual([...won].sort());
    expect(inventoryProblems(state, layout)).toEqual([]);
  });

  it('[H3] an account cannot hold more than the show limit, and gets its allowance back on release', async () => {
    const first = await inventory.hold('alice', SHOW, [a, b, c]);
    const refused = await expectCode(inventory.hold('alice', SHOW, [d, e]), 'LIMIT_EXCEEDED');
    expect(refused.details).toEqual({ seatsOwned: 3, limit: 4 });
    await inventory.hold('alice', SHOW, [d]);
    await inventory.release('alice', SHOW, first.holdId);
    await inventory.hold('alice', SHOW, [a, b, c]);
    await expectConsistent();
  });

  it('refuses unknown seats, duplicates, too many seats and unknown shows before touching Redis', async () => {
    await expectCode(inventory.hold('alice', SHOW, [layout.venue.seatCount]), 'SEAT_NOT_FOUND');
    await expectCode(inventory.hold('alice', SHOW, [a, a]), 'DUPLICATE_SEATS');
    await expectCode(serviceWith({ maxSeatsPerHold: 2 }).hold('alice', SHOW, [a, b, c]), 'TOO_MANY_SEATS');
    await expectCode(inventory.hold('alice', 'no-such-show', [a]), 'SHOW_NOT_FOUND');
    expect((await readInventory(redis, keys, layout)).seats.size).toBe(0);
  });

  it('[H4] a hold past its expiry blocks nobody, even before the sweeper runs', async () => {
    await inventory.hold('carol', SHOW, [d]);
    const expired = await serviceWith({ holdTtlMs: 1 }).hold('alice', SHOW, [a, b]);
    await redisClockReaches(expired.expiresAt);
    // Not swept: the hold is still there, holding both seats.
    expect((await inventory.readHold(SHOW, expired.holdId))?.seats).toEqual([a, b]);
    // Seats are checked in order: b, under the expired hold, passes; d, under a live one, does not.
    const refused = await expectCode(inventory.hold('bob', SHOW, [b, d]), 'SEAT_UNAVAILABLE');
    expect(refused.details).toEqual({ seat: d });
    await inventory.hold('bob', SHOW, [b, c]);
    const state = await readInventory(redis, keys, layout);
    expect(state.accountSeats.get('alice')).toBe(1);
    expect(state.accountSeats.get('bob')).toBe(2);
    expect(state.accountSeats.get('carol')).toBe(1);
    expect(inventoryProblems(state, layout)).toEqual([]);
  });

  it('[H5] expiring frees the seats of holds whose time is up, and only those', async () => {
    const expiring = await serviceWith({ holdTtlMs: 1 }).hold('alice', SHOW, [a, far]);
    await inventory.hold('bob', SHOW, [c]);
    await redisClockReaches(expiring.expiresAt);
    expect(await inventory.expireDue(SHOW)).toEqual({ holdsExpired: 1, seatsFreed: 2, due: 0 });
    expect(await inventory.expireDue(SHOW)).toEqual({ holdsExpired: 0, seatsFreed: 0, due: 0 });
    const state = await readInventory(redis, keys, layout);
    expect([...state.seats.keys()]).toEqual([c]);
    expect(state.accountSeats.has('alice')).toBe(false);
    expect(inventoryProblems(state, layout)).toEqual([]);
  });

  it('[H6] only the owner releases a hold; others see HOLD_NOT_FOUND', async () => {
    const hold = await inventory.hold('alice', SHOW, [a, far]);
    await expectCode(inventory.release('bob', SHOW, hold.holdId), 'HOLD_NOT_FOUND');
    expect(await inventory.release('alice', SHOW, hold.holdId)).toBe(2);
    await expectCode(inventory.release('alice', SHOW, hold.holdId), 'HOLD_NOT_FOUND');
    await expectConsistent();
  });

  it('[H7] a live hold is extended once', async () => {
    const hold = await inventory.hold('alice', SHOW, [a]);
    const extended = await inventory.extend('alice', SHOW, hold.holdId);
    expect(extended).toBeGreaterThanOrEqual(hold.expiresAt);
    expect(extended - Date.now()).toBeGreaterThan(SETTINGS.holdExtensionMs - 5_000);
    await expectCode(inventory.extend('alice', SHOW, hold.holdId), 'HOLD_ALREADY_EXTENDED');
    await expectCode(inventory.extend('bob', SHOW, hold.holdId), 'HOLD_NOT_FOUND');
    expect((await inventory.readHold(SHOW, hold.holdId))?.expiresAt).toBe(extended);
  });

  it('[H8] a pinned hold cannot be released by its owner, and an expired hold cannot be pinned', async () => {
    const hold = await inventory.hold('alice', SHOW, [a]);
    await inventory.pin('alice', SHOW, hold.holdId, 'order-1');
    await inventory.pin('alice', SHOW, hold.holdId, 'order-1');
    await expectCode(inventory.pin('alice', SHOW, hold.holdId, 'order-2'), 'HOLD_IN_CHECKOUT');
    await expectCode(inventory.release('alice', SHOW, hold.holdId), 'HOLD_IN_CHECKOUT');
    expect(await inventory.release(null, SHOW, hold.holdId, true)).toBe(1);

    const brief = await serviceWith({ holdTtlMs: 1 }).hold('alice', SHOW, [b]);
    await redisClockReaches(brief.expiresAt);
    await expectCode(inventory.pin('alice', SHOW, brief.holdId, 'order-3'), 'HOLD_EXPIRED');
  });

  it('[H9] confirm sells the hold, is idempotent, and lets PostgreSQL win over Redis', async () => {
    const hold = await inventory.hold('alice', SHOW, [a, b]);
    const order = { orderId: 'order-1', holdId: hold.holdId, owner: 'alice', seats: [a, b] };
    expect(await inventory.confirm(SHOW, order)).toEqual({ changed: 2, takenFromOthers: 0 });
    expect(await inventory.confirm(SHOW, order)).toEqual({ changed: 0, takenFromOthers: 0 });
    expect(await inventory.readHold(SHOW, hold.holdId)).toBeUndefined();
    await expectConsistent(new Map([['alice', 2]]));

    // Redis lost track: seat c is held by bob and d is free, yet PostgreSQL sold both to carol.
    await inventory.hold('bob', SHOW, [c, e]);
    expect(
      await inventory.confirm(SHOW, { orderId: 'order-2', holdId: '', owner: 'carol', seats: [c, d] }),
    ).toEqual({
      changed: 2,
      takenFromOthers: 1,
    });
    const state = await readInventory(redis, keys, layout);
    expect(state.seats.get(c)).toBe('S|order-2');
    expect(
      inventoryProblems(
        state,
        layout,
        new Map([
          ['alice', 2],
          ['carol', 2],
        ]),
      ),
    ).toEqual([]);
    expect(state.accountSeats.get('bob')).toBe(1);
  });

  it('[H10] blocks take free seats off sale, all or none, and unblocking puts them back', async () => {
    await inventory.hold('alice', SHOW, [a]);
    await expectCode(inventory.block(SHOW, [b, a], 'camera'), 'SEAT_UNAVAILABLE');
    expect(await inventory.block(SHOW, [b, c], 'camera')).toBe(2);
    expect(await inventory.block(SHOW, [b], 'camera')).toBe(0);
    await expectCode(inventory.hold('bob', SHOW, [c]), 'SEAT_UNAVAILABLE');
    expect(await inventory.unblock(SHOW, [b, c, d])).toBe(2);
    await inventory.hold('bob', SHOW, [c]);
    await expectConsistent();
  });

  it('answers a re-sent hold (same id, after a dropped connection) with its first result', async () => {
    const showKeys = keys.show(SHOW);
    const script = (owner: string) =>
      inventoryScripts.run(
        redis,
        'hold',
        [
          showKeys.meta,
          showKeys.holds,
          showKeys.holdExpiries,
          showKeys.available,
          showKeys.versions,
          showKeys.accountSeats,
          showKeys.changes,
          showKeys.statuses,
          showKeys.section(firstSection.id),
        ],
        [owner, 'AbCdEfGhIjKl.0', 60_000, 1, firstSection.id, 1, firstSection.id, a, layout.venue.tierOf(a)],
      );
    const first = await script('alice');
    expect(await script('alice')).toEqual(first);
    expect((await script('bob'))[0]).toBe(InventoryScriptCode.HOLD_ID_TAKEN);
    await expectConsistent();
  });

  it('[H11] answers SALE_UNAVAILABLE while a show has no inventory', async () => {
    const hold = await inventory.hold('alice', SHOW, [b]);
    await redis.del(keys.show(SHOW).meta);
    await expectCode(inventory.hold('alice', SHOW, [a]), 'SALE_UNAVAILABLE');
    await expectCode(
      inventory.confirm(SHOW, { orderId: 'o', holdId: hold.holdId, owner: 'alice', seats: [b] }),
      'SALE_UNAVAILABLE',
    );
    await expectCode(inventory.snapshot(SHOW, [firstSection.id]), 'SALE_UNAVAILABLE');
  });
});

describe('versions and snapshots', () => {
  it('[D1] each change raises its section version once and appends one stream entry per section', async () => {
    const before = await inventory.snapshot(SHOW, [firstSection.id, otherSection.id]);
    const hold = await inventory.hold('alice', SHOW, [a, b, far]);
    await inventory.release('alice', SHOW, hold.holdId);
    const after = await inventory.snapshot(SHOW, [firstSection.id, otherSection.id]);
    expect(after.sections.map((s) => s.version)).toEqual(before.sections.map((s) => s.version + 2));
    const entries = await redis.xrange(keys.show(SHOW).changes, '-', '+');
    expect(entries).toHaveLength(4);
    const first = Object.fromEntries(
      (entries[0]![1] as string[]).flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])),
    );
    expect(first).toMatchObject({
      s: String(firstSection.id),
      v: '1',
      c: `${a}:${SEAT_STATUS.HELD},${b}:${SEAT_STATUS.HELD}`,
    });
  });

  it('snapshots encode every status per seat and carry the epoch', async () => {
    await inventory.hold('alice', SHOW, [b]);
    await inventory.block(SHOW, [d], 'broken');
    const hold = await inventory.hold('bob', SHOW, [a]);
    await inventory.confirm(SHOW, { orderId: 'o', holdId: hold.holdId, owner: 'bob', seats: [a] });
    const { epoch, sections } = await inventory.snapshot(SHOW, [firstSection.id]);
    expect(epoch).toBeGreaterThan(0);
    expect(sections[0]!.statuses).toHaveLength(firstSection.seatCount);
    expect(sections[0]!.statuses.slice(0, 5)).toBe('21030');
    const available = await inventory.availability(SHOW);
    const index = available.indexOf(firstSection.id);
    expect(available[index + 1]).toBe(firstSection.seatCount - 3);
  });

  it('[H11] initialise restores sold seats and blocks and starts a new epoch', async () => {
    const { epoch } = await inventory.snapshot(SHOW, [firstSection.id]);
    // Rebuilt a millisecond later by the service's clock (the epoch is when the inventory was built).
    await serviceWith({}, () => epoch + 1).initialise(SHOW, {
      sold: [{ seat: a, orderId: 'o1', accountId: 'alice' }],
      blocked: [{ seat: b, reason: 'camera' }],
    });
    const after = await inventory.snapshot(SHOW, [firstSection.id]);
    expect(after.epoch).toBe(epoch + 1);
    expect(after.sections[0]!.statuses.slice(0, 3)).toBe('230');
    await expectConsistent(new Map([['alice', 1]]));
    await expectCode(inventory.hold('alice', SHOW, [c, d, e, far]), 'LIMIT_EXCEEDED');
  });
});
