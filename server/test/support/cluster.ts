import { fileURLToPath } from 'node:url';
import { freePort, startPrimary, type RunningPrimary } from '../../../loadtest/processes';
import type { Config } from '../../config/config';

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));

export type RunningCluster = RunningPrimary;

/**
 * Starts the real thing, `node --import tsx server/main.ts`, as a node:cluster primary with its
 * workers, on the test world's Redis prefix and database (the same launcher as the benchmarks).
 */
export async function startCluster(
  config: Config,
  env: Record<string, string> = {},
): Promise<RunningCluster> {
  return startPrimary(
    MAIN,
    {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      DATABASE_URL: config.DATABASE_URL,
      REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
      SESSION_SECRET: config.SESSION_SECRET,
      TICKET_SECRET: config.TICKET_SECRET,
      SWEEP_INTERVAL_MS: String(config.SWEEP_INTERVAL_MS),
      DELTA_INTERVAL_MS: String(config.DELTA_INTERVAL_MS),
      LEADER_LOCK_TTL_MS: String(config.LEADER_LOCK_TTL_MS),
      OUTBOX_INTERVAL_MS: String(config.OUTBOX_INTERVAL_MS),
      SIMULATED_PAYMENT_LATENCY_MS: String(config.SIMULATED_PAYMENT_LATENCY_MS),
      QUEUE_LAG_TARGET_MS: String(config.QUEUE_LAG_TARGET_MS),
      WORKERS: '2',
      ...env,
    },
    'seatrush:up',
  );
}

/** The process id in a node id ("host:pid:random"). */
export function pidOfNode(nodeId: string): number {
  return Number(nodeId.split(':').at(-2));
}
