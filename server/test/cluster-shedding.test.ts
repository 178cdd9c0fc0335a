import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RunningCluster } from './support/cluster';
import { createTestWorld, seedShow, waitFor, type TestShow, type TestWorld } from './support/harness';

/**
 * The real cluster with a shedding threshold every worker is over (1 ms: an event loop's delay,
 * as measured, is never under its 10 ms resolution), so its workers turn every new Socket.IO
 * session away (server/cluster/handshake-shedder.ts) while the API goes on.
 */

let world: TestWorld;
let show: TestShow;
let cluster: RunningCluster;

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 200 });
  cluster = await startCluster(world.config, { WORKERS: '1', SHED_HANDSHAKES_LAG_MS: '1' });
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
  await world.dispose();
});

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** A GET on a connection of its own (the door judges the first request of each connection). */
function get(path: string): Promise<Answer> {
  const { hostname, port } = new URL(cluster.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('a cluster worker over its shedding threshold', () => {
  it('answers a new Socket.IO session 503 with Retry-After, and the API as usual', async () => {
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
