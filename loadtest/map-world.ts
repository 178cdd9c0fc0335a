import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ensureClientBuilt } from '../e2e/support/client-build';
import { seedOnSaleShow } from '../server/catalogue/catalogue-seed';
import { loadConfig } from '../server/config/config';
import { createDatabase, migrateToLatest } from '../server/db/database';
import { createLogger } from '../server/observability/logger';
import { createRedis } from '../server/redis/connection';
import { startNode, type RunningNode } from '../server/node';
import { BENCH_STADIUM_SEATS, deleteKeys, REDIS_URL, SERVER_URL, withAdmin } from './bench-world';

/**
 * What `npm run bench:map` runs against: one SeatRush node in this process (as the browser tests
 * start it: `server/node.ts` serving the built app from dist/client), on its own PostgreSQL database
 * (dropped and re-created at each run) and a random Redis key prefix, with a show on sale now in the
 * full 50,000-seat stadium (no sale, so no waiting room and no admission).
 */
export const MAP_BENCH_DATABASE = 'seatrush_bench_map';
export const MAP_BENCH_SHOW_ID = 'bench-map-show';

export interface MapWorld {
  node: RunningNode;
  url: string;
  showId: string;
  seatCount: number;
  redis: Redis;
  /** Stops the node, deletes the prefix's Redis keys, drops the database; safe to call more than once. */
  dispose(): Promise<void>;
}

const dropDatabase = () =>
  withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${MAP_BENCH_DATABASE}" WITH (FORCE)`));

export async function createMapWorld(): Promise<MapWorld> {
  const clientDir = ensureClientBuilt();
  const redisPrefix = `benchmap:${randomBytes(4).toString('hex')}:`;
  const databaseUrl = `${SERVER_URL}/${MAP_BENCH_DATABASE}`;
  const redis = createRedis(REDIS_URL);
  let node: RunningNode | undefined;
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      await node?.stop().catch((error: unknown) => console.error('stopping the node:', error));
      await deleteKeys(redis, `${redisPrefix}*`);
      redis.disconnect();
      await dropDatabase();
    })());

  try {
    await dropDatabase();
    await withAdmin((client) => client.query(`CREATE DATABASE "${MAP_BENCH_DATABASE}"`));
    const db = createDatabase(databaseUrl, 2);
    try {
      await migrateToLatest(db);
      await seedOnSaleShow(db, {
        showId: MAP_BENCH_SHOW_ID,
        seatCount: BENCH_STADIUM_SEATS,
        seatLimitPerAccount: 8,
      });
    } finally {
      await db.destroy();
    }
    // The browser tests' settings (plain-http cookies), with the server's default intervals: deltas
    // are published every DELTA_INTERVAL_MS = 100 ms, as in production.
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      TICKET_SECRET: randomBytes(32).toString('base64url'),
      PASSWORD_HASH_LOG2_COST: '10',
    });
    node = await startNode(config, { logger: createLogger('warn'), clientDir });
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    node,
    url: node.url!,
    showId: MAP_BENCH_SHOW_ID,
    seatCount: BENCH_STADIUM_SEATS,
    redis,
    dispose,
  };
}
