import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedis } from '../redis/connection';
import { silentLogger, waitFor } from '../test/support/harness';
import { LeaderLoop } from './leader-loop';

const LEASE_MS = 1_000;
const connections: Redis[] = [];
const loops: LeaderLoop[] = [];

function node(lockKey: string, step: () => Promise<void>): { loop: LeaderLoop; steps: () => number } {
  const redis = createRedis('redis://127.0.0.1:6379');
  connections.push(redis);
  let steps = 0;
  const loop = new LeaderLoop(
    redis,
    LeaderLoop.createRedlock(redis, LEASE_MS),
    {
      name: 'test-job',
      lockKey,
      lockTtlMs: LEASE_MS,
      intervalMs: 20,
      nodeId: `node-${connections.length}`,
      step: async () => {
        steps++;
        await step();
      },
    },
    silentLogger,
  );
  loops.push(loop);
  loop.start();
  return { loop, steps: () => steps };
}

afterEach(async () => {
  await Promise.all(loops.splice(0).map((loop) => loop.stop()));
});

afterAll(async () => {
  await Promise.all(connections.map((redis) => redis.quit()));
});

describe('leader-only jobs', () => {
  it('[H5] run on exactly one node, and another takes over when the leader stops', async () => {
    const lockKey = `t${randomBytes(4).toString('hex')}:leader`;
    const nodes = [
      node(lockKey, async () => undefined),
      node(lockKey, async () => undefined),
      node(lockKey, async () => undefined),
    ];
    const first = await waitFor(() => nodes.find((n) => n.loop.leading), 5_000, 'a leader');
    // Every other node has since tried to lead twice, and the leader has worked: still one leader.
    const triedBefore = nodes.map((n) => n.loop.attempts);
    await waitFor(
      () =>
        nodes.every((n, i) => n === first || n.loop.attempts >= triedBefore[i]! + 2) && first.steps() >= 3,
      10_000,
      'the others to try again',
    );
    expect(nodes.filter((n) => n.loop.leading)).toHaveLength(1);
    expect(nodes.filter((n) => n.steps() > 0)).toHaveLength(1);

    const leader = nodes.find((n) => n.loop.leading)!;
    await leader.loop.stop();
    const next = await waitFor(
      () => nodes.find((n) => n !== leader && n.loop.leading),
      5_000,
      'a new leader',
    );
    const stepsBefore = next.steps();
    await waitFor(() => next.steps() > stepsBefore, 2_000, 'the new leader to work');
  });

  it('a leader whose step hangs gives up the lead instead of keeping its lease alive', async () => {
    const lockKey = `t${randomBytes(4).toString('hex')}:leader`;
    const stuck = node(lockKey, () => new Promise<void>(() => undefined));
    await waitFor(() => stuck.loop.leading, 5_000, 'the stuck node to lead');
    const healthy = node(lockKey, async () => undefined);
    await waitFor(() => healthy.steps() > 0, 15_000, 'the healthy node to take over');
  }, 20_000);
});
