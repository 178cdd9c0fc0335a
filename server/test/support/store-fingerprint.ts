import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { TestWorld } from './harness';

/**
 * What "changes nothing" means in the bad-input test: every Redis key of a test world and the
 * PostgreSQL rows that requests could touch.
 */
export type StoreFingerprint = { redis: Record<string, unknown>; postgres: Record<string, string> };

/** Every Redis key of the world (but leader locks, which churn by design) and PostgreSQL's rows. */
export async function storeFingerprint(world: TestWorld): Promise<StoreFingerprint> {
  const prefix = world.config.REDIS_KEY_PREFIX;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await world.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    // Leader locks and every process's vitals change with time, not with what clients do.
    keys.push(...batch.filter((key) => !key.startsWith(`${prefix}leader:`) && key !== `${prefix}vitals`));
  } while (cursor !== '0');
  const entries = await Promise.all(
    keys.sort().map(async (key) => [key.slice(prefix.length), await readKey(world.redis, key)] as const),
  );
  const { rows } = await sql<{ name: string; value: string | null }>`
    SELECT 'accounts' AS name, string_agg(id || ':' || language, ',' ORDER BY id) AS value FROM accounts
    UNION ALL SELECT 'staff_accounts', count(*)::text FROM staff_accounts
    UNION ALL SELECT 'refresh_tokens', count(*) || '/' || count(revoked_at) FROM refresh_tokens
    UNION ALL SELECT 'orders',
      string_agg(id || ':' || status || ':' || updated_at, ',' ORDER BY id) FROM orders
    UNION ALL SELECT 'order_seats',
      string_agg(seat_index || ':' || state, ',' ORDER BY seat_index) FROM order_seats
    UNION ALL SELECT 'payments', string_agg(status || ':' || updated_at, ',' ORDER BY id) FROM payments
    UNION ALL SELECT 'tickets', string_agg(seat_index || ':' || status, ',' ORDER BY seat_index) FROM tickets
    UNION ALL SELECT 'outbox', count(*) || '/' || count(processed_at) FROM outbox
    UNION ALL SELECT 'seat_blocks',
      string_agg(show_id || ':' || seat_index || ':' || reason, ',' ORDER BY show_id, seat_index)
      FROM seat_blocks
    UNION ALL SELECT 'simulated_gateway_charges', count(*)::text FROM simulated_gateway_charges
    UNION ALL SELECT 'sales', string_agg(concat_ws(':', id, name, prequeue_opens_at, starts_at, closes_at,
      seed, seed_commitment, active_cap, admit_rate_per_second, shopping_window_ms, grace_ms), ',' ORDER BY id)
      FROM sales
    UNION ALL SELECT 'shows', string_agg(id || ':' || coalesce(sale_id, '-'), ',' ORDER BY id) FROM shows
    UNION ALL SELECT 'waitlist_entries', string_agg(concat_ws(':', show_id, account_id, position, joined_at),
      ',' ORDER BY show_id, position) FROM waitlist_entries
  `.execute(world.db);
  return {
    redis: Object.fromEntries(entries),
    postgres: Object.fromEntries(rows.map((row) => [row.name, row.value ?? ''])),
  };
}

async function readKey(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return [type, await redis.get(key)];
    case 'hash':
      return [type, Object.entries(await redis.hgetall(key)).sort(([a], [b]) => a.localeCompare(b))];
    case 'zset':
      return [type, await redis.zrange(key, 0, -1, 'WITHSCORES')];
    case 'stream':
      return [type, await redis.xlen(key), (await redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]];
    case 'set':
      return [type, (await redis.smembers(key)).sort()];
    case 'list':
      return [type, await redis.lrange(key, 0, -1)];
    default:
      return [type];
  }
}

/** The fingerprint once background work (sweeps, outbox, queue steps) has stopped changing it. */
export async function settledFingerprint(world: TestWorld): Promise<StoreFingerprint> {
  let previous = await storeFingerprint(world);
  for (let attempt = 0; attempt < 40; attempt++) {
    await sleep(250);
    const current = await storeFingerprint(world);
    const [messages, processed] = current.postgres.outbox?.split('/') ?? [];
    if (JSON.stringify(current) === JSON.stringify(previous) && messages === processed) return current;
    previous = current;
  }
  throw new Error('state never settled');
}
