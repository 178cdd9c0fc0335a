import { describe, expect, it } from 'vitest';
import type { QueueCursor } from '../../shared/protocol/views';
import { queuePacerStep } from '../queue/queue-pacer';
import type { SeatRushServer } from '../realtime/typed-socket';
import { silentLogger } from './support/harness';
import { SALE, fan, queueSaleWorld } from './support/queue-sale';

/** Admission from the waiting room: grace and no-shows, the cap, the rate, the governor, slots given back. */

const queueWorld = queueSaleWorld();
const { startSaleAt, shuffle, freeze, bucketEmptiedAgo } = queueWorld;

/** The seats of a show free now. */
async function freeSeatsOf(showId: string): Promise<number[]> {
  const { inventory, catalogue } = queueWorld.components;
  const layout = catalogue.layout(showId)!;
  const { sections } = await inventory.snapshot(showId, layout.venue.sectionIds());
  return sections.flatMap(({ sectionId, statuses }) => {
    const first = layout.venue.section(sectionId)!.firstSeat;
    return [...statuses].flatMap((status, offset) => (status === '0' ? [first + offset] : []));
  });
}

describe('admission', () => {
  it('[Q10][Q11] passes fans gone longer than the grace as no-shows, and admits those away within it', async () => {
    const { queue, redis, keys } = queueWorld.components;
    for (let i = 0; i < 3; i++) await queue.join(fan(i), SALE);
    await freeze();
    const graceMs = queueWorld.components.catalogue.sale(SALE)!.graceMs;
    // fan 1 left long ago; fan 2 stepped away a minute ago.
    await redis.zadd(keys.sale(SALE).seen, Date.now() - graceMs - 1000, fan(1), Date.now() - 60_000, fan(2));
    await redis.hset(keys.sale(SALE).meta, 'allowance', 100);
    const step = await queue.admitStep(SALE);
    expect(step).toMatchObject({ admitted: 2, noShows: 1, cursor: 3 });
    expect((await queue.entry(fan(1), SALE)).standing).toBe('missed');
    expect((await queue.entry(fan(2), SALE)).standing).toBe('admitted');
  });

  it('[Q12] never has more active shoppers than the cap, with two pacers at once and shoppers coming and going', async () => {
    const { queue, redis, keys } = queueWorld.components;
    for (let i = 0; i < 400; i++) await queue.join(fan(i), SALE);
    await freeze({ activeCap: 25 });
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
    const { queue } = queueWorld.components;
    for (let i = 0; i < 50; i++) await queue.join(fan(i), SALE);
    await freeze({ admitRatePerSecond: 5 });
    await queue.touch(
      SALE,
      Array.from({ length: 50 }, (_, i) => fan(i)),
    );
    await queue.changeSettings(SALE, { paused: true });
    // Paused for a while.
    await bucketEmptiedAgo(10_000);
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    await queue.changeSettings(SALE, { paused: false });
    // Nothing saved up while paused: no burst on resuming.
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    await bucketEmptiedAgo(1000);
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
    const { queue } = queueWorld.components;
    const fans = Array.from({ length: 100 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await freeze({ admitRatePerSecond: 4 });
    await queue.touch(SALE, fans);
    const stepAfter = async (sinceLastMs: number) => {
      await bucketEmptiedAgo(sinceLastMs);
      return (await queue.admitStep(SALE)).admitted;
    };
    expect(await stepAfter(3_000)).toBe(12);
    expect(await stepAfter(60_000)).toBe(20);
  });

  it('[Q11] admits no burst at T0: the time the queue waited for its sale saves nothing up', async () => {
    const { queue } = queueWorld.components;
    const fans = Array.from({ length: 30 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 4 });
    // The queue has existed for a minute before T0.
    await bucketEmptiedAgo(60_000);
    await shuffle();
    await queue.touch(SALE, fans);
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
  });

  it('[Q17] admits a share of the rate while the nodes are overloaded, and all of it again once they recover', async () => {
    const { queue, catalogue, salesRepository, redis, keys } = queueWorld.components;
    const fans = Array.from({ length: 200 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await freeze({ admitRatePerSecond: 20 });
    await queue.touch(SALE, fans);
    const io = { to: () => ({ emit: () => undefined }) } as unknown as SeatRushServer;
    const cursors: QueueCursor[] = [];
    let worstLagMs = 2_000;
    /** One pacer step, with a full second of allowance; returns how many it admitted. */
    const step = async () => {
      await bucketEmptiedAgo(1000);
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
    const { queue, catalogue, salesRepository, redis, keys } = queueWorld.components;
    const fans = Array.from({ length: 100 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await startSaleAt(new Date(Date.now() - 1000), { admitRatePerSecond: 20 });
    await queue.touch(SALE, fans);
    const io = { to: () => ({ emit: () => undefined }) } as unknown as SeatRushServer;
    /** One pacer step with the nodes well under the target, and a full second of allowance once live. */
    const step = async () => {
      if ((await queue.stats(SALE)).phase === 'live') await bucketEmptiedAgo(1000);
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
    const { queue, inventory, redis, keys } = queueWorld.components;
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
    const afterPurchase = queueWorld.world.config.QUEUE_AFTER_PURCHASE_MS;
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
    const { queue, redis, keys } = queueWorld.components;
    const saleKeys = keys.sale(SALE);
    for (let i = 0; i < 4; i++) await queue.join(fan(i), SALE);
    await freeze();
    await queue.touch(SALE, [fan(0), fan(1), fan(2), fan(3)]);
    await redis.hset(saleKeys.meta, 'allowance', 100);
    expect((await queue.admitStep(SALE)).admitted).toBe(4);
    const { QUEUE_SHOPPER_IDLE_MS: idleMs } = queueWorld.world.config;
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
    const { queue, inventory, catalogue } = queueWorld.components;
    // Other tests hold seats in these shows: block the seats that are free now.
    const sale = catalogue.sale(SALE)!;
    await freeze();
    expect((await queue.noteSoldOut(sale)).soldOut).toBe(false);
    expect((await queue.cursor(SALE)).soldOut).toBe(false);
    const [night1, night2] = [await freeSeatsOf('night-1'), await freeSeatsOf('night-2')];
    await inventory.block('night-1', night1, 'test');
    expect((await queue.noteSoldOut(sale)).soldOut).toBe(false); // night 2 still has seats
    await inventory.block('night-2', night2, 'test');
    expect((await queue.noteSoldOut(sale)).soldOut).toBe(true);
    expect((await queue.cursor(SALE)).soldOut).toBe(true);
    await inventory.unblock('night-2', night2.slice(0, 1));
    expect((await queue.noteSoldOut(sale)).soldOut).toBe(false);
    expect((await queue.cursor(SALE)).soldOut).toBe(false);
    await inventory.unblock('night-1', night1);
    await inventory.unblock('night-2', night2.slice(1));
  });

  it('[Q8] admits nobody while no seat is free, and again, with nothing saved up, once one is', async () => {
    const { queue, inventory, catalogue, redis, keys } = queueWorld.components;
    const sale = catalogue.sale(SALE)!;
    const fans = Array.from({ length: 20 }, (_, i) => fan(i));
    for (const account of fans) await queue.join(account, SALE);
    await freeze({ admitRatePerSecond: 5 });
    await queue.touch(SALE, fans);
    // Start from no basket at all (other tests leave holds), and one seat left on sale.
    for (const showId of sale.showIds)
      for (const holdId of await redis.hkeys(keys.show(showId).holds))
        await inventory.release(null, showId, holdId, true);
    const [night1, night2] = [await freeSeatsOf('night-1'), await freeSeatsOf('night-2')];
    await inventory.block('night-1', night1.slice(1), 'test');
    await inventory.block('night-2', night2, 'test');

    // A seat free: admission goes on.
    expect(await queue.noteSoldOut(sale)).toEqual({ soldOut: false, allSold: false });
    await bucketEmptiedAgo(1000);
    expect((await queue.admitStep(SALE)).admitted).toBe(5);
    const admitsNobody = async () => {
      await bucketEmptiedAgo(10_000);
      await queue.noteSoldOut(sale);
      const before = await queue.stats(SALE);
      expect((await queue.admitStep(SALE)).admitted).toBe(0);
      expect((await queue.stats(SALE)).nowServing).toBe(before.nowServing);
    };

    // The last seat is only in a basket: it may come back, but until it does nobody is admitted.
    const basket = await inventory.hold('fan-with-a-basket', 'night-1', night1.slice(0, 1));
    expect(await queue.noteSoldOut(sale)).toEqual({ soldOut: true, allSold: false });
    await admitsNobody();
    // Staff see why admission stands still.
    expect(await queue.stats(SALE)).toMatchObject({ paused: false, soldOut: true, allSold: false });

    // Paid for (here: taken off sale once its basket is gone): nothing is left to sell.
    await inventory.release(null, 'night-1', basket.holdId, true);
    await inventory.block('night-1', night1.slice(0, 1), 'test');
    expect(await queue.noteSoldOut(sale)).toEqual({ soldOut: true, allSold: true });
    expect(await queue.cursor(SALE)).toMatchObject({ soldOut: true, allSold: true });
    await admitsNobody();

    // Staff put a seat back on sale: admission resumes, with nothing saved up while it waited.
    await inventory.unblock('night-2', night2.slice(0, 1));
    expect(await queue.noteSoldOut(sale)).toEqual({ soldOut: false, allSold: false });
    expect((await queue.admitStep(SALE)).admitted).toBe(0);
    await bucketEmptiedAgo(1000);
    expect((await queue.admitStep(SALE)).admitted).toBe(5);
    await inventory.unblock('night-1', night1);
    await inventory.unblock('night-2', night2.slice(1));
  });

  it('[Q14] leaving is for good: the place is passed even while another tab keeps the fan present', async () => {
    const { queue, redis, keys } = queueWorld.components;
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
