import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * Settings, read once from the environment and validated at start-up. In production every secret
 * must be given: the server refuses to start rather than fall back to a default.
 */
const MIN_SECRET_LENGTH = 32;

const secret = z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /**
   * Worker processes on this host; one per core by default (more can be forked than cores: each
   * process may hold at most ~18,000 sockets here). 0 runs one node in this process, no cluster,
   * as in a Kubernetes pod.
   */
  WORKERS: nonNegativeInt.default(availableParallelism()),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and channel, so several deployments (or tests) share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]*$/)
    .default('sr:'),
  /**
   * How long an idle HTTP keep-alive connection stays open. Node's own default (5 s) makes a fan
   * who clicks every few seconds open a new TCP connection for nearly every request, each through
   * the accept queue of a busy worker; 65 s outlasts the 60 s idle timeout of common load balancers.
   */
  HTTP_KEEP_ALIVE_MS: positiveInt.default(65_000),
  /**
   * Engine.IO's heartbeat: the server pings every socket this often and drops one that has not
   * answered within SOCKET_PING_TIMEOUT_MS more.
   */
  SOCKET_PING_INTERVAL_MS: positiveInt.default(25_000),
  SOCKET_PING_TIMEOUT_MS: positiveInt.default(20_000),
  /**
   * A cluster worker whose event loop has been late by more than this (p99 over half a second)
   * turns new Socket.IO sessions away (503, Retry-After) until it catches up, so that the fans it
   * holds keep their heartbeats and the shoppers their answers (server/cluster/handshake-shedder.ts).
   * 0: never.
   */
  SHED_HANDSHAKES_LAG_MS: nonNegativeInt.default(1_000),
  /**
   * Descriptors of the listening socket each cluster worker accepts on: libuv accepts one
   * connection per descriptor per turn of a worker's event loop, and an on-sale's turns take
   * seconds (server/cluster/direct-accept.ts).
   */
  ACCEPT_HANDLES_PER_WORKER: positiveInt.max(64).default(16),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/seatrush'),
  DATABASE_POOL_SIZE: positiveInt.default(10),

  SESSION_SECRET: secret.optional(),
  TICKET_SECRET: secret.optional(),
  SESSION_TTL_MS: positiveInt.default(15 * 60_000),
  REFRESH_TTL_MS: positiveInt.default(14 * 24 * 60 * 60_000),
  /** scrypt cost N = 2^PASSWORD_HASH_LOG2_COST; 15 by default (~50 ms a hash). */
  PASSWORD_HASH_LOG2_COST: z.coerce.number().int().min(10).max(20).default(15),

  HOLD_TTL_MS: positiveInt.default(8 * 60_000),
  HOLD_EXTENSION_MS: positiveInt.default(5 * 60_000),
  /** How long a hold is pinned while its paid order is being committed. */
  CONFIRM_PIN_MS: positiveInt.default(2 * 60_000),
  MAX_SEATS_PER_HOLD: positiveInt.max(16).default(8),
  SWEEP_INTERVAL_MS: positiveInt.default(500),
  DELTA_INTERVAL_MS: positiveInt.default(100),
  /**
   * Delta messages a second each node may spend on the maps it serves that watch every section: N
   * such maps hear at most every N / this seconds (every DELTA_INTERVAL_MS while few, every 500 ms
   * at most), the ticks between merged. Raise with cores.
   */
  MAP_DELTA_FANS_PER_S: positiveInt.default(2_000),
  LEADER_LOCK_TTL_MS: positiveInt.min(1000).default(5000),
  OUTBOX_INTERVAL_MS: positiveInt.default(1000),

  /** How often each node re-reads shows and sales from PostgreSQL (new shows, changed sale times). */
  CATALOGUE_REFRESH_MS: positiveInt.default(30_000),

  /** The waiting room's pacer: one admission step (and cursor broadcast) this often. */
  QUEUE_STEP_MS: positiveInt.default(1000),
  /**
   * Cursor messages a second the cluster may spend on one queue room: a moving cursor reaches a room
   * of N waiting fans at most every N / this seconds (and at least every step): 100,000 fans every
   * 20 s, as Cloudflare's waiting room refreshes by default; each fan hears of its own turn at once
   * (queue:admitted) and its screen counts down between cursors. Raise with cores.
   */
  QUEUE_BROADCAST_FANS_PER_S: positiveInt.default(5_000),
  /** After a paid order, how long a shopper keeps the slot to buy the sale's other shows (Q14). */
  QUEUE_AFTER_PURCHASE_MS: positiveInt.default(2 * 60_000),
  /**
   * A shopper seen since admission but none of whose tabs has been seen for this long (they closed
   * the page) gives the slot back to the next fan; one never seen since admission, after the
   * grace (Q14). 0 keeps slots to the end of the window.
   */
  QUEUE_SHOPPER_IDLE_MS: nonNegativeInt.default(60_000),
  /**
   * Admission follows the nodes' health (Q17): while the slowest node's event-loop delay (p99 over a
   * second) is over this, the waiting room admits less of the sale's rate (down to
   * QUEUE_MIN_HEALTH_SHARE of it), and more again once every node is under half of it. 0: off.
   */
  QUEUE_LAG_TARGET_MS: nonNegativeInt.default(250),
  QUEUE_MIN_HEALTH_SHARE: z.coerce.number().min(0.01).max(1).default(0.1),
  /** How often each node marks the fans with a socket in a queue room as present. */
  QUEUE_PRESENCE_MS: positiveInt.default(15_000),

  PAYMENT_GATEWAY: z.enum(['simulated']).default('simulated'),
  SIMULATED_PAYMENT_LATENCY_MS: nonNegativeInt.default(300),
  SIMULATED_PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),

  /** Drain: how long a stopping worker waits for sockets and requests before it exits. */
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  /** Largest Socket.IO frame or HTTP body accepted, in bytes. */
  MAX_MESSAGE_BYTES: positiveInt.default(64 * 1024),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Omit<Environment, 'SESSION_SECRET' | 'TICKET_SECRET'> {
  SESSION_SECRET: string;
  TICKET_SECRET: string;
  /** True when the secrets were generated for this run (development only). */
  ephemeralSecrets: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. Outside production a missing secret is generated by the caller once per
 * run (the cluster primary passes it to its workers), so a developer needs no setup; in production
 * it is an error.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  generateSecret: () => string = () => {
    throw new ConfigError('secret missing');
  },
): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  const missing = (['SESSION_SECRET', 'TICKET_SECRET'] as const).filter((name) => !values[name]);
  if (missing.length > 0 && values.NODE_ENV === 'production') {
    throw new ConfigError(`refusing to start in production without ${missing.join(' and ')}`);
  }
  if (values.SESSION_SECRET !== undefined && values.SESSION_SECRET === values.TICKET_SECRET) {
    // One leaked secret must not both forge sessions and forge tickets.
    throw new ConfigError('SESSION_SECRET and TICKET_SECRET must differ');
  }
  return {
    ...values,
    SESSION_SECRET: values.SESSION_SECRET ?? generateSecret(),
    TICKET_SECRET: values.TICKET_SECRET ?? generateSecret(),
    ephemeralSecrets: missing.length > 0,
  };
}
