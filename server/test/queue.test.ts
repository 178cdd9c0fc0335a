import { describe, expect, it } from 'vitest';
import { rooms } from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import { parseSeedHex, queuePermutation, seedCommitment } from '../../shared/queue-permutation';
import { queuePacerStep } from '../queue/queue-pacer';
import type { SeatRushServer } from '../realtime/typed-socket';
import { chiSquareIndependence } from './support/chi-square';
import { silentLogger } from './support/harness';
import { SALE, fan, queueSaleWorld } from './support/queue-sale';
import { codeOf } from './support/error-code';

const queueWorld = queueSaleWorld();
const { startSaleAt, freeze } = queueWorld;

/** Admission steps until `count` more fans are admitted (everyone present), returning them in order. */
async function admitAll(expected: number): Promise<string[]> {
  const { queue, redis, keys } = queueWorld.components;
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

describe('the shuffle at T0', () => {
  it('[Q5][Q6][Q7] 10,000 pre-queue fans get a uniform, verifiable order; later fans follow in arrival order', async () => {
    const { queue } = queueWorld.components;
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
    expect(seedCommitment(parseSeedHex(shuffle!.seed))).toBe(
      queueWorld.components.catalogue.sale(SALE)!.seedCommitment,
    );

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
    const { queue, catalogue, salesRepository, redis, keys } = queueWorld.components;
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
    const entry = await queueWorld.components.queue.join(fan(1), SALE);
    expect(entry).toMatchObject({ place: null, standing: 'prequeue' });
    expect(await queueWorld.components.queue.shuffle(SALE)).toBeUndefined();
  });
});

describe('joining', () => {
  it('[Q1] the same account joining many times at once has one place', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => queueWorld.components.queue.join(fan(7), SALE)),
    );
    expect(new Set(results.map((entry) => entry.arrival)).size).toBe(1);
    expect(await queueWorld.components.redis.zcard(queueWorld.components.keys.sale(SALE).arrivals)).toBe(1);
  });

  it('[Q3] refuses joins before the pre-queue opens and after the sale closes', async () => {
    await queueWorld.world.db
      .updateTable('sales')
      .set({ prequeue_opens_at: new Date(Date.now() + 60_000), starts_at: new Date(Date.now() + 120_000) })
      .execute();
    await queueWorld.components.catalogue.refresh();
    await queueWorld.components.queue.ensure(queueWorld.components.catalogue.sale(SALE)!);
    expect(await codeOf(queueWorld.components.queue.join(fan(1), SALE))).toBe('QUEUE_NOT_OPEN');
    await queueWorld.world.db
      .updateTable('sales')
      .set({
        prequeue_opens_at: new Date(Date.now() - 120_000),
        starts_at: new Date(Date.now() - 60_000),
        closes_at: new Date(Date.now() - 1000),
      })
      .execute();
    await queueWorld.components.catalogue.refresh();
    await queueWorld.components.queue.ensure(queueWorld.components.catalogue.sale(SALE)!);
    expect(await codeOf(queueWorld.components.queue.join(fan(1), SALE))).toBe('QUEUE_CLOSED');
    await queueWorld.world.db
      .updateTable('sales')
      .set({ closes_at: new Date(Date.now() + 7 * 24 * 3600_000) })
      .execute();
  });

  it('[Q2] an account that holds its limit in every show of the sale cannot join', async () => {
    const { inventory, queue } = queueWorld.components;
    await inventory.hold('holder-a', 'night-1', [1, 2, 3, 4]);
    expect((await queue.join('holder-a', SALE)).arrival).toBe(0);
    await inventory.hold('holder-b', 'night-1', [5, 6, 7, 8]);
    await inventory.hold('holder-b', 'night-2', [5, 6, 7, 8]);
    expect(await codeOf(queue.join('holder-b', SALE))).toBe('LIMIT_EXCEEDED');
  });

  it('refuses unknown sales and asks who is not in line', async () => {
    expect(await codeOf(queueWorld.components.queue.join(fan(1), 'no-such-sale'))).toBe('SALE_NOT_FOUND');
    expect(await codeOf(queueWorld.components.queue.entry(fan(2), SALE))).toBe('NOT_IN_QUEUE');
  });
});
