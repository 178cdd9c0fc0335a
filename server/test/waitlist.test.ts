import type { ErrorCode } from '../../shared/errors';
import { ERROR_MESSAGES } from '../../shared/i18n/error-messages';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoldView, OrderView, SessionView, WaitlistEntryView } from '../../shared/protocol/views';
import { SessionTokens } from '../accounts/session-tokens';
import { DEMO_PRICES_SATANG, upsertShow } from '../catalogue/catalogue-seed';
import { startNode, type RunningNode } from '../node';
import {
  createFans,
  createTestWorld,
  seedShow,
  silentLogger,
  TEST_PASSWORD,
  TEST_SECRET,
  waitFor,
  type TestWorld,
} from './support/harness';

/**
 * The waitlist of a sold-out show, over HTTP against real Redis and PostgreSQL: a 100-seat show is
 * sold out step by step (staff blocks, a paid order, holds), then fans join its waitlist.
 */
type Fan = { id: string; token: string };
type Answer<T> = { status: number; body: T };
type Joined = Extract<WaitlistEntryView, { joined: true }>;

const FULL = 'full-show';
const SEATS = 100;
const BLOCKED = Array.from({ length: 96 }, (_, seat) => seat);
const DAY = 24 * 3600_000;
/** Fans 5 up to here join all at once. */
const TOGETHER_UNTIL = 35;

let world: TestWorld;
let node: RunningNode;
let staffToken: string;
/** Fans who join the waitlist, in the order the tests use them. */
let fans: Fan[];
/** Fans who take the last seats: a paid order, a hold, and the hold of the very last seat. */
let buyer: Fan;
let holder: Fan;
let lastHolder: Fan;
let lastHoldId: string;

async function api<T>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const join = (fan: Fan, showId = FULL) =>
  api<WaitlistEntryView>('POST', `/api/shows/${showId}/waitlist`, { token: fan.token });
const readEntry = (fan: Fan, showId = FULL) =>
  api<WaitlistEntryView>('GET', `/api/shows/${showId}/waitlist/me`, { token: fan.token });
/** A refusal as a fan of createFans (English) gets it. */
const refusal = (status: number, code: ErrorCode) => ({
  status,
  body: { error: { code, message: ERROR_MESSAGES.en[code] } },
});

async function entryCount(accountId?: string): Promise<number> {
  let query = world.db.selectFrom('waitlist_entries').select((eb) => eb.fn.countAll<string>().as('count'));
  if (accountId) query = query.where('account_id', '=', accountId);
  return Number((await query.executeTakeFirstOrThrow()).count);
}

/** Backends of this test's database waiting for a lock. */
async function backendsWaitingOnLocks(): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    SELECT count(*) AS count FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'
  `.execute(world.db);
  return Number(rows[0]?.count ?? 0);
}

async function hold(fan: Fan, seats: number[]): Promise<string> {
  const held = await api<HoldView>('POST', `/api/shows/${FULL}/holds`, { token: fan.token, body: { seats } });
  expect(held.status).toBe(201);
  return held.body.holdId;
}

/** Free seats of the show, as the public availability endpoint counts them. */
async function freeSeats(): Promise<number> {
  const { body } = await api<{ available: number[]; freeSeats: number }>(
    'GET',
    `/api/shows/${FULL}/availability`,
  );
  const total = body.available.filter((_, i) => i % 2 === 1).reduce((sum, free) => sum + free, 0);
  expect(body.freeSeats).toBe(total);
  return total;
}

beforeAll(async () => {
  world = await createTestWorld();
  const full = await seedShow(world.db, { showId: FULL, seatCount: SEATS });
  await seedShow(world.db, { showId: 'open-show', seatCount: SEATS });
  await upsertShow(world.db, {
    id: 'later-show',
    tourId: 'test-tour',
    venueId: full.venueId,
    name: 'Later night',
    startsAt: new Date(Date.now() + 60 * DAY),
    onSaleAt: new Date(Date.now() + 30 * DAY),
    pricesSatang: DEMO_PRICES_SATANG,
  });
  await upsertShow(world.db, {
    id: 'past-show',
    tourId: 'test-tour',
    venueId: full.venueId,
    name: 'Last night',
    startsAt: new Date(Date.now() - DAY),
    onSaleAt: new Date(Date.now() - 30 * DAY),
    pricesSatang: DEMO_PRICES_SATANG,
  });
  node = await startNode(world.config, { logger: silentLogger });
  await node.components.accounts.createStaff('ops@seatrush.test', TEST_PASSWORD, 'Ops', 'manager');
  const staff = await api<SessionView>('POST', '/api/staff/auth/signin', {
    body: { email: 'ops@seatrush.test', password: TEST_PASSWORD },
  });
  staffToken = staff.body.token;
  fans = await createFans(world, 42);
  [buyer, holder, lastHolder] = fans.splice(0, 3) as [Fan, Fan, Fan];
});

afterAll(async () => {
  await node?.stop();
  await world?.dispose();
});

describe('the waitlist of a show', () => {
  it('is closed while any seat is free, down to the last one: WAITLIST_NOT_OPEN, nothing written', async () => {
    const fan = fans[0]!;
    expect(await join(fan)).toEqual(refusal(409, 'WAITLIST_NOT_OPEN'));

    const blocked = await api('POST', `/api/admin/shows/${FULL}/blocks`, {
      token: staffToken,
      body: { seats: BLOCKED, reason: 'production' },
    });
    expect(blocked).toEqual({ status: 200, body: { seatsBlocked: BLOCKED.length } });
    expect(await join(fan)).toEqual(refusal(409, 'WAITLIST_NOT_OPEN'));

    const order = await api<OrderView>('POST', '/api/orders', {
      token: buyer.token,
      body: { showId: FULL, holdId: await hold(buyer, [96, 97]), paymentMethod: 'card' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(order).toMatchObject({ status: 200, body: { status: 'paid' } });
    await hold(holder, [98]);
    expect(await freeSeats()).toBe(1);
    expect(await join(fan)).toEqual(refusal(409, 'WAITLIST_NOT_OPEN'));

    expect(await readEntry(fan)).toEqual({ status: 200, body: { joined: false } });
    expect(await entryCount()).toBe(0);
  });

  it('opens once every seat is blocked, sold or held: the first fan is first, 201', async () => {
    lastHoldId = await hold(lastHolder, [99]);
    expect(await freeSeats()).toBe(0);
    const fan = fans[0]!;
    const before = Date.now();
    const joined = await join(fan);
    expect(joined).toMatchObject({ status: 201, body: { joined: true, position: 1 } });
    const joinedAt = Date.parse((joined.body as Joined).joinedAt);
    expect(joinedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(joinedAt).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await readEntry(fan)).toEqual({ status: 200, body: joined.body });
    expect(await entryCount()).toBe(1);
  });

  it('is joined once per fan: joining again answers the same entry with 200', async () => {
    const fan = fans[0]!;
    const first = await readEntry(fan);
    expect(await join(fan)).toEqual({ status: 200, body: first.body });
    expect(await join(fan)).toEqual({ status: 200, body: first.body });
    expect(await entryCount(fan.id)).toBe(1);
  });

  it('is race-free: 20 parallel joins of one fan make one entry, one 201 and nineteen 200 alike', async () => {
    const fan = fans[1]!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => join(fan)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers[0]!.body).toMatchObject({ joined: true, position: 2 });
    expect(await entryCount(fan.id)).toBe(1);
    expect(await entryCount()).toBe(2);
  });

  it('places fans in join order; 30 fans joining at once get distinct places after them', async () => {
    for (const [i, fan] of fans.slice(2, 5).entries()) {
      expect(await join(fan)).toMatchObject({ status: 201, body: { position: 3 + i } });
    }
    const together = fans.slice(5, TOGETHER_UNTIL);
    const answers = await Promise.all(together.map((fan) => join(fan)));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    const positions = answers.map((answer) => (answer.body as Joined).position);
    expect([...positions].sort((a, b) => a - b)).toEqual(together.map((_, i) => 6 + i));

    const rows = await world.db
      .selectFrom('waitlist_entries')
      .select(['account_id', 'position'])
      .where('show_id', '=', FULL)
      .orderBy('position')
      .execute();
    expect(rows.map((row) => row.position)).toEqual(rows.map((_, i) => i + 1)); // no gaps, no repeats
    const byPosition = rows.map((row) => row.account_id);
    expect(byPosition.slice(0, 5)).toEqual(fans.slice(0, 5).map((fan) => fan.id));
    for (const [i, fan] of together.entries()) {
      expect(byPosition.indexOf(fan.id) + 1).toBe(positions[i]);
      expect(await readEntry(fan)).toEqual({ status: 200, body: answers[i]!.body });
    }
    expect((await readEntry(fans[0]!)).body).toMatchObject({ joined: true, position: 1 });
  });

  it('tells a fan their place after a fan whose join began first and is still committing', async () => {
    const [slow, quick] = [fans[TOGETHER_UNTIL + 2]!, fans[TOGETHER_UNTIL + 3]!];
    const entries = await entryCount();
    let quickAnswered = false;
    let answers: Promise<[Answer<WaitlistEntryView>, Answer<WaitlistEntryView>]> | undefined;
    await world.db.transaction().execute(async (tx) => {
      // The slow fan's insert takes its entry number, then waits in its foreign-key check for the
      // lock this transaction holds on their account row, until it commits.
      await tx.selectFrom('accounts').select('id').where('id', '=', slow.id).forUpdate().execute();
      const slowJoin = join(slow);
      await waitFor(async () => (await backendsWaitingOnLocks()) >= 1, 10_000, 'the slow join to wait');
      const quickJoin = join(quick).finally(() => (quickAnswered = true));
      // The quick join waits for the show's turn: in this node's next batch, or in PostgreSQL.
      const { waitlist } = node.components;
      await waitFor(
        async () =>
          quickAnswered || waitlist.batching.joinsWaiting >= 2 || (await backendsWaitingOnLocks()) >= 2,
      );
      answers = Promise.all([slowJoin, quickJoin]);
    });
    const [slowAnswer, quickAnswer] = await answers!;
    expect(slowAnswer).toMatchObject({ status: 201, body: { position: entries + 1 } });
    expect(quickAnswer).toMatchObject({ status: 201, body: { position: entries + 2 } });
  });

  it('places a herd in batches, one turn of the show each: 200 fans at once get the next 200 places', async () => {
    const herd = await createFans(world, 200);
    // A validly signed session of an account that is gone, in the same herd: only it is refused.
    const vanished = { id: randomUUID(), token: '' };
    vanished.token = (await world.tokens.issue('fan', vanished.id, { language: 'en' })).token;
    const entries = await entryCount();
    const { waitlist } = node.components;
    const batchesBefore = waitlist.batching.batchesSent;

    const answers = await Promise.all([...herd, vanished].map((fan) => join(fan)));

    expect(answers.pop()).toEqual(refusal(401, 'AUTH_INVALID'));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    const positions = answers.map((answer) => (answer.body as Joined).position).sort((a, b) => a - b);
    expect(positions).toEqual(herd.map((_, i) => entries + 1 + i));
    expect(await entryCount()).toBe(entries + herd.length);
    const batches = waitlist.batching.batchesSent - batchesBefore;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(herd.length / 2);
    expect(waitlist.batching.joinsWaiting).toBe(0);
  });

  it('closes again when a seat comes back, but a fan on it keeps the entry', async () => {
    const released = await api('DELETE', `/api/shows/${FULL}/holds/${lastHoldId}`, {
      token: lastHolder.token,
    });
    expect(released).toEqual({ status: 200, body: { seatsFreed: 1 } });
    const entries = await entryCount();
    expect(await join(fans[TOGETHER_UNTIL]!)).toEqual(refusal(409, 'WAITLIST_NOT_OPEN'));
    expect(await join(fans[0]!)).toMatchObject({ status: 200, body: { joined: true, position: 1 } });
    expect(await entryCount()).toBe(entries);
    lastHoldId = await hold(lastHolder, [99]);
  });

  it('is per show: a fan on one show’s waitlist is not on another’s', async () => {
    expect(await readEntry(fans[0]!, 'open-show')).toEqual({ status: 200, body: { joined: false } });
    expect(await join(fans[0]!, 'open-show')).toEqual(refusal(409, 'WAITLIST_NOT_OPEN'));
  });

  it('needs a signed-in fan', async () => {
    const entries = await entryCount();
    const paths = [`/api/shows/${FULL}/waitlist`, `/api/shows/${FULL}/waitlist/me`];
    const forged = (
      await new SessionTokens('f'.repeat(40), 60_000).issue('fan', fans[TOGETHER_UNTIL + 1]!.id)
    ).token;
    const expired = await new SessionTokens(TEST_SECRET, 60_000, () => Date.now() - DAY).issue(
      'fan',
      fans[TOGETHER_UNTIL + 1]!.id,
    );
    for (const [method, path] of [
      ['POST', paths[0]!],
      ['GET', paths[1]!],
    ] as const) {
      expect(await api(method, path)).toEqual(refusal(401, 'AUTH_REQUIRED'));
      expect(await api(method, path, { headers: { authorization: 'Basic dTpw' } })).toEqual(
        refusal(401, 'AUTH_REQUIRED'),
      );
      expect(await api(method, path, { token: staffToken })).toEqual(refusal(401, 'AUTH_INVALID'));
      expect(await api(method, path, { token: forged })).toEqual(refusal(401, 'AUTH_INVALID'));
      expect(await api(method, path, { token: expired.token })).toEqual(refusal(401, 'AUTH_EXPIRED'));
    }
    expect(await entryCount()).toBe(entries);
  });

  it('answers SHOW_NOT_FOUND for an unknown show, VALIDATION_FAILED for a malformed id or body', async () => {
    const fan = fans[TOGETHER_UNTIL + 1]!;
    const entries = await entryCount();
    expect(await join(fan, 'no-such-show')).toEqual(refusal(404, 'SHOW_NOT_FOUND'));
    expect(await readEntry(fan, 'no-such-show')).toEqual(refusal(404, 'SHOW_NOT_FOUND'));
    expect(await join(fan, 'Bad_Show!')).toMatchObject(refusal(400, 'VALIDATION_FAILED'));
    expect(await readEntry(fan, 'a'.repeat(41))).toMatchObject(refusal(400, 'VALIDATION_FAILED'));
    const withBody = await api('POST', `/api/shows/${FULL}/waitlist`, {
      token: fan.token,
      body: { position: 1 },
    });
    expect(withBody).toMatchObject(refusal(400, 'VALIDATION_FAILED'));
    expect(await join(fan, 'later-show')).toEqual(refusal(409, 'SHOW_NOT_ON_SALE'));
    expect(await join(fan, 'past-show')).toEqual(refusal(409, 'SHOW_NOT_ON_SALE'));
    expect(await entryCount()).toBe(entries);
  });

  it('answers SALE_UNAVAILABLE while the inventory is being rebuilt, and writes nothing', async () => {
    // No rebuild may race this test: the sweeper is the loop that rebuilds a lost inventory.
    await node.leader('hold-sweeper').stop();
    await world.redis.del(node.components.keys.show(FULL).meta);
    const entries = await entryCount();
    expect(await join(fans[TOGETHER_UNTIL + 1]!)).toEqual(refusal(503, 'SALE_UNAVAILABLE'));
    expect(await readEntry(fans[TOGETHER_UNTIL + 1]!)).toEqual({ status: 200, body: { joined: false } });
    expect(await join(fans[0]!)).toMatchObject({ status: 200, body: { joined: true, position: 1 } });
    expect(await entryCount()).toBe(entries);
    // Availability does not read as sold out either: it is unknown until the rebuild.
    const availability = await api('GET', `/api/shows/${FULL}/availability`);
    expect(availability).toMatchObject({ status: 503, body: { error: { code: 'SALE_UNAVAILABLE' } } });
  });
});
