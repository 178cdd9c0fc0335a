import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  QueueCursor,
  QueueEntryView,
  QueueStatsView,
  QueueStatusView,
  SaleView,
} from '../../shared/protocol/views';
import {
  rooms,
  type ClientCommand,
  type CommandReply,
  type CommandRequest,
} from '../../shared/protocol/events';
import { parseSeedHex, queuePermutation, seedCommitment } from '../../shared/queue-permutation';
import { verifyQueue } from '../../scripts/verify-queue';
import type { RunningNode } from '../node';
import { AdmissionTokens } from '../queue/admission-tokens';
import {
  command,
  connectClient,
  connected,
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  TEST_SECRET,
  TestNodes,
  waitFor,
  type ClientSocket,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
let node: RunningNode;
const SALE = 'test-sale';
const testNodes = new TestNodes(() => world);
const sockets: ClientSocket[] = [];

interface Fan {
  id: string;
  token: string;
}

async function api<T>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      'content-type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

async function socketOf(fan: Fan): Promise<ClientSocket> {
  const socket = connectClient(node.url!, fan.token);
  sockets.push(socket);
  await connected(socket);
  return socket;
}

async function ok<E extends ClientCommand>(
  socket: ClientSocket,
  event: E,
  payload: CommandRequest<E>,
): Promise<CommandReply<E>> {
  const reply = await command(socket, event, payload);
  if (!reply.ok) throw new Error(`${event} failed: ${reply.error.code}`);
  return reply.data;
}

async function errorCode<E extends ClientCommand>(
  socket: ClientSocket,
  event: E,
  payload: CommandRequest<E>,
): Promise<string | undefined> {
  const reply = await command(socket, event, payload);
  return reply.ok ? undefined : reply.error.code;
}

async function staffToken(role: 'agent' | 'manager'): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@seatrush.test`;
  const staffId = await node.components.accounts.createStaff(email, 'staff password 123', role, role);
  return (await world.tokens.issue('staff', staffId, { role })).token;
}

/** Resolves once the pacer's admit script has run after this call (it stamps allowanceAt each step). */
async function nextAdmissionStep(): Promise<void> {
  const meta = node.components.keys.sale(SALE).meta;
  const stamp = await world.redis.hget(meta, 'allowanceAt');
  const moved = async () => (await world.redis.hget(meta, 'allowanceAt')) !== stamp;
  await waitFor(moved, 10_000, 'an admission step');
}

/** Moves T0 into the past; the pacer then shuffles the pre-queue and starts admitting. */
async function startSale(): Promise<void> {
  await world.db
    .updateTable('sales')
    .set({ starts_at: new Date(Date.now() - 1000) })
    .where('id', '=', SALE)
    .execute();
  await node.components.catalogue.refresh();
}

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 400 });
  await seedSale(world.db, { id: SALE, showIds: [show.showId], activeCap: 3, admitRatePerSecond: 50 });
  node = await testNodes.start({ QUEUE_STEP_MS: 100, QUEUE_PRESENCE_MS: 200 });
}, 60_000);

afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await testNodes.stopAll();
  await world.dispose();
});

describe('the waiting room over sockets and HTTP, before T0', () => {
  it('[Q6] publishes the seed commitment and keeps the seed secret', async () => {
    const { status, headers, body } = await api<SaleView>('GET', `/api/sales/${SALE}`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=5');
    expect(body.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(body.seed).toBeNull();
    expect(body.showIds).toEqual([show.showId]);
    const verify = await api<{ error: { code: string } }>('GET', `/api/sales/${SALE}/queue/verify?arrival=0`);
    expect(verify.body.error.code).toBe('QUEUE_NOT_OPEN');
  });

  it('[Q1] one account joining from 5 sockets and 2 HTTP clients at once has one place', async () => {
    const [fan] = (await createFans(world, 1)) as [Fan];
    const fanSockets = await Promise.all(Array.from({ length: 5 }, () => socketOf(fan)));
    const entries = await Promise.all([
      ...fanSockets.map((socket) => ok(socket, 'queue:join', { saleId: SALE })),
      ...[0, 1].map(
        async () => (await api<QueueEntryView>('POST', `/api/sales/${SALE}/queue`, fan.token)).body,
      ),
    ]);
    expect(new Set(entries.map((entry) => entry.arrival)).size).toBe(1);
    expect(entries[0]).toMatchObject({ saleId: SALE, place: null, standing: 'prequeue' });
    const arrivals = await world.redis.zrange(node.components.keys.sale(SALE).arrivals, 0, -1);
    expect(arrivals.filter((account) => account === fan.id)).toHaveLength(1);
  });

  it('[Q9] serves the cursor with cache headers, and asks near-front fans back sooner', async () => {
    const near = await api<QueueStatusView>('GET', `/api/sales/${SALE}/queue/status?place=1`);
    expect(near.status).toBe(200);
    expect(near.headers.get('cache-control')).toBe('public, max-age=1');
    expect(near.body).toMatchObject({
      saleId: SALE,
      phase: 'prequeue',
      nowServing: 0,
      admitRatePerSecond: 50,
    });
    const far = await api<QueueStatusView>('GET', `/api/sales/${SALE}/queue/status?place=100000`);
    expect(near.body.pollAfterMs).toBe(2_000);
    expect(far.body.pollAfterMs).toBe(30_000);
    const bad = await api<{ error: { code: string } }>('GET', `/api/sales/${SALE}/queue/status?place=-3`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('[Q13] refuses the seat map, holds and checkout of a queued show without admission', async () => {
    const [fan] = (await createFans(world, 1)) as [Fan];
    const socket = await socketOf(fan);
    expect(await errorCode(socket, 'show:subscribe', { showId: show.showId, sections: [0] })).toBe(
      'ADMISSION_REQUIRED',
    );
    expect(await errorCode(socket, 'seats:hold', { showId: show.showId, seats: [1] })).toBe(
      'ADMISSION_REQUIRED',
    );
    const overHttp = await api<{ error: { code: string } }>(
      'POST',
      `/api/shows/${show.showId}/holds`,
      fan.token,
      {
        seats: [1],
      },
    );
    expect(overHttp.body.error.code).toBe('ADMISSION_REQUIRED');
    const enter = await api<{ error: { code: string } }>('POST', `/api/sales/${SALE}/admission`, fan.token);
    expect(enter.body.error.code).toBe('NOT_ADMITTED');
    // The availability overview (no seats) stays open to everyone.
    expect((await command(socket, 'show:subscribe', { showId: show.showId })).ok).toBe(true);
  });
});

describe('the waiting room after T0', () => {
  const fans: Fan[] = [];
  const entries = new Map<string, QueueEntryView>();
  const cursors: QueueCursor[] = [];
  /** The fans whose sockets heard queue:admitted, and for which sale. */
  const admittedNotices = new Map<string, string>();

  beforeAll(async () => {
    fans.push(...((await createFans(world, 6)) as Fan[]));
    for (const fan of fans) {
      const socket = await socketOf(fan);
      socket.on('queue:cursor', (cursor) => cursors.push(cursor));
      socket.on('queue:admitted', (notice) => admittedNotices.set(fan.id, notice.saleId));
      entries.set(fan.id, await ok(socket, 'queue:join', { saleId: SALE }));
    }
    await startSale();
  }, 30_000);

  it('[Q5][Q8] shuffles at T0 and broadcasts the moving cursor to the queue room', async () => {
    const live = await waitFor(() =>
      cursors.find((cursor) => cursor.phase === 'live' && cursor.nowServing > 0),
    );
    expect(live).toMatchObject({ saleId: SALE, admitRatePerSecond: 50, paused: false });
    const sale = (await api<SaleView>('GET', `/api/sales/${SALE}`)).body;
    expect(seedCommitment(parseSeedHex(sale.seed!))).toBe(sale.seedCommitment);
    const permutation = queuePermutation(parseSeedHex(sale.seed!), sale.shuffledSize!);
    const socket = await socketOf(fans[0]!);
    const entry = await ok(socket, 'queue:status', { saleId: SALE });
    expect(entry.place).toBe(permutation.permute(entries.get(fans[0]!.id)!.arrival) + 1);
  });

  it('[Q8] every admitted fan hears queue:admitted on its own socket at once; no one else does', async () => {
    const admittedKey = node.components.keys.sale(SALE).admitted;
    const admitted = await waitFor(async () => {
      const flags = await Promise.all(fans.map((fan) => world.redis.hexists(admittedKey, fan.id)));
      const admittedFans = fans.filter((_, i) => flags[i] === 1);
      return (
        admittedFans.length > 0 && admittedFans.every((fan) => admittedNotices.has(fan.id)) && admittedFans
      );
    });
    for (const fan of admitted) expect(admittedNotices.get(fan.id)).toBe(SALE);
    const flags = await Promise.all(fans.map((fan) => world.redis.hexists(admittedKey, fan.id)));
    const waiting = fans.filter((_, i) => flags[i] === 0);
    expect(waiting.length).toBeGreaterThan(0); // the cap (3) keeps some waiting
    for (const fan of waiting) expect(admittedNotices.has(fan.id)).toBe(false);
  });

  it('[Q6] the verifier endpoint and command recompute places from the revealed seed', async () => {
    const fan = fans[1]!;
    const arrival = entries.get(fan.id)!.arrival;
    const me = (await api<QueueEntryView>('GET', `/api/sales/${SALE}/queue/me`, fan.token)).body;
    const verify = await api<{ place: number; seed: string }>(
      'GET',
      `/api/sales/${SALE}/queue/verify?arrival=${arrival}`,
    );
    expect(verify.body.place).toBe(me.place);
    const report = await verifyQueue({ url: node.url!, saleId: SALE, arrivals: [arrival] });
    expect(report.commitmentMatches).toBe(true);
    expect(report.places).toEqual([{ arrival, place: me.place }]);
  });

  it('[Q12][Q13] admits up to the cap; an admitted fan enters, holds (within the window) and buys their limit, which frees the slot', async () => {
    const stats = async () =>
      (await api<QueueStatsView>('GET', `/api/admin/sales/${SALE}/queue`, await staffToken('agent'))).body;
    await waitFor(async () => (await stats()).activeShoppers === 3, 10_000, 'three shoppers');
    // The cap holds: wait for an admission step to run after this point, then look again. Every
    // step's admit script stamps allowanceAt, and decides atomically, against the shoppers there
    // are when it runs: a changed stamp means a whole step saw three shoppers and fans still waiting
    // (fans present, rate to spare), so a step that ignored the cap would have admitted a fourth.
    await nextAdmissionStep();
    expect(await stats()).toMatchObject({ activeShoppers: 3, admittedTotal: 3 });

    const admittedFan = await waitFor(async () => {
      for (const fan of fans) {
        const me = (await api<QueueEntryView>('GET', `/api/sales/${SALE}/queue/me`, fan.token)).body;
        if (me.standing === 'admitted') return fan;
      }
      return undefined;
    });
    const socket = await socketOf(admittedFan);
    const admission = await ok(socket, 'queue:enter', { saleId: SALE });
    expect(admission.expiresAt).toBeGreaterThan(Date.now());
    expect((await command(socket, 'show:subscribe', { showId: show.showId, sections: [0] })).ok).toBe(true);
    // A shopper's hold ends with their window at the latest (here a minute away, less than a hold's 8).
    const windowEndsAt = Date.now() + 60_000;
    await world.redis.zadd(node.components.keys.sale(SALE).active, windowEndsAt, admittedFan.id);
    const hold = await ok(socket, 'seats:hold', { showId: show.showId, seats: [10, 11, 12, 13] });
    // (The hold's end is stamped by Redis's clock a few ms after the server computed its length.)
    expect(hold.expiresAt).toBeLessThanOrEqual(windowEndsAt + 100);
    expect(hold.expiresAt).toBeGreaterThan(windowEndsAt - 5_000);
    const order = await ok(socket, 'order:checkout', {
      showId: show.showId,
      holdId: hold.holdId,
      paymentMethod: 'card',
      idempotencyKey: randomUUID(),
    });
    expect(order.status).toBe('paid');
    // The slot went to the next fan; the buyer's token no longer opens the map.
    await waitFor(async () => (await stats()).admittedTotal === 4, 10_000, 'the next fan admitted');
    const again = await api<{ error: { code: string } }>(
      'POST',
      `/api/shows/${show.showId}/holds`,
      admittedFan.token,
      { seats: [14] },
      {
        'x-admission-token': admission.token,
      },
    );
    expect(again.body.error.code).toBe('ADMISSION_EXPIRED');
  });

  it('[Q13] refuses forged, expired, another account’s and another sale’s tokens', async () => {
    const [fan, other] = fans.slice(4) as [Fan, Fan];
    const socket = await socketOf(fan);
    const genuine = new AdmissionTokens(TEST_SECRET);
    const forger = new AdmissionTokens('not-the-secret-not-the-secret-not-the-secret');
    const inAMinute = Date.now() + 60_000;
    const tokens = {
      forged: await forger.issue({ accountId: fan.id, saleId: SALE, expiresAt: inAMinute }),
      expired: await genuine.issue({ accountId: fan.id, saleId: SALE, expiresAt: Date.now() - 1000 }),
      otherAccount: await genuine.issue({ accountId: other.id, saleId: SALE, expiresAt: inAMinute }),
      otherSale: await genuine.issue({ accountId: fan.id, saleId: 'another-sale', expiresAt: inAMinute }),
      garbage: 'x'.repeat(40),
    };
    const expected = {
      forged: 'ADMISSION_INVALID',
      expired: 'ADMISSION_EXPIRED',
      otherAccount: 'ADMISSION_INVALID',
      otherSale: 'ADMISSION_INVALID',
      garbage: 'VALIDATION_FAILED',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const code = expected[name as keyof typeof expected];
      expect([name, await errorCode(socket, 'queue:admission', { saleId: SALE, token })]).toEqual([
        name,
        code,
      ]);
      const overHttp = await api<{ error: { code: string } }>(
        'POST',
        `/api/shows/${show.showId}/holds`,
        fan.token,
        { seats: [20] },
        {
          'x-admission-token': token,
        },
      );
      expect([name, overHttp.body.error.code]).toEqual([
        name,
        name === 'garbage' ? 'ADMISSION_INVALID' : code,
      ]);
    }
    // None of them let the socket in.
    expect(await errorCode(socket, 'seats:hold', { showId: show.showId, seats: [20] })).toBe(
      'ADMISSION_REQUIRED',
    );
  });

  it('[Q10][Q14] a shopper whose new socket presents the admission token is present through it', async () => {
    // Three shoppers are active among the six fans and the one who joined before T0 ([Q1]), less
    // the buyer: at least two of them are among the six, whichever places the shuffle gave.
    const shopper = await waitFor(async () => {
      for (const fan of fans) {
        const me = (await api<QueueEntryView>('GET', `/api/sales/${SALE}/queue/me`, fan.token)).body;
        if (me.standing === 'admitted') return fan;
      }
      return undefined;
    });
    const admission = await ok(await socketOf(shopper), 'queue:enter', { saleId: SALE });
    // The map's socket reconnected: a new connection, in no room, presents the token.
    const reconnected = await socketOf(shopper);
    await ok(reconnected, 'queue:admission', { saleId: SALE, token: admission.token });
    const queueRoom = node.application.io.of('/').adapter.rooms.get(rooms.queue(SALE));
    expect(queueRoom?.has(reconnected.id!)).toBe(true);
  });

  it('[Q10] a fan who disconnects and comes back within the grace keeps the place', async () => {
    const fan = fans[5]!;
    const first = await socketOf(fan);
    const before = await ok(first, 'queue:status', { saleId: SALE });
    const firstId = first.id!;
    first.disconnect();
    // The server has let the first socket go before the fan comes back.
    await waitFor(() => !node.application.io.of('/').sockets.has(firstId), 10_000, 'the disconnect');
    const second = await socketOf(fan);
    const after = await ok(second, 'queue:status', { saleId: SALE });
    expect(after.arrival).toBe(before.arrival);
    expect(after.place).toBe(before.place);
    expect(after.standing).not.toBe('missed');
  });

  it('[Q15] staff read the queue; only managers change it, with validated settings', async () => {
    const fanToken = fans[0]!.token;
    expect((await api('GET', `/api/admin/sales/${SALE}/queue`, fanToken)).status).toBe(401);
    const agent = await staffToken('agent');
    const manager = await staffToken('manager');
    const read = await api<QueueStatsView>('GET', `/api/admin/sales/${SALE}/queue`, agent);
    expect(read.body).toMatchObject({
      saleId: SALE,
      phase: 'live',
      joined: expect.any(Number),
      activeCap: 3,
    });
    const refused = await api<{ error: { code: string } }>('PATCH', `/api/admin/sales/${SALE}/queue`, agent, {
      paused: true,
    });
    expect(refused.body.error.code).toBe('FORBIDDEN');
    for (const body of [
      {},
      { activeCap: 0 },
      { admitRatePerSecond: 'fast' },
      { paused: 'yes' },
      { cap: 5 },
    ]) {
      const bad = await api<{ error: { code: string } }>(
        'PATCH',
        `/api/admin/sales/${SALE}/queue`,
        manager,
        body,
      );
      expect([JSON.stringify(body), bad.body.error.code]).toEqual([
        JSON.stringify(body),
        'VALIDATION_FAILED',
      ]);
    }
    expect((await api<QueueStatsView>('GET', `/api/admin/sales/${SALE}/queue`, agent)).body).toMatchObject({
      paused: false,
      activeCap: 3,
      admitRatePerSecond: 50,
    });
    const changed = await api<QueueStatsView>('PATCH', `/api/admin/sales/${SALE}/queue`, manager, {
      paused: true,
      activeCap: 7,
      admitRatePerSecond: 9,
    });
    expect(changed.body).toMatchObject({ paused: true, activeCap: 7, admitRatePerSecond: 9 });
    // Settings are kept in PostgreSQL too, so a queue rebuilt from the catalogue keeps them.
    const row = await world.db
      .selectFrom('sales')
      .selectAll()
      .where('id', '=', SALE)
      .executeTakeFirstOrThrow();
    expect([row.active_cap, row.admit_rate_per_second]).toEqual([7, 9]);
    const cursor = await waitFor(async () => {
      const status = (await api<QueueStatusView>('GET', `/api/sales/${SALE}/queue/status`)).body;
      return status.paused && status;
    });
    expect(cursor.admitRatePerSecond).toBe(9);
    await api('PATCH', `/api/admin/sales/${SALE}/queue`, manager, { paused: false });
  });
});
