import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClientCommand,
  CommandReply,
  CommandRequest,
  WelcomeMessage,
} from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import { RedisKeys } from '../redis/keys';
import { pidOfNode, startCluster, type RunningCluster } from './support/cluster';
import {
  command,
  connectClient,
  connected,
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  waitFor,
  type ClientSocket,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let cluster: RunningCluster;
let keys: RedisKeys;
const SALE = 'test-sale';
const FANS = 40;
const CAP = 5;

interface QueuedFan {
  id: string;
  socket: ClientSocket;
  nodeId?: string;
  cursors: QueueCursor[];
}
const fans: QueuedFan[] = [];

/** A command retried until it is answered: a worker killed mid-command drops it, and the fan retries. */
async function persistently<E extends ClientCommand>(
  fan: QueuedFan,
  event: E,
  payload: CommandRequest<E>,
): Promise<CommandReply<E>> {
  for (let attempt = 0; attempt < 40; attempt++) {
    await connected(fan.socket);
    const reply = await command(fan.socket, event, payload, 2_000).catch(() => undefined);
    if (reply?.ok) return reply.data;
    if (reply && !reply.ok && reply.error.code !== 'SERVICE_UNAVAILABLE') {
      throw new Error(`${event}: ${reply.error.code}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${event} never answered`);
}

const entryOf = (fan: QueuedFan) => persistently(fan, 'queue:status', { saleId: SALE });

async function pacerNode(): Promise<string> {
  return waitFor(
    async () => (await world.redis.get(`${keys.leaderLock('queue-pacer')}:holder`)) ?? undefined,
    10_000,
    'a pacer',
  );
}

async function admittedTotal(): Promise<number> {
  return Number(await world.redis.hget(keys.sale(SALE).meta, 'admittedTotal'));
}

beforeAll(async () => {
  world = await createTestWorld();
  const show = await seedShow(world.db, { seatCount: 200 });
  await seedSale(world.db, { id: SALE, showIds: [show.showId], activeCap: CAP, admitRatePerSecond: 50 });
  keys = new RedisKeys(world.config.REDIS_KEY_PREFIX);
  cluster = await startCluster(world.config, {
    WORKERS: '2',
    QUEUE_STEP_MS: '100',
    QUEUE_PRESENCE_MS: '300',
    CATALOGUE_REFRESH_MS: '300',
  });
  for (const { id, token } of await createFans(world, FANS)) {
    const fan: QueuedFan = { id, socket: connectClient(cluster.url, token), cursors: [] };
    fan.socket.on('session:welcome', (welcome: WelcomeMessage) => (fan.nodeId = welcome.nodeId));
    fan.socket.on('queue:cursor', (cursor) => fan.cursors.push(cursor));
    fans.push(fan);
  }
  await Promise.all(fans.map((fan) => connected(fan.socket)));
}, 90_000);

afterAll(async () => {
  fans.forEach((fan) => fan.socket.disconnect());
  await cluster?.stop();
  await world.dispose();
});

describe('the waiting room on a cluster whose workers die', () => {
  const arrivals = new Map<string, number>();
  const places = new Map<string, number>();

  it('[Q16] a worker killed during the joins loses and renumbers no one', async () => {
    const joining = fans.map(async (fan, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 10));
      arrivals.set(fan.id, (await persistently(fan, 'queue:join', { saleId: SALE })).arrival);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const victim = await waitFor(() => fans.find((fan) => fan.nodeId)?.nodeId);
    process.kill(pidOfNode(victim), 'SIGKILL');
    await Promise.all(joining);

    // Every fan has exactly one arrival number, 0..FANS-1, and asking again gives the same one.
    expect([...arrivals.values()].sort((a, b) => a - b)).toEqual([...Array(FANS).keys()]);
    for (const fan of fans) expect((await entryOf(fan)).arrival).toBe(arrivals.get(fan.id));
  }, 60_000);

  it('[Q16] the pacer shuffles at T0; killing its worker keeps every place and admission goes on', async () => {
    await world.db
      .updateTable('sales')
      .set({ starts_at: new Date(Date.now() - 1000) })
      .where('id', '=', SALE)
      .execute();
    await waitFor(
      () => fans.every((fan) => fan.cursors.some((cursor) => cursor.phase === 'live')),
      15_000,
      'the shuffle reaching every fan',
    );
    for (const fan of fans) places.set(fan.id, (await entryOf(fan)).place!);
    expect([...places.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: FANS }, (_, i) => i + 1));
    await waitFor(async () => (await admittedTotal()) === CAP, 10_000, 'the first shoppers');

    const pacer = await pacerNode();
    process.kill(pidOfNode(pacer), 'SIGKILL');
    let highestActive = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        highestActive = Math.max(highestActive, await world.redis.zcard(keys.sale(SALE).active));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    // Shoppers leave one by one; the new pacer fills each slot with the next place.
    for (let round = 0; (await admittedTotal()) < FANS && round < 200; round++) {
      const active = await world.redis.zrange(keys.sale(SALE).active, 0, -1);
      const leaver = fans.find((fan) => fan.id === active[0]);
      if (leaver) await persistently(leaver, 'queue:leave', { saleId: SALE });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    watching = false;
    await watcher;

    expect(await admittedTotal()).toBe(FANS);
    expect(Number(await world.redis.hget(keys.sale(SALE).meta, 'noShows'))).toBe(0);
    expect(await pacerNode()).not.toBe(pacer);
    expect(highestActive).toBeLessThanOrEqual(CAP);
    // Admitted at exactly the places they were given before the crash, in place order.
    const admitted = await world.redis.hgetall(keys.sale(SALE).admitted);
    for (const fan of fans) expect(Number(admitted[fan.id]!.split('|')[0])).toBe(places.get(fan.id));
    for (const fan of fans) expect((await entryOf(fan)).place).toBe(places.get(fan.id));
  }, 90_000);
});
