import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Catalogue, type ShowLayout } from '../catalogue/catalogue';
import { RedisKeys } from '../redis/keys';
import { pidOfNode, startCluster, type RunningCluster } from './support/cluster';
import {
  createFans,
  createTestWorld,
  seedShow,
  waitFor,
  type TestShow,
  type TestWorld,
} from './support/harness';
import { inventoryProblems, readInventory } from './support/inventory-invariants';
import { connectRacers, race, type Racer } from './support/race-driver';

const RACERS = 2000;
const CONTESTED_SEATS = 200;
const LIMIT = 4;

let world: TestWorld;
let show: TestShow;
let layout: ShowLayout;
let cluster: RunningCluster | undefined;
let racers: Racer[] = [];

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 2000, seatLimitPerAccount: LIMIT });
  layout = (await Catalogue.load(world.db)).layout(show.showId)!;
}, 120_000);

afterEach(async () => {
  racers.forEach((racer) => racer.socket.disconnect());
  racers = [];
  await cluster?.stop();
  cluster = undefined;
});

afterAll(async () => {
  await world.dispose();
});

/** Contested seats: 0..199, and everything else blocked so the race is only for these. */
async function prepareShow(): Promise<void> {
  const keys = new RedisKeys(world.config.REDIS_KEY_PREFIX);
  await world.redis.del(keys.show(show.showId).meta);
  await world.db.deleteFrom('seat_blocks').execute();
  await sql`TRUNCATE orders, order_seats, payments, tickets, outbox, simulated_gateway_charges CASCADE`.execute(
    world.db,
  );
  const others = Array.from(
    { length: layout.venue.seatCount - CONTESTED_SEATS },
    (_, i) => CONTESTED_SEATS + i,
  );
  await world.db
    .insertInto('seat_blocks')
    .values(others.map((seat) => ({ show_id: show.showId, seat_index: seat, reason: 'not in this race' })))
    .execute();
}

/** The contested seats free, and how many are held (they come back or sell). */
async function contestedSeats(): Promise<{ free: number[]; held: number }> {
  const keys = new RedisKeys(world.config.REDIS_KEY_PREFIX).show(show.showId);
  const sections = [
    ...new Set(Array.from({ length: CONTESTED_SEATS }, (_, seat) => layout.venue.sectionOf(seat))),
  ];
  const taken = new Map<number, string>();
  for (const section of sections) {
    for (const [seat, value] of Object.entries(await world.redis.hgetall(keys.section(section))))
      taken.set(Number(seat), value);
  }
  const contested = Array.from({ length: CONTESTED_SEATS }, (_, seat) => seat);
  return {
    free: contested.filter((seat) => !taken.has(seat)),
    held: contested.filter((seat) => taken.get(seat)?.startsWith('H|')).length,
  };
}

/** Exactly the contested seats sold, each once, no account over the limit, Redis and PostgreSQL agreeing. */
async function expectSoldOutConsistently(): Promise<void> {
  const sold = await world.db
    .selectFrom('order_seats')
    .innerJoin('orders', 'orders.id', 'order_seats.order_id')
    .select([
      'order_seats.seat_index as seat',
      'orders.id as orderId',
      'orders.account_id as accountId',
      'orders.status',
    ])
    .where('order_seats.state', '=', 'sold')
    .execute();
  expect(sold).toHaveLength(CONTESTED_SEATS);
  expect(new Set(sold.map((row) => row.seat)).size).toBe(CONTESTED_SEATS);
  expect(sold.every((row) => row.seat < CONTESTED_SEATS && row.status === 'paid')).toBe(true);

  const perAccount = new Map<string, number>();
  for (const row of sold) perAccount.set(row.accountId, (perAccount.get(row.accountId) ?? 0) + 1);
  expect(Math.max(...perAccount.values())).toBeLessThanOrEqual(LIMIT);

  const tickets = await world.db
    .selectFrom('tickets')
    .select(['seat_index'])
    .where('status', '=', 'valid')
    .execute();
  expect(tickets).toHaveLength(CONTESTED_SEATS);

  const keys = new RedisKeys(world.config.REDIS_KEY_PREFIX);
  const state = await readInventory(world.redis, keys, layout);
  for (const row of sold) expect(state.seats.get(row.seat)).toBe(`S|${row.orderId}`);
  expect(state.holds.size).toBe(0);
  expect(inventoryProblems(state, layout, perAccount)).toEqual([]);
}

describe('the race for 200 seats', () => {
  it('2,000 fans over two workers: exactly 200 seats sold, each once, every loser told SEAT_UNAVAILABLE', async () => {
    await prepareShow();
    cluster = await startCluster(world.config, { WORKERS: '2' });
    racers = await connectRacers(cluster.url, await createFans(world, RACERS));
    expect(new Set(racers.map((racer) => racer.nodeIds[0])).size).toBeGreaterThanOrEqual(2);

    const result = await race(show.showId, racers, contestedSeats, { limit: LIMIT });

    expect(result.unanswered).toBe(0);
    expect([...result.refusals.keys()]).toEqual(['SEAT_UNAVAILABLE']);
    expect(
      result.paidOrders.flatMap((order) => order.seats.map((seat) => seat.seat)).sort((a, b) => a - b),
    ).toEqual(Array.from({ length: CONTESTED_SEATS }, (_, seat) => seat));
    await expectSoldOutConsistently();
  }, 240_000);

  it('kill -9 of a worker mid-race: its fans reconnect to another worker, and no seat is held or sold twice', async () => {
    await prepareShow();
    cluster = await startCluster(world.config, {
      WORKERS: '2',
      HOLD_TTL_MS: '3000',
      HOLD_EXTENSION_MS: '3000',
    });
    racers = await connectRacers(cluster.url, await createFans(world, RACERS));
    const victimNode = racers[0]!.nodeIds[0]!;
    const victims = racers.filter((racer) => racer.nodeIds[0] === victimNode);
    expect(victims.length).toBeGreaterThan(0);

    const result = await race(show.showId, racers, contestedSeats, {
      limit: LIMIT,
      onRound: (round) => {
        if (round === 0) setTimeout(() => process.kill(pidOfNode(victimNode), 'SIGKILL'), 20);
      },
    });

    // Every fan of the killed worker is back, on another worker (the race may end before the last one).
    const stranded = () =>
      victims.filter((racer) => !racer.socket.connected || racer.nodeIds.at(-1) === victimNode);
    await waitFor(() => stranded().length === 0, 30_000, "the killed worker's fans to reconnect").catch(
      () => undefined,
    );
    expect(stranded().map((racer) => racer.accountId)).toEqual([]);
    expect(
      [...result.refusals.keys()].every((code) => ['SEAT_UNAVAILABLE', 'LIMIT_EXCEEDED'].includes(code)),
    ).toBe(true);
    const paidSeats = result.paidOrders.flatMap((order) => order.seats.map((seat) => seat.seat));
    expect(new Set(paidSeats).size).toBe(paidSeats.length);
    await expectSoldOutConsistently();
  }, 240_000);
});
