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

/**
 * A command asked again until it is answered: a worker killed mid-command drops it, and the fan asks
 * again once their socket is connected again (to a live worker). SERVICE_UNAVAILABLE is asked again too.
 */
async function persistently<E extends ClientCommand>(
  fan: QueuedFan,
  event: E,
  payload: CommandRequest<E>,
): Promise<CommandReply<E>> {
  const answer = async () => {
    await connected(fan.socket);
    const reply = await command(fan.socket, event, payload, 2_000).catch(() => undefined);
    if (reply && !reply.ok && reply.error.code !== 'SERVICE_UNAVAILABLE') {
      throw new Error(`${event}: ${reply.error.code}`);
    }
    return reply?.ok && { data: reply.data };
  };
  return (await waitFor(answer, 30_000, `an answer to ${event}`)).data;
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

/**
 * Resolves once an admission step has run after this call, on whichever worker is the pacer: every
 * step's admit script stamps allowanceAt in the sale's meta (and decides atomically when it runs).
 */
async function nextAdmissionStep(): Promise<void> {
  const stamp = await world.redis.hget(keys.sale(SALE).meta, 'allowanceAt');
  const moved = async () => (await world.redis.hget(keys.sale(SALE).meta, 'allowanceAt')) !== stamp;
  await waitFor(moved, 20_000, 'an admission step');
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
    const join = async (fan: QueuedFan) => {
      arrivals.set(fan.id, (await persistently(fan, 'queue:join', { saleId: SALE })).arrival);
    };
    // Half the fans join first. Then the rest at once, and at the first answer to those, the worker
    // of a fan still waiting for theirs is killed: joins were answered before the kill, and are in
    // flight on the dying worker during it (its fans ask again on the other one).
    await Promise.all(fans.slice(0, FANS / 2).map(join));
    const late = fans.slice(FANS / 2);
    let victim: string | undefined;
    const killWorkerOfAWaitingFan = () => {
      victim = late.find((fan) => fan.nodeId && !arrivals.has(fan.id))?.nodeId;
      if (victim) process.kill(pidOfNode(victim), 'SIGKILL');
    };
    await Promise.all(
      late.map(async (fan) => {
        await join(fan);
        if (!victim) killWorkerOfAWaitingFan();
      }),
    );
    expect(victim, 'a worker was killed while fans waited for their joins').toBeDefined();

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

    // Shoppers leave one by one; the new pacer fills each slot with the next place. Before each
    // leave, once the slots are full again (fans still waiting), a whole admission step runs: a pacer
    // that broke the cap would admit one more in it, and the count would show it until the leave.
    const activeKey = keys.sale(SALE).active;
    let highestActive = 0;
    for (let left = 0; left < FANS - CAP; left++) {
      await waitFor(async () => (await world.redis.zcard(activeKey)) >= CAP, 20_000, 'the slots filled');
      await nextAdmissionStep();
      highestActive = Math.max(highestActive, await world.redis.zcard(activeKey));
      const [first] = await world.redis.zrange(activeKey, 0, 0);
      const leaver = fans.find((fan) => fan.id === first)!;
      await persistently(leaver, 'queue:leave', { saleId: SALE });
    }
    await waitFor(async () => (await admittedTotal()) === FANS, 20_000, 'the last fans admitted');

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
