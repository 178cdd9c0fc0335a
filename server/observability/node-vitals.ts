import type { Redis } from 'ioredis';
import { startLoopDelayGauge } from './loop-delay';

/**
 * Every process of a deployment (cluster primary, workers, single nodes) writes its vitals to one
 * Redis hash every second: event-loop delay over the last interval, memory and CPU time. Operators
 * and the surge read them (`npm run surge` charts them per process); nothing on a request path does.
 * A process's entry is removed when it stops; entries of crashed processes are pruned by the others.
 */

export interface NodeVitals {
  nodeId: string;
  role: 'primary' | 'worker' | 'node';
  pid: number;
  ppid: number;
  /** Epoch ms of the reading. */
  at: number;
  /** Event-loop delay over the interval since the previous reading, ms. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** CPU time used since the process started, microseconds. */
  cpuMicros: number;
  /** Role-specific figures (the primary's balancer: messages waiting for a worker, relayed requests). */
  extra?: Record<string, unknown>;
}

const INTERVAL_MS = 1_000;
/** An entry older than this belongs to a process that is gone. */
const STALE_MS = 60_000;

export function startNodeVitals(
  redis: Redis,
  key: string,
  identity: Pick<NodeVitals, 'nodeId' | 'role'>,
  extra?: () => Record<string, unknown>,
): { stop(): Promise<void> } {
  const delay = startLoopDelayGauge(INTERVAL_MS);
  let writes = 0;
  const write = async () => {
    const cpu = process.cpuUsage();
    const lag = delay.read();
    const vitals: NodeVitals = {
      ...identity,
      pid: process.pid,
      ppid: process.ppid,
      at: Date.now(),
      lagP50Ms: lag.p50Ms,
      lagP99Ms: lag.p99Ms,
      lagMaxMs: lag.maxMs,
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: process.memoryUsage().heapUsed,
      cpuMicros: cpu.user + cpu.system,
      ...(extra && { extra: extra() }),
    };
    await redis.hset(key, identity.nodeId, JSON.stringify(vitals));
    // Every tenth write looks for stale entries: a deployment has tens of processes, not thousands.
    if (++writes % 10 === 0) await pruneStale(redis, key, vitals.at);
  };
  const timer = setInterval(() => void write().catch(() => undefined), INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      delay.stop();
      await redis.hdel(key, identity.nodeId).catch(() => undefined);
    },
  };
}

/** Reads every live process's vitals. */
export async function readNodeVitals(redis: Redis, key: string, now = Date.now()): Promise<NodeVitals[]> {
  const entries = Object.values(await redis.hgetall(key));
  return entries.map((raw) => JSON.parse(raw) as NodeVitals).filter((vitals) => now - vitals.at < STALE_MS);
}

/** Removes the entries of a process that has exited (the cluster primary, for a worker it lost). */
export function removeVitalsOf(redis: Redis, key: string, pid: number): Promise<void> {
  return removeEntries(redis, key, (vitals) => vitals.pid === pid);
}

function pruneStale(redis: Redis, key: string, now: number): Promise<void> {
  return removeEntries(redis, key, (vitals) => now - vitals.at >= STALE_MS);
}

async function removeEntries(
  redis: Redis,
  key: string,
  gone: (vitals: NodeVitals) => boolean,
): Promise<void> {
  const nodeIds = Object.entries(await redis.hgetall(key))
    .filter(([, raw]) => gone(JSON.parse(raw) as NodeVitals))
    .map(([nodeId]) => nodeId);
  if (nodeIds.length > 0) await redis.hdel(key, ...nodeIds);
}
