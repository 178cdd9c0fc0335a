import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for commands. Auto-pipelining batches the commands issued in one event-loop
 * tick into one write, which is most of the hold path's throughput.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    // A worker must not crash on a dropped connection; ioredis reconnects.
    lazyConnect: false,
    ...options,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** A connection for blocking reads and subscriptions, which must not share a socket with commands. */
export function createBlockingRedis(url: string): Redis {
  return createRedis(url, { enableAutoPipelining: false, maxRetriesPerRequest: null });
}

/**
 * A connection for subscriptions only (the Socket.IO adapter's). No ready check: its INFO, sent
 * when the connection (re)opens, is refused once the connection is subscribing ("only subscriber
 * commands"), and the refusal surfaced as an unhandled rejection in a test run.
 */
export function createSubscriberRedis(url: string): Redis {
  return createRedis(url, {
    enableAutoPipelining: false,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
  });
}
