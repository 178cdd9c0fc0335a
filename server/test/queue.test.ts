import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rooms } from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import { parseSeedHex, queuePermutation, seedCommitment } from '../../shared/queue-permutation';
import { createComponents, type Components } from '../compose';
import { AppError } from '../errors/app-error';
import { queuePacerStep } from '../queue/queue-pacer';
import type { SeatRushServer } from '../realtime/typed-socket';
import { chiSquareIndependence } from './support/chi-square';
import {
  createTestWorld,
  deleteKeys,
  seedSale,
  seedShow,
  silentLogger,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let components: Components;
const SALE = 'test-sale';

const fan = (i: number) => `fan-${String(i).padStart(6, '0')}`;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

/** Moves the sale's start (T0) and lets the queue see it. */
async function startSaleAt(
  startsAt: Date,
  settings: { activeCap?: number; admitRatePerSecond?: number } = {},
) {
  await world.db
    .updateTable('sales')
    .set({
      starts_at: startsAt,
      prequeue_opens_at: new Date(Math.min(Date.now() - 60_000, startsAt.getTime())),
      ...(settings.activeCap !== undefined && { active_cap: settings.activeCap }),
      ...(settings.admitRatePerSecond !== undefined && {
        admit_rate_per_second: settings.admitRatePerSecond,
      }),
    })
    .where('id', '=', SALE)
    .execute();
  await components.catalogue.refresh();
  await components.queue.ensure(components.catalogue.sale(SALE)!);
  await components.queue.changeSettings(SALE, settings);
}

async function freeze(): Promise<void> {
  await startSaleAt(new Date(Date.now() - 1000));
  expect(
    await components.queue.freezeIfDue(components.catalogue.sale(SALE)!, () =>
      components.salesRepository.seed(SALE),
    ),
  ).toBe(true);
}

/** Admission steps until `count` more fans are admitted (everyone present), returning them in order. */
async function admitAll(expected: number): Promise<string[]> {
  const { queue, redis, keys } = components;
  for (let steps = 0; steps < 1000; steps++) {
    const admittedSoFar = await redis.hlen(keys.sale(SALE).admitted);
    if (admittedSoFar >= expected) break;
    await redis.hset(keys.sale(SALE).meta, 'allowance', 1_000_000);
    await queue.admitStep(SALE);
  }
  const admitted = await redis.hgetall(keys.sale(SALE).admitted);
  return Object.entries(admitted)
    .sort(([, a], [, b]) => Number(a.split('|')[0]) - Number(b.split('|')[0]))
    .map(([account]) => account);
}

beforeAll(async () => {
  world = await createTestWorld();
  await seedShow(world.db, { showId: 'night-1', seatCount: 500 });
  await seedShow(world.db, { showId: 'night-2', seatCount: 500 });
  await seedSale(world.db, {
    id: SALE,
    showIds: ['night-1', 'night-2'],
    activeCap: 1_000_000,
    admitRatePerSecond: 100_000,
  });
  components = await createComponents(world.config, { logger: silentLogger });
  for (const showId of ['night-1', 'night-2'])
    await components.inventory.initialise(showId, { sold: [], blocked: [] });
}, 60_000);

beforeEach(async () => {
  await deleteKeys(world.redis, `${world.config.REDIS_KEY_PREFIX}{sale:*`);
  await world.db
    .updateTable('sales')
    .set({ active_cap: 1_000_000, admit_rate_per_second: 100_000 })
    .execute();
  await startSaleAt(new Date(Date.now() + 3600_000));
});

afterAll(async () => {
  await components.close();
  await world.dispose();
});

describe('the shuffle at T0', () => {
  it('[Q5][Q6][Q7] 10,000 pre-queue fans get a uniform, verifiable order; later fans follow in arrival order', async () => {
    const { queue } = components;
    const arrivals = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => fan(i + j));
      for (const account of batch) arrivals.set(account, (await queue.join(account, SALE)).arrival);
    }
    expect([...arrivals.values()]).toEqual(Array.from({ length: 10_000 }, (_, i) => i));

    await freeze();
    const shuffle = await queue.shuffle(SALE);
    expect(shuffle?.size).toBe(10_000);
    // The published seed is the committed one.
    expect(seedCommitment(parseSeedHex(shuffle!.seed))).toBe(components.catalogue.sale(SALE)!.seedCommitment);

    for (let i = 10_000; i < 11_000; i++) arrivals.set(fan(i), (await queue.join(fan(i), SALE)).arrival);
    await queue.touch(SALE, [...arrivals.keys()]);
    const order = await admitAll(11_000);
    expect(order).toHaveLength(11_000);

    // Pre-queue: admission order recomputed exactly from the revealed seed...
    const permutation = queuePermutation(parseSeedHex(shuffle!.seed), shuffle!.size);
    const prequeue = order.slice(0, 10_000);
    prequeue.forEach((account, place) => expect(permutation.permute(arrivals.get(account)!)).toBe(place));
    // ...and independent of arrival order (chi-square over deciles, 10x10).
    const { pValue } = chiSquareIndependence(
      prequeue.map((account, place) => [Math.floor(arrivals.get(account)! / 1000), Math.floor(place / 1000)]),
      10,
      10,
    );
    expect(pValue).toBeGreaterThan(0.01);
    // After T0: first come, first served, 0 inversions.
    const later = order.slice(10_000).map((account) => arrivals.get(account)!);
    expect(later).toEqual([...later].sort((a, b) => a - b));
    expect(later[0]).toBe(10_000);
  }, 120_000);

  it('[Q5] the pacer shuffles at T0 itself, not up to a step later', async () => {
    const { queue, catalogue, salesRepository, redis, keys } = components;
    await queue.join(fan(1), SALE);
    const startsAt = Date.now() + 300;
    // One fan a second: the shuffle's own step, with its empty bucket, admits no one.
    await startSaleAt(new Date(startsAt), { admitRatePerSecond: 1 });
    const broadcasts: unknown[] = [];
    const io = {
      to: (room: unknown) => ({ emit: (...args: unknown[]) => broadcasts.push([room, ...args]) }),
    } as unknown as SeatRushServer;
    await queue.touch(SALE, [fan(1)]);
    const cursors = {
      publish: (cursor: QueueCursor) => broadcasts.push([rooms.queue(SALE), 'queue:cursor', cursor]),
    };
    const pacerStep = () =>
      queuePacerStep(catalogue, queue, salesRepository, io, silentLogger, {
        stepMs: 1000,
        cursors,
        broadcastFansPerSecond: 10_000,
      })();
    await pacerStep();
    const frozenAt = Number(await redis.hget(keys.sale(SALE).meta, 'frozenAt'));
    expect(frozenAt).toBeGreaterThanOrEqual(startsAt);
    expect(frozenAt - startsAt).toBeLessThan(150);
    expect(broadcasts).toEqual([
      [rooms.queue(SALE), 'queue:cursor', expect.objectContaining({ phase: 'live', nowServing: 0 })],
    ]);

    // [Q8] Once the rate allows a fan, the admitted fan hears it in its own room at once.
    await redis.hset(keys.sale(SALE).meta, 'allowance', 1, 'allowanceAt', Date.now());
    await pacerStep();
    expect(broadcasts.slice(1)).toEqual([
      [[rooms.account(fan(1))], 'queue:admitted', { saleId: SALE }],
      [rooms.queue(SALE), 'queue:cursor', expect.objectContaining({ phase: 'live', nowServing: 1 })],
    ]);
  });

  it('[Q6] before the shuffle no one has a place and the seed stays secret', async () => {
    const entry = await components.queue.join(fan(1), SALE);
    expect(entry).toMatchObject({ place: null, standing: 'prequeue' });
    expect(await components.queue.shuffle(SALE)).toBeUndefined();
  });
});

describe('joining', () => {
  it('[Q1] the same account joining many times at once has one place', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => components.queue.join(fan(7), SALE)));
    expect(new Set(results.map((entry) => entry.arrival)).size).toBe(1);
    expect(await components.redis.zcard(components.keys.sale(SALE).arrivals)).toBe(1);
  });

  it('[Q3] refuses joins before the pre-queue opens and after the sale closes', async () => {
    await world.db
      .updateTable('sales')
      .set({ prequeue_opens_at: new Date(Date.now() + 60_000), starts_at: new Date(Date.now() + 120_000) })
      .execute();
    await components.catalogue.refresh();
    await components.queue.ensure(components.catalogue.sale(SALE)!);
    expect(await codeOf(components.queue.join(fan(1), SALE))).toBe('QUEUE_NOT_OPEN');
    await world.db
      .updateTable('sales')
      .set({
        prequeue_opens_at: new Date(Date.now() - 120_000),
        starts_at: new Date(Date.now() - 60_000),
        closes_at: new Date(Date.now() - 1000),
      })
      .execute();
    await components.catalogue.refresh();
    await components.queue.ensure(components.catalogue.sale(SALE)!);
    expect(await codeOf(components.queue.join(fan(1), SALE))).toBe('QUEUE_CLOSED');
    await world.db
      .updateTable('sales')
      .set({ closes_at: new Date(Date.now() + 7 * 24 * 3600_000) })
      .execute();
  });

  it('[Q2] an account that holds its limit in every show of the sale cannot join', async () => {
    const { inventory, queue } = components;
    await inventory.hold('holder-a', 'night-1', [1, 2, 3, 4]);
    expect((await queue.join('holder-a', SALE)).arrival).toBe(0);
    await inventory.hold('holder-b', 'night-1', [5, 6, 7, 8]);
    await inventory.hold('holder-b', 'night-2', [5, 6, 7, 8]);
    expect(await codeOf(queue.join('holder-b', SALE))).toBe('LIMIT_EXCEEDED');
  });

  it('refuses unknown sales and asks who is not in line', async () => {
    expect(await codeOf(components.queue.join(fan(1), 'no-such-sale'))).toBe('SALE_NOT_FOUND');
    expect(await codeOf(components.queue.entry(fan(2), SALE))).toBe('NOT_IN_QUEUE');
  });
});

describe('admission', () => {
  it('[Q10][Q11] passes fans gone longer than the grace as no-shows, and admits those away within it', async () => {
    const { queue, redis, keys } = components;
    for (let i = 0; i < 3; i++) await queue.join(fan(i), SALE);
    await freeze();
    const graceMs = components.catalogue.sale(SALE)!.graceMs;
    // fan 1 left long ago; fan 2 stepped away a minute ago.
    await redis.zadd(keys.sale(SALE).seen, Date.now() - graceMs - 1000, fan(1), Date.now() - 60_000, fan(2));
    await redis.hset(keys.sale(SALE).meta, 'allowance', 100);
    const step = await queue.admitStep(SALE);
    expect(step).toMatchObject({ admitted: 2, noShows: 1, cursor: 3 });
    expect((await queue.entry(fan(1), SALE)).standing).toBe('missed');
    expect((await queue.entry(fan(2), SALE)).standing).toBe('admitted');
  });

  it('[Q12] never has more active shoppers than the cap, with two pacers at once and shoppers coming and going', async () => {
    const { queue, redis, keys } = components;
    for (let i = 0; i < 400; i++) await queue.join(fan(i), SALE);
    await startSaleAt(new Date(Date.now() - 1000), { activeCap: 25 });
    await queue.freezeIfDue(components.catalogue.sale(SALE)!, () => components.salesRepository.seed(SALE));
    await queue.touch(
      SALE,
      Array.from({ length: 400 }, (_, i) => fan(i)),
    );

    let highest = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        highest = Math.max(highest, await redis.zcard(keys.sale(SALE).active));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    for (let round = 0; round < 60; round++) {
      await redis.hset(keys.sale(SALE).meta, 'allowance', 1000);
      await Promise.all([queue.admitStep(SALE), queue.admitStep(SALE)]);
      const active = await redis.zrange(keys.sale(SALE).active, 0, -1);
      // Some shoppers leave.
      await Promise.all(active.slice(0, 7).map((account) => queue.leave(account, SALE)));
    }
    watching = false;
    await watcher;
    expect(highest).toBeGreaterThan(0);
    expect(highest).toBeLessThanOrEqual(25);
    expect(Number(await redis.hget(keys.sale(SALE).meta, 'admittedTotal'))).toBeGreaterThan(100);
    const admitted = await redis.hgetall(keys.sale(SALE).admitted);
    const places = Object.values(admitted).map((entry) => entry.split('|')[0]);
    expect(new Set(places).size).toBe(places.length);
  });

  it('[Q12][Q15] admits nobody while paused, and at most the rate per second', async () => {
    const { queue, redis, keys } = components;
    for (let i = 0; i < 50; i++) await queue.join(fan(i), SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 5 });
    await queue.freezeIfDue(components.catalogue.sale(SALE)!, () => components.salesRepository.seed(SALE));
    await queue.touch(
      SALE,
      Array.from({ length: 50 }, (_, i) => fan(i)),
    );
    await queue.changeSettings(SALE, { paused: true });
    // Paused for a while.
    await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - 10_000);
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    await queue.changeSettings(SALE, { paused: false });
    // Nothing saved up while paused: no burst on resuming.
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - 1000);
    expect((await queue.admitStep(SALE)).admitted).toBe(5);
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    const stats = await queue.stats(SALE);
    expect(stats).toMatchObject({
      joined: 50,
      admittedTotal: 5,
      activeShoppers: 5,
      admitRatePerSecond: 5,
      paused: false,
    });
  });

  it('[Q11] a late step admits what the rate allowed since the last one, up to 5 s of it', async () => {
    const { queue, redis, keys } = components;
    const fans = Array.from({ length: 100 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 4 });
    await queue.freezeIfDue(components.catalogue.sale(SALE)!, () => components.salesRepository.seed(SALE));
    await queue.touch(SALE, fans);
    const stepAfter = async (sinceLastMs: number) => {
      await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - sinceLastMs);
      return (await queue.admitStep(SALE)).admitted;
    };
    expect(await stepAfter(3_000)).toBe(12);
    expect(await stepAfter(60_000)).toBe(20);
  });

  it('[Q11] admits no burst at T0: the time the queue waited for its sale saves nothing up', async () => {
    const { queue, redis, keys } = components;
    const fans = Array.from({ length: 30 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 4 });
    // The queue has existed for a minute before T0.
    await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - 60_000);
    await queue.freezeIfDue(components.catalogue.sale(SALE)!, () => components.salesRepository.seed(SALE));
    await queue.touch(SALE, fans);
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
  });

  it('[Q17] admits a share of the rate while the nodes are overloaded, and all of it again once they recover', async () => {
    const { queue, catalogue, salesRepository, redis, keys } = components;
    const fans = Array.from({ length: 200 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 20 });
    await queue.freezeIfDue(catalogue.sale(SALE)!, () => salesRepository.seed(SALE));
    await queue.touch(SALE, fans);
    const io = { to: () => ({ emit: () => undefined }) } as unknown as SeatRushServer;
    const cursors: QueueCursor[] = [];
    let worstLagMs = 2_000;
    /** One pacer step, with a full second of allowance; returns how many it admitted. */
    const step = async () => {
      await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - 1000);
      const before = await redis.hlen(keys.sale(SALE).admitted);
      // A new pacer each time: one pacer moves the share at most once a second.
      await queuePacerStep(catalogue, queue, salesRepository, io, silentLogger, {
        stepMs: 1000,
        cursors: { publish: (cursor) => cursors.push(cursor) },
        broadcastFansPerSecond: 1_000_000,
        health: { worstLagMs: async () => worstLagMs, settings: { lagTargetMs: 200, minShare: 0.1 } },
      })();
      return (await redis.hlen(keys.sale(SALE).admitted)) - before;
    };

    expect(await step()).toBe(14);
    expect(cursors.at(-1)?.admitRatePerSecond).toBe(14);
    expect(await queue.stats(SALE)).toMatchObject({ admitRatePerSecond: 20, healthShare: 0.7 });
    const whileOverloaded = [];
    for (let i = 0; i < 6; i++) whileOverloaded.push(await step());
    expect(whileOverloaded).toEqual([9, 6, 4, 3, 2, 2]);
    expect((await queue.stats(SALE)).healthShare).toBe(0.1);

    worstLagMs = 20;
    expect(await step()).toBe(4);
    for (let i = 0; i < 8; i++) await step();
    expect((await queue.stats(SALE)).healthShare).toBe(1);
    expect(await step()).toBe(20);
    expect(cursors.at(-1)?.admitRatePerSecond).toBe(20);
  });

  it('[Q17] starts admitting at the least share at T0 and grows it while the nodes keep up', async () => {
    const { queue, catalogue, salesRepository, redis, keys } = components;
    const fans = Array.from({ length: 100 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 20 });
    await queue.touch(SALE, fans);
    const io = { to: () => ({ emit: () => undefined }) } as unknown as SeatRushServer;
    /** One pacer step with the nodes well under the target, and a full second of allowance once live. */
    const step = async () => {
      if ((await queue.stats(SALE)).phase === 'live')
        await redis.hset(keys.sale(SALE).meta, 'allowance', 0, 'allowanceAt', Date.now() - 1000);
      const before = await redis.hlen(keys.sale(SALE).admitted);
      await queuePacerStep(catalogue, queue, salesRepository, io, silentLogger, {
        stepMs: 1000,
        cursors: { publish: () => undefined },
        broadcastFansPerSecond: 1_000_000,
        health: { worstLagMs: async () => 20, settings: { lagTargetMs: 200, minShare: 0.1 } },
      })();
      return (await redis.hlen(keys.sale(SALE).admitted)) - before;
    };

    // The shuffle's step: the share starts at 0.1 and grows once, with nothing saved up yet.
    expect(await step()).toBe(0);
    expect((await queue.stats(SALE)).healthShare).toBe(0.2);
    expect([await step(), await step(), await step()]).toEqual([6, 8, 10]);
  });

  it('[Q14] a buyer keeps the slot a short while for the other show, and frees it at their limit everywhere', async () => {
    const { queue, inventory, redis, keys } = components;
    await queue.join('buyer', SALE);
    await freeze();
    await queue.touch(SALE, ['buyer']);
    await redis.hset(keys.sale(SALE).meta, 'allowance', 100);
    expect((await queue.admitStep(SALE)).admitted).toBe(1);
    const windowEnd = Number(await redis.zscore(keys.sale(SALE).active, 'buyer'));
    await inventory.hold('buyer', 'night-1', [101, 102, 103, 104]);
    const paidAt = Date.now();
    await queue.shopperDone('buyer', 'night-1');
    expect((await queue.entry('buyer', SALE)).standing).toBe('admitted');
    // The rest of the window is cut to QUEUE_AFTER_PURCHASE_MS from the purchase, and never lengthened.
    const afterPurchase = world.config.QUEUE_AFTER_PURCHASE_MS;
    const shortened = Number(await redis.zscore(keys.sale(SALE).active, 'buyer'));
    expect(shortened).toBeGreaterThanOrEqual(paidAt + afterPurchase);
    expect(shortened).toBeLessThan(Math.min(windowEnd, Date.now() + afterPurchase + 1));
    await queue.shopperDone('buyer', 'night-1');
    expect(Number(await redis.zscore(keys.sale(SALE).active, 'buyer'))).toBeLessThanOrEqual(shortened);
    await inventory.hold('buyer', 'night-2', [101, 102, 103, 104]);
    await queue.shopperDone('buyer', 'night-2');
    expect((await queue.entry('buyer', SALE)).standing).toBe('done');
    expect(await redis.zcard(keys.sale(SALE).active)).toBe(0);
  });

  it('[Q14] a shopper who left gives the slot back after the idle time; one away when admitted, after the grace', async () => {
    const { queue, redis, keys } = components;
    const saleKeys = keys.sale(SALE);
    for (let i = 0; i < 4; i++) await queue.join(fan(i), SALE);
    await freeze();
    await queue.touch(SALE, [fan(0), fan(1), fan(2), fan(3)]);
    await redis.hset(saleKeys.meta, 'allowance', 100);
    expect((await queue.admitStep(SALE)).admitted).toBe(4);
    const { QUEUE_SHOPPER_IDLE_MS: idleMs } = world.config;
    const graceMs = Number(await redis.hget(saleKeys.meta, 'graceMs'));
    expect(graceMs).toBeGreaterThan(idleMs + 60_000);
    const now = Date.now();
    const admittedAt = async (account: string, at: number) => {
      const [place] = (await redis.hget(saleKeys.admitted, account))!.split('|');
      await redis.hset(saleKeys.admitted, account, `${place}|${now + 600_000}|${at}`);
    };
    // fan 0 shopped, then closed the page longer ago than the idle time;
    await admittedAt(fan(0), now - idleMs - 120_000);
    await redis.zadd(saleKeys.seen, now - idleMs - 60_000, fan(0));
    // fan 1 is still here;
    await redis.zadd(saleKeys.seen, now, fan(1));
    // fan 2 was away when admitted, longer ago than the idle time but within the grace;
    await admittedAt(fan(2), now - idleMs - 60_000);
    await redis.zadd(saleKeys.seen, now - idleMs - 120_000, fan(2));
    // fan 3 was away when admitted, and has not come back within the grace.
    await admittedAt(fan(3), now - graceMs - 60_000);
    await redis.zadd(saleKeys.seen, now - graceMs - 120_000, fan(3));

    const step = await queue.admitStep(SALE);
    expect(step.idleReleased).toBe(2);
    expect((await redis.zrange(saleKeys.active, 0, -1)).sort()).toEqual([fan(1), fan(2)]);
    expect((await queue.entry(fan(0), SALE)).standing).toBe('done');
    // The admission (place and time) is kept for the record; the window ends now.
    const [place, windowEnd, at] = (await redis.hget(saleKeys.admitted, fan(0)))!.split('|').map(Number);
    expect(place).toBeGreaterThan(0);
    expect(at).toBe(now - idleMs - 120_000);
    expect(windowEnd).toBeLessThanOrEqual(Date.now());
  });

  it('[Q8] the cursor says when every show of the sale is sold out, and when seats come back', async () => {
    const { queue, inventory, catalogue } = components;
    const sale = catalogue.sale(SALE)!;
    // Other tests hold seats in these shows: block the seats that are free now.
    const freeSeats = async (showId: string) => {
      const { sections } = await inventory.snapshot(showId, catalogue.layout(showId)!.venue.sectionIds());
      const layout = catalogue.layout(showId)!;
      return sections.flatMap(({ sectionId, statuses }) => {
        const first = layout.venue.section(sectionId)!.firstSeat;
        return [...statuses].flatMap((status, offset) => (status === '0' ? [first + offset] : []));
      });
    };
    await freeze();
    expect(await queue.noteSoldOut(sale)).toBe(false);
    expect((await queue.cursor(SALE)).soldOut).toBe(false);
    const [night1, night2] = [await freeSeats('night-1'), await freeSeats('night-2')];
    await inventory.block('night-1', night1, 'test');
    expect(await queue.noteSoldOut(sale)).toBe(false); // night 2 still has seats
    await inventory.block('night-2', night2, 'test');
    expect(await queue.noteSoldOut(sale)).toBe(true);
    expect((await queue.cursor(SALE)).soldOut).toBe(true);
    await inventory.unblock('night-2', night2.slice(0, 1));
    expect(await queue.noteSoldOut(sale)).toBe(false);
    expect((await queue.cursor(SALE)).soldOut).toBe(false);
    await inventory.unblock('night-1', night1);
    await inventory.unblock('night-2', night2.slice(1));
  });

  it('[Q14] leaving is for good: the place is passed even while another tab keeps the fan present', async () => {
    const { queue, redis, keys } = components;
    for (let i = 0; i < 3; i++) await queue.join(fan(i), SALE);
    await freeze();
    await queue.leave(fan(1), SALE);
    await queue.touch(SALE, [fan(0), fan(1), fan(2)]); // fan 1's other tab is still open
    await redis.hset(keys.sale(SALE).meta, 'allowance', 100);
    expect(await queue.admitStep(SALE)).toMatchObject({ admitted: 2, cursor: 3 });
    expect((await queue.join(fan(1), SALE)).standing).toBe('done');
    expect(await redis.zscore(keys.sale(SALE).active, fan(1))).toBeNull();
    // Leaving a queue one never joined writes nothing.
    await queue.leave('never-joined', SALE);
    expect(await redis.hexists(keys.sale(SALE).admitted, 'never-joined')).toBe(0);
  });
});
