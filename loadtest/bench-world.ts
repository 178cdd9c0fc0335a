import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { hashPassword } from '../server/accounts/password-hash';
import { SessionTokens } from '../server/accounts/session-tokens';
import { seedOnSaleShow } from '../server/catalogue/catalogue-seed';
import { createDatabase, migrateToLatest, type Db } from '../server/db/database';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config/config';
import { createRedis } from '../server/redis/connection';
import { freePort, startPrimary, type RunningPrimary } from './processes';

/**
 * What the hold phase runs against: its own PostgreSQL database (dropped and re-created at each
 * run), a random Redis key prefix, a show on sale in the full 50,000-seat stadium, and fans with
 * session tokens signed with the secret the cluster gets.
 */
export const BENCH_DATABASE = 'seatrush_bench';
/** The PostgreSQL server benchmarks make their databases on, and the Redis they use. */
export const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_SHOW_ID = 'bench-show';
export const BENCH_STADIUM_SEATS = 50_000;
const TOKEN_TTL_MS = 60 * 60_000;
/** Rows per INSERT: 4 parameters a row stays far below PostgreSQL's 65,535. */
const INSERT_BATCH = 5_000;
/** Cheapest scrypt cost: the accounts exist only to own holds. */
const PASSWORD_LOG2_COST = 10;

export interface BenchWorld {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  sessionSecret: string;
  ticketSecret: string;
  /** Session tokens of `fanCount` fans, one account each. */
  tokens: string[];
  /** Drops the database and deletes the prefix's Redis keys; safe to call more than once. */
  dispose(): Promise<void>;
}

/** Runs `work` on a connection to the server's `postgres` database (to create and drop others). */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function postgresVersion(): Promise<string> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  });
}

function dropDatabase(): Promise<void> {
  return withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`);
  });
}

function seedShow(db: Db): Promise<unknown> {
  return seedOnSaleShow(db, { showId: BENCH_SHOW_ID, seatCount: BENCH_STADIUM_SEATS });
}

async function insertFans(db: Db, count: number): Promise<string[]> {
  const passwordHash = await hashPassword(randomBytes(16).toString('base64url'), PASSWORD_LOG2_COST);
  const ids: string[] = [];
  for (let first = 0; first < count; first += INSERT_BATCH) {
    const rows = await db
      .insertInto('accounts')
      .values(
        Array.from({ length: Math.min(INSERT_BATCH, count - first) }, (_, i) => ({
          email: `bench-fan-${first + i}@example.test`,
          password_hash: passwordHash,
          display_name: `Bench fan ${first + i}`,
          language: 'en',
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export async function createBenchWorld(fanCount: number): Promise<BenchWorld> {
  const databaseUrl = `${SERVER_URL}/${BENCH_DATABASE}`;
  const redisPrefix = `bench:${randomBytes(4).toString('hex')}:`;
  const sessionSecret = randomBytes(32).toString('base64url');
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      const redis = createRedis(REDIS_URL);
      try {
        await deleteKeys(redis, `${redisPrefix}*`);
      } finally {
        redis.disconnect();
      }
      await dropDatabase();
    })());

  await dropDatabase();
  await withAdmin((client) => client.query(`CREATE DATABASE "${BENCH_DATABASE}"`));
  const db = createDatabase(databaseUrl, 2);
  let tokens: string[];
  try {
    await migrateToLatest(db);
    await seedShow(db);
    const accountIds = await insertFans(db, fanCount);
    const sessions = new SessionTokens(sessionSecret, TOKEN_TTL_MS);
    tokens = await Promise.all(
      accountIds.map(async (id) => (await sessions.issue('fan', id, { language: 'en' })).token),
    );
  } catch (error) {
    await db.destroy();
    await dispose();
    throw error;
  }
  await db.destroy();
  return {
    databaseUrl,
    redisUrl: REDIS_URL,
    redisPrefix,
    sessionSecret,
    ticketSecret: randomBytes(32).toString('base64url'),
    tokens,
    dispose,
  };
}

const SERVER_MAIN = fileURLToPath(new URL('../server/main.ts', import.meta.url));

/**
 * The SeatRush cluster as deployed (production mode, default settings but `env`) on the bench's
 * stores.
 */
export async function startSeatRush(
  world: BenchWorld,
  workers: number,
  env: Record<string, string> = {},
): Promise<RunningPrimary> {
  const settings = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    WORKERS: String(workers),
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    REDIS_KEY_PREFIX: world.redisPrefix,
    SESSION_SECRET: world.sessionSecret,
    TICKET_SECRET: world.ticketSecret,
    ...env,
  };
  loadConfig(settings); // fails here, with the reason, rather than in the child
  return startPrimary(SERVER_MAIN, settings, 'seatrush:up');
}
