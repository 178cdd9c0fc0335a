import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  ClientCommand,
  ClientToServerEvents,
  CommandReply,
  CommandRequest,
  ServerToClientEvents,
} from '../../../shared/protocol/events';
import type { AckResponse } from '../../../shared/protocol/views';
import { hashPassword } from '../../accounts/password-hash';
import { SessionTokens } from '../../accounts/session-tokens';
import { seedOnSaleShow, upsertSale, type SaleSeed } from '../../catalogue/catalogue-seed';
import { loadConfig, type Config } from '../../config/config';
import { createDatabase, type Db } from '../../db/database';
import { createLogger } from '../../observability/logger';
import { createRedis } from '../../redis/connection';
import { startNode, type NodeOptions, type RunningNode } from '../../node';
import { createTestDatabase } from './databases';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const TEST_TICKET_SECRET = 'test-ticket-secret-test-ticket-secret-012345';
export const TEST_PASSWORD = 'correct horse battery';
export const silentLogger = createLogger('silent');

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One test file's world: its own PostgreSQL database, its own Redis key prefix, and a config that
 * points at both. Everything it made is removed by dispose().
 */
export interface TestWorld {
  config: Config;
  db: Db;
  redis: Redis;
  tokens: SessionTokens;
  dispose(): Promise<void>;
}

export async function createTestWorld(env: Record<string, string> = {}): Promise<TestWorld> {
  const database = await createTestDatabase();
  const prefix = `t${randomBytes(4).toString('hex')}:`;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_KEY_PREFIX: prefix,
    SESSION_SECRET: TEST_SECRET,
    TICKET_SECRET: TEST_TICKET_SECRET,
    PASSWORD_HASH_LOG2_COST: '10',
    SWEEP_INTERVAL_MS: '100',
    DELTA_INTERVAL_MS: '50',
    LEADER_LOCK_TTL_MS: '1500',
    OUTBOX_INTERVAL_MS: '200',
    SIMULATED_PAYMENT_LATENCY_MS: '5',
    // Test processes share a busy machine: their own load must not slow admission (Q17). The
    // governor is tested with the delays it is given (queue-admission.test.ts, admission-governor.test.ts).
    QUEUE_LAG_TARGET_MS: '0',
    ...env,
  });
  const db = createDatabase(config.DATABASE_URL, 3);
  const redis = createRedis(config.REDIS_URL);
  return {
    config,
    db,
    redis,
    tokens: new SessionTokens(TEST_SECRET, config.SESSION_TTL_MS),
    async dispose() {
      await deleteKeys(redis, `${prefix}*`);
      await redis.quit();
      await db.destroy();
      await database.drop();
    },
  };
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export interface TestShow {
  showId: string;
  venueId: string;
  seatCount: number;
}

/** A show on sale now, in a generated stadium of `seatCount` seats. */
export async function seedShow(
  db: Db,
  options: { showId?: string; seatCount?: number; seatLimitPerAccount?: number } = {},
): Promise<TestShow> {
  const showId = options.showId ?? 'test-show';
  const seatCount = options.seatCount ?? 2000;
  const { venueId } = await seedOnSaleShow(db, { ...options, showId, seatCount });
  return { showId, venueId, seatCount };
}

/**
 * A sale with a waiting room over the given shows: by default its pre-queue is open and it starts
 * in an hour (tests move `startsAt` into the past to trigger the shuffle).
 */
export async function seedSale(db: Db, sale: Partial<SaleSeed> & { showIds: string[] }): Promise<SaleSeed> {
  const seed: SaleSeed = {
    id: 'test-sale',
    tourId: 'test-tour',
    name: 'Test sale',
    prequeueOpensAt: new Date(Date.now() - 3600_000),
    startsAt: new Date(Date.now() + 3600_000),
    closesAt: new Date(Date.now() + 7 * 24 * 3600_000),
    activeCap: 100,
    admitRatePerSecond: 100,
    shoppingWindowMs: 10 * 60_000,
    graceMs: 5 * 60_000,
    ...sale,
  };
  await upsertSale(db, seed);
  return seed;
}

let sharedPasswordHash: Promise<string> | undefined;

/** Fans inserted directly (one shared password hash), each with a session token. */
export async function createFans(world: TestWorld, count: number): Promise<{ id: string; token: string }[]> {
  sharedPasswordHash ??= hashPassword(TEST_PASSWORD, 10);
  const passwordHash = await sharedPasswordHash;
  const tag = randomBytes(3).toString('hex');
  const rows = await world.db
    .insertInto('accounts')
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `fan-${tag}-${i}@example.test`,
        password_hash: passwordHash,
        display_name: `Fan ${i}`,
        language: 'en',
      })),
    )
    .returning('id')
    .execute();
  return Promise.all(
    rows.map(async ({ id }) => ({
      id,
      token: (await world.tokens.issue('fan', id, { language: 'en' })).token,
    })),
  );
}

export function connectClient(
  url: string,
  token?: string,
  options: { transports?: ('websocket' | 'polling')[] } = {},
): ClientSocket {
  return connect(url, {
    auth: token ? { token } : {},
    transports: options.transports ?? ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    timeout: 3_000,
  });
}

/**
 * Resolves once connected. A refusal by the server (connect_error with data) rejects; a transport
 * failure does not, because the client retries by itself: a connection handed to a worker in the
 * instant it dies times out and is retried.
 */
export function connected(socket: ClientSocket, timeoutMs = 30_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not connected in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      if (error.data === undefined) return;
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Emits a command of the protocol (shared/protocol/events.ts) and resolves with its
 * acknowledgement: the payload and the reply are typed by the command's name.
 */
export function command<E extends ClientCommand>(
  socket: ClientSocket,
  event: E,
  payload: CommandRequest<E>,
  timeoutMs = 10_000,
): Promise<AckResponse<CommandReply<E>>> {
  return rawCommand(socket, event, payload, timeoutMs) as Promise<AckResponse<CommandReply<E>>>;
}

/**
 * Emits any event with any payload, outside the protocol's types, and resolves with whatever is
 * acknowledged: for tests that send what a correct client never would (a malformed payload, an
 * unknown command). Use `command` for everything else.
 */
export function rawCommand(
  socket: ClientSocket,
  event: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<AckResponse<unknown>> {
  return (
    socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<AckResponse<unknown>>;
    }
  ).emitWithAck(event, payload);
}

export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** In-process nodes on one test world, and the sockets connected to them; stopAll() ends both. */
export class TestNodes {
  readonly nodes: RunningNode[] = [];
  private readonly sockets: ClientSocket[] = [];

  constructor(private readonly world: () => TestWorld) {}

  async start(overrides: Partial<Config> = {}, options: NodeOptions = {}): Promise<RunningNode> {
    const node = await startNode(
      { ...this.world().config, ...overrides },
      { logger: silentLogger, ...options },
    );
    this.nodes.push(node);
    return node;
  }

  /** A connected socket on a node (or URL), signed in as a new fan unless signedIn is false. */
  async connect(
    target: RunningNode | string,
    options: { signedIn?: boolean; transports?: ('websocket' | 'polling')[] } = {},
  ): Promise<{ socket: ClientSocket; fanId?: string }> {
    const [fan] = options.signedIn === false ? [undefined] : await createFans(this.world(), 1);
    const url = typeof target === 'string' ? target : target.url!;
    const socket = connectClient(url, fan?.token, options);
    this.sockets.push(socket);
    await connected(socket);
    return { socket, fanId: fan?.id };
  }

  async stopAll(): Promise<void> {
    this.sockets.forEach((socket) => socket.disconnect());
    await Promise.all(this.nodes.map((node) => node.stop()));
  }
}
