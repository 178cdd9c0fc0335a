import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Db } from '../../server/db/database';
import type { RedisKeys } from '../../server/redis/keys';
import type { VenueGeometry } from '../../shared/venue';
import type { IntegrityReport } from './surge-report-types';

/**
 * The checks after the sale, made independently in each store and then seat by seat across them:
 * nothing sold twice or beyond the venue, no paid order without its tickets, no ticket without a
 * payment, no account over its limit, Redis's counters true to its seats, and PostgreSQL and Redis
 * agreeing on which order owns every sold seat. PostgreSQL is the system of record; Redis must
 * match it once the outbox is drained.
 */

export interface AuditedShow {
  showId: string;
  seatLimitPerAccount: number;
  venue: VenueGeometry;
}

export interface ShowSales {
  /** seat -> order id, per store. */
  postgres: Map<number, string>;
  redis: Map<number, string>;
}

export async function auditSale(
  db: Db,
  redis: Redis,
  keys: RedisKeys,
  shows: AuditedShow[],
): Promise<{ integrity: IntegrityReport; sales: Map<string, ShowSales> }> {
  const showIds = shows.map((show) => show.showId);
  const postgres = await auditPostgres(db, shows);
  const redisAudit = { doubleSold: 0, oversold: 0, countersWrong: 0, accountsOverLimit: 0 };
  const reconciliation = {
    seatsCompared: 0,
    soldInPostgresNotRedis: 0,
    soldInRedisNotPostgres: 0,
    differentOrder: 0,
  };
  const sales = new Map<string, ShowSales>();
  const soldInPostgres = await postgresSold(db, showIds);
  for (const show of shows) {
    const inRedis = await auditRedisShow(redis, keys, show, redisAudit);
    const inPostgres = soldInPostgres.get(show.showId) ?? new Map<number, string>();
    sales.set(show.showId, { postgres: inPostgres, redis: inRedis });
    for (let seat = 0; seat < show.venue.seatCount; seat++) {
      const pgOrder = inPostgres.get(seat);
      const redisOrder = inRedis.get(seat);
      reconciliation.seatsCompared++;
      if (pgOrder && !redisOrder) reconciliation.soldInPostgresNotRedis++;
      else if (!pgOrder && redisOrder) reconciliation.soldInRedisNotPostgres++;
      else if (pgOrder && redisOrder && pgOrder !== redisOrder) reconciliation.differentOrder++;
    }
  }
  const figures = [
    ...Object.values(postgres),
    ...Object.values(redisAudit),
    reconciliation.soldInPostgresNotRedis,
    reconciliation.soldInRedisNotPostgres,
    reconciliation.differentOrder,
  ];
  return {
    integrity: {
      postgres,
      redis: redisAudit,
      reconciliation,
      clean: figures.every((figure) => figure === 0),
    },
    sales,
  };
}

async function auditPostgres(db: Db, shows: AuditedShow[]): Promise<IntegrityReport['postgres']> {
  const showIds = shows.map((show) => show.showId);
  const count = async (query: ReturnType<typeof sql<{ n: string }>>) =>
    Number((await query.execute(db)).rows[0]?.n ?? 0);
  const doubleSoldSeats = await count(sql<{ n: string }>`
    SELECT count(*) AS n FROM (
      SELECT show_id, seat_index FROM order_seats
      WHERE state = 'sold' AND show_id IN (${sql.join(showIds)})
      GROUP BY show_id, seat_index HAVING count(*) > 1
      UNION
      SELECT show_id, seat_index FROM tickets
      WHERE status <> 'void' AND show_id IN (${sql.join(showIds)})
      GROUP BY show_id, seat_index HAVING count(*) > 1
    ) doubled`);
  let oversold = 0;
  for (const show of shows) {
    oversold += await count(sql<{ n: string }>`
      SELECT greatest(count(*) - ${show.venue.seatCount}, 0)
        + count(*) FILTER (WHERE seat_index >= ${show.venue.seatCount}) AS n
      FROM order_seats WHERE state = 'sold' AND show_id = ${show.showId}`);
  }
  const paidOrdersWithoutTickets = await count(sql<{ n: string }>`
    SELECT count(*) AS n FROM orders o
    WHERE o.status = 'paid' AND o.show_id IN (${sql.join(showIds)})
      AND (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.status <> 'void')
        <> (SELECT count(*) FROM order_seats s WHERE s.order_id = o.id)`);
  const ticketsWithoutPayment = await count(sql<{ n: string }>`
    SELECT count(*) AS n FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE t.status <> 'void' AND t.show_id IN (${sql.join(showIds)})
      AND (o.status <> 'paid' OR NOT EXISTS (
        SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded'))`);
  let accountsOverLimit = 0;
  for (const show of shows) {
    accountsOverLimit += await count(sql<{ n: string }>`
      SELECT count(*) AS n FROM (
        SELECT o.account_id FROM order_seats s JOIN orders o ON o.id = s.order_id
        WHERE s.state = 'sold' AND s.show_id = ${show.showId}
        GROUP BY o.account_id HAVING count(*) > ${show.seatLimitPerAccount}
      ) over_limit`);
  }
  return {
    doubleSold: doubleSoldSeats,
    oversold,
    paidOrdersWithoutTickets,
    ticketsWithoutPayment,
    accountsOverLimit,
  };
}

/** Seat -> order of every seat sold on a paid order, per show. */
async function postgresSold(db: Db, showIds: string[]): Promise<Map<string, Map<number, string>>> {
  const rows = await db
    .selectFrom('order_seats')
    .innerJoin('orders', 'orders.id', 'order_seats.order_id')
    .select(['order_seats.show_id', 'order_seats.seat_index', 'order_seats.order_id'])
    .where('order_seats.state', '=', 'sold')
    .where('orders.status', '=', 'paid')
    .where('order_seats.show_id', 'in', showIds)
    .execute();
  const sold = new Map<string, Map<number, string>>();
  for (const row of rows) {
    let show = sold.get(row.show_id);
    if (!show) sold.set(row.show_id, (show = new Map()));
    show.set(row.seat_index, row.order_id);
  }
  return sold;
}

/** Reads every seat hash, hold and counter of a show; returns seat -> order of its sold seats. */
async function auditRedisShow(
  redis: Redis,
  keys: RedisKeys,
  show: AuditedShow,
  audit: IntegrityReport['redis'],
): Promise<Map<number, string>> {
  const showKeys = keys.show(show.showId);
  const sold = new Map<number, string>();
  const available = await redis.hgetall(showKeys.available);
  for (const section of show.venue.sections) {
    const seats = await redis.hgetall(showKeys.section(section.id));
    let taken = 0;
    for (const [field, value] of Object.entries(seats)) {
      const seat = Number(field);
      taken++;
      if (
        !Number.isInteger(seat) ||
        seat < section.firstSeat ||
        seat >= section.firstSeat + section.seatCount
      ) {
        audit.oversold++;
        continue;
      }
      if (value.startsWith('S|')) sold.set(seat, value.slice(2));
    }
    if (Number(available[`s${section.id}`] ?? -1) !== section.seatCount - taken) audit.countersWrong++;
  }
  audit.oversold += Math.max(0, sold.size - show.venue.seatCount);
  // H2: a sold seat must not also sit in a live hold of another order.
  for (const raw of Object.values(await redis.hgetall(showKeys.holds))) {
    const hold = JSON.parse(raw) as { p?: string; s?: [number, number, number][] };
    for (const [, seat] of hold.s ?? []) {
      const owner = sold.get(seat);
      if (owner !== undefined && owner !== hold.p) audit.doubleSold++;
    }
  }
  for (const seats of Object.values(await redis.hgetall(showKeys.accountSeats))) {
    if (Number(seats) > show.seatLimitPerAccount) audit.accountsOverLimit++;
  }
  return sold;
}
