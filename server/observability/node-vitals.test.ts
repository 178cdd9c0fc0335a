import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../test/support/harness';
import { readNodeVitals, startNodeVitals, type NodeVitals } from './node-vitals';

const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
const key = `t${randomBytes(4).toString('hex')}:vitals`;

afterAll(async () => {
  await redis.del(key);
  redis.disconnect();
});

/** Keeps this process's event loop working (no I/O, no timers) for `ms`. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) Math.sqrt(Math.random());
}

describe('node vitals', () => {
  it("say how busy the node's event loop was over each second, apart from its delay", async () => {
    const vitals = startNodeVitals(redis, key, { nodeId: 'node-a', role: 'worker' });
    const next = async (after: number): Promise<NodeVitals> =>
      waitFor(
        async () => (await readNodeVitals(redis, key)).find((reading) => reading.at > after),
        10_000,
        'a reading',
      );
    try {
      const first = await next(0);
      expect(first.loopBusy).toBeGreaterThanOrEqual(0);
      expect(first.loopBusy).toBeLessThanOrEqual(1);
      // 1.2 s of work in one turn: the reading after it covers at most 1 s of waiting besides.
      const busyFrom = Date.now();
      work(1_200);
      const busy = await next(busyFrom + 1_000);
      expect(busy.loopBusy).toBeGreaterThan(0.5);
      // Then only waiting: some reading says the loop was mostly idle.
      const calm = await waitFor(
        async () => {
          const reading = await next(Date.now());
          return reading.loopBusy !== undefined && reading.loopBusy < 0.5 && reading;
        },
        20_000,
        'a calm reading',
      );
      expect(calm.lagP99Ms).toBeGreaterThanOrEqual(0);
    } finally {
      await vitals.stop();
    }
  }, 40_000);
});
