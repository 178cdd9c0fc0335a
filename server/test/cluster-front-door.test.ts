import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeVitals } from '../observability/node-vitals';
import { RedisKeys } from '../redis/keys';
import { startCluster, type RunningCluster } from './support/cluster';
import { getOnNewConnection } from './support/first-request';
import { createTestWorld, seedShow, waitFor, type TestShow, type TestWorld } from './support/harness';

/**
 * The real cluster's front door (server/cluster/direct-accept.ts): each worker accepts on several
 * descriptors of the listening socket, and, with a shedding threshold every worker is over (1 ms:
 * an event loop's delay, as measured, is never under its 10 ms resolution), turns every new
 * Socket.IO session away (handshake-shedder.ts) while the API goes on.
 */

const ACCEPT_HANDLES = 5;

let world: TestWorld;
let show: TestShow;
let cluster: RunningCluster;

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 200 });
  cluster = await startCluster(world.config, {
    WORKERS: '2',
    SHED_HANDSHAKES_LAG_MS: '1',
    ACCEPT_HANDLES_PER_WORKER: String(ACCEPT_HANDLES),
  });
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
  await world.dispose();
});

const get = (path: string) => getOnNewConnection(cluster.url, path);

describe('the cluster front door', () => {
  it('has each worker accept on the descriptors it asked the primary for', async () => {
    const keys = new RedisKeys(world.config.REDIS_KEY_PREFIX);
    const handlesPerWorker = await waitFor(
      async () => {
        const workers = (await readNodeVitals(world.redis, keys.vitals)).filter((v) => v.role === 'worker');
        const handles = workers.map((vitals) => vitals.extra?.acceptHandles);
        return workers.length === 2 && handles.every((count) => count === ACCEPT_HANDLES) && handles;
      },
      20_000,
      'both workers on their descriptors',
    );
    expect(handlesPerWorker).toEqual([ACCEPT_HANDLES, ACCEPT_HANDLES]);
    // Every one of a burst of new connections is accepted and answered.
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(`/api/shows/${show.showId}`)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
  });

  it('answers a new Socket.IO session 503 with Retry-After while overloaded, and the API as usual', async () => {
    // The first half-second window has to pass before the worker judges itself.
    const refused = await waitFor(
      async () => {
        const answer = await get('/socket.io/?EIO=4&transport=polling');
        return answer.status === 503 && answer;
      },
      20_000,
      'a handshake turned away',
    );
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(2);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(6);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });

    const api = await get(`/api/shows/${show.showId}`);
    expect(api.status).toBe(200);
    expect((JSON.parse(api.body) as { id: string }).id).toBe(show.showId);
  });
});
