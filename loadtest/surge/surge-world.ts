import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { SaleView, ShowView } from '../../shared/protocol/views';
import {
  DEMO_PRICES_SATANG,
  upsertSale,
  upsertShow,
  upsertTour,
  upsertVenue,
} from '../../server/catalogue/catalogue-seed';
import { createDatabase, migrateToLatest, type Db } from '../../server/db/database';
import { createRedis } from '../../server/redis/connection';
import { RedisKeys } from '../../server/redis/keys';
import { generateStadium } from '../../server/venue/generate-stadium';
import { deleteKeys, REDIS_URL, SERVER_URL, withAdmin } from '../bench-world';
import { freePort, startPrimary, type RunningPrimary } from '../processes';
import { fileURLToPath } from 'node:url';
import { createFixtureFans, type FixtureSession } from './fixture-accounts';
import type { ShowSpec } from './surge-messages';
import type { SurgeOptions } from './surge-options';
import { FanHttp } from './wire/fan-http';

/**
 * What a surge runs against. Without --url: its own SeatRush (the real cluster, server/main.ts, in
 * production mode) on its own PostgreSQL database and Redis key prefix, with a tour of two shows
 * sold in one sale; all removed at the end. With --url: a running SeatRush on this machine, whose
 * database, Redis and session secret come from the environment (for the fixture step and the audit).
 */

/** Each run's own database: seatrush_surge_<run id>, so two runs never meet. */
const SURGE_DATABASE_PREFIX = 'seatrush_surge_';
const SERVER_MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
const SALE_ID = 'surge-sale';
const TOUR_ID = 'surge-tour';
/** Nodes re-read sales this often, so a T0 set once the crowd is ready reaches every node quickly. */
const CATALOGUE_REFRESH_MS = 1_000;
/** The sale's T0 until the crowd is ready: far enough not to start by itself. */
const PARKED_T0_MS = 24 * 3600_000;

export interface SurgeWorld {
  baseUrl: string;
  saleId: string;
  shows: ShowSpec[];
  db: Db;
  redis: Redis;
  keys: RedisKeys;
  cluster?: RunningPrimary;
  /** Makes `count` fixture fans (accounts and sessions). */
  fixtureFans(count: number): Promise<FixtureSession[]>;
  /** Emails and a password for fans who sign up through the API. */
  apiFanEmail(index: number): string;
  apiFanPassword: string;
  /** Sets T0 (own sale) or checks the target's T0 leaves room for the pre-queue; returns T0. */
  scheduleT0(wantedT0: number): Promise<number>;
  dispose(): Promise<void>;
}

export function createSurgeWorld(options: SurgeOptions, log: (line: string) => void): Promise<SurgeWorld> {
  return options.url ? attachToRunning(options, options.url) : createOwnWorld(options, log);
}

async function createOwnWorld(options: SurgeOptions, log: (line: string) => void): Promise<SurgeWorld> {
  const runId = randomBytes(4).toString('hex');
  const database = `${SURGE_DATABASE_PREFIX}${runId}`;
  const databaseUrl = `${SERVER_URL}/${database}`;
  const redisPrefix = `surge:${runId}:`;
  const sessionSecret = randomBytes(32).toString('base64url');
  const redis = createRedis(REDIS_URL);
  let db: Db | undefined;
  let cluster: RunningPrimary | undefined;
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      await cluster?.stop();
      await db?.destroy();
      await deleteKeys(redis, `${redisPrefix}*`);
      redis.disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    })());
  try {
    await withAdmin((client) => client.query(`CREATE DATABASE "${database}"`));
    db = createDatabase(databaseUrl, 4);
    await migrateToLatest(db);
    await seedSale(db, options);
    log(`database ${database} ready, Redis prefix ${redisPrefix}; starting ${options.workers} workers`);
    cluster = await startPrimary(
      SERVER_MAIN,
      {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        WORKERS: String(options.workers),
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_KEY_PREFIX: redisPrefix,
        SESSION_SECRET: sessionSecret,
        TICKET_SECRET: randomBytes(32).toString('base64url'),
        CATALOGUE_REFRESH_MS: String(CATALOGUE_REFRESH_MS),
        SIMULATED_PAYMENT_FAILURE_RATE: String(options.paymentFailureRate),
        PASSWORD_HASH_LOG2_COST: String(options.passwordCost),
        ...(options.holdTtlSeconds && { HOLD_TTL_MS: String(options.holdTtlSeconds * 1000) }),
        ...(options.afterPurchaseSeconds && {
          QUEUE_AFTER_PURCHASE_MS: String(options.afterPurchaseSeconds * 1000),
        }),
        ...(options.lagTargetMs !== undefined && { QUEUE_LAG_TARGET_MS: String(options.lagTargetMs) }),
        ...(options.shopperIdleSeconds !== undefined && {
          QUEUE_SHOPPER_IDLE_MS: String(options.shopperIdleSeconds * 1000),
        }),
      },
      'seatrush:up',
    );
    const baseUrl = cluster.url;
    const ownDb = db;
    return {
      baseUrl,
      saleId: SALE_ID,
      shows: await showSpecs(baseUrl, SALE_ID),
      db: ownDb,
      redis,
      keys: new RedisKeys(redisPrefix),
      cluster,
      fixtureFans: (count) =>
        createFixtureFans(ownDb, {
          count,
          emailPrefix: `surge-fixture-`,
          sessionSecret,
          sessionTtlMs: sessionTtl(options),
        }),
      apiFanEmail: (index) => `surge-fan-${index}@example.test`,
      apiFanPassword: randomBytes(12).toString('base64url'),
      async scheduleT0(wantedT0) {
        await ownDb
          .updateTable('sales')
          .set({ starts_at: new Date(wantedT0), prequeue_opens_at: new Date(Date.now() - 60_000) })
          .where('id', '=', SALE_ID)
          .execute();
        await ownDb
          .updateTable('shows')
          .set({ on_sale_at: new Date(wantedT0) })
          .where('sale_id', '=', SALE_ID)
          .execute();
        await untilEveryNodeSees(baseUrl, SALE_ID, wantedT0);
        return wantedT0;
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Two nights in one generated stadium, sold in one sale, with the surge's cap, rate and window. */
async function seedSale(db: Db, options: SurgeOptions): Promise<void> {
  const venue = generateStadium({ seatCount: options.seats, id: `surge-venue-${options.seats}` });
  await upsertVenue(db, venue);
  await upsertTour(db, { id: TOUR_ID, name: 'Surge World Tour in Bangkok', artist: 'SURGE (load test)' });
  const parkedT0 = new Date(Date.now() + PARKED_T0_MS);
  const firstNight = Date.now() + 30 * 24 * 3600_000;
  const showIds = ['surge-night-1', 'surge-night-2'];
  for (const [i, id] of showIds.entries()) {
    await upsertShow(db, {
      id,
      tourId: TOUR_ID,
      venueId: venue.id,
      name: `Night ${i + 1}`,
      startsAt: new Date(firstNight + i * 24 * 3600_000),
      onSaleAt: parkedT0,
      pricesSatang: DEMO_PRICES_SATANG,
    });
  }
  await upsertSale(db, {
    id: SALE_ID,
    tourId: TOUR_ID,
    name: 'Surge: both nights',
    showIds,
    prequeueOpensAt: new Date(Date.now() - 60_000),
    startsAt: parkedT0,
    closesAt: new Date(firstNight - 3600_000),
    activeCap: options.cap,
    admitRatePerSecond: options.rate,
    shoppingWindowMs: options.windowSeconds * 1000,
    graceMs: 5 * 60_000,
  });
}

const runningEnvSchema = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().default(REDIS_URL),
  REDIS_KEY_PREFIX: z.string().default('sr:'),
  SESSION_SECRET: z.string().min(32),
});

async function attachToRunning(options: SurgeOptions, url: string): Promise<SurgeWorld> {
  const env = runningEnvSchema.safeParse(process.env);
  if (!env.success) {
    throw new Error(
      `--url needs the deployment's DATABASE_URL and SESSION_SECRET (and REDIS_URL, REDIS_KEY_PREFIX if not the defaults): ${env.error.issues.map((issue) => issue.path.join('.')).join(', ')} missing or invalid`,
    );
  }
  const baseUrl = url.replace(/\/$/, '');
  const sales = await getJson<SaleView[]>(baseUrl, '/api/sales');
  const sale = options.sale ? sales.find((candidate) => candidate.id === options.sale) : sales[0];
  if (!sale)
    throw new Error(
      options.sale ? `no sale ${options.sale} at ${baseUrl}` : `no sale on offer at ${baseUrl}`,
    );
  const runId = randomBytes(4).toString('hex');
  const db = createDatabase(env.data.DATABASE_URL, 4);
  const redis = createRedis(env.data.REDIS_URL);
  return {
    baseUrl,
    saleId: sale.id,
    shows: await showSpecs(baseUrl, sale.id),
    db,
    redis,
    keys: new RedisKeys(env.data.REDIS_KEY_PREFIX),
    fixtureFans: (count) =>
      createFixtureFans(db, {
        count,
        emailPrefix: `surge-${runId}-fixture-`,
        sessionSecret: env.data.SESSION_SECRET,
        sessionTtlMs: sessionTtl(options),
      }),
    apiFanEmail: (index) => `surge-${runId}-fan-${index}@example.test`,
    apiFanPassword: randomBytes(12).toString('base64url'),
    async scheduleT0() {
      const t0 = Date.parse(sale.startsAt);
      const needed = Date.now() + (options.prequeueSeconds + options.earlySeconds) * 1000 + 10_000;
      if (t0 < needed) {
        throw new Error(
          `sale ${sale.id} starts at ${sale.startsAt}: too soon for a ${options.prequeueSeconds + options.earlySeconds} s pre-queue (move its T0 later, or lower --prequeue-seconds and --early-seconds)`,
        );
      }
      return t0;
    },
    async dispose() {
      await db.destroy();
      redis.disconnect();
    },
  };
}

/** The sale's shows as fans see them (GET /api/shows). */
async function showSpecs(baseUrl: string, saleId: string): Promise<ShowSpec[]> {
  const [sale, shows] = await Promise.all([
    getJson<SaleView>(baseUrl, `/api/sales/${saleId}`),
    getJson<ShowView[]>(baseUrl, '/api/shows'),
  ]);
  return sale.showIds.map((showId) => {
    const show = shows.find((candidate) => candidate.id === showId);
    if (!show) throw new Error(`show ${showId} of sale ${saleId} is not on offer`);
    return {
      id: show.id,
      name: show.name,
      seatCount: show.venue.seatCount,
      seatLimitPerAccount: show.seatLimitPerAccount,
      geometryUrl: show.venue.geometryUrl,
      tiers: show.priceTiers.map((tier) => ({ code: tier.code, priceSatang: tier.priceSatang })),
    };
  });
}

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const http = new FanHttp({ baseUrl, maxSockets: 1, timeoutMs: 30_000 });
  try {
    const reply = await http.call<T>({ method: 'GET', path });
    if (!reply.ok) throw new Error(`GET ${path}: ${reply.error.code}`);
    return reply.data;
  } finally {
    http.close();
  }
}

/** Waits until node after node (fresh connections reach different workers) serves the new T0. */
async function untilEveryNodeSees(baseUrl: string, saleId: string, t0: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let agreeing = 0;
  while (agreeing < 12) {
    if (Date.now() > deadline) throw new Error('the nodes did not pick up the new T0 within 30 s');
    const sale = await getJson<SaleView>(baseUrl, `/api/sales/${saleId}`);
    agreeing = Date.parse(sale.startsAt) === t0 ? agreeing + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, CATALOGUE_REFRESH_MS / 4));
  }
}

function sessionTtl(options: SurgeOptions): number {
  return (options.maxMinutes + 30) * 60_000;
}
