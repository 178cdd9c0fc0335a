import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoldView, OrderView, ShowView } from '../../shared/protocol/views';
import type { VenueGeometry } from '../../shared/venue';
import type { RunningNode } from '../node';
import {
  createFans,
  createTestWorld,
  seedShow,
  TestNodes,
  waitFor,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
let node: RunningNode;
let fan: { id: string; token: string };
const testNodes = new TestNodes(() => world);

/** A raw GET, so the test sees the bytes and headers exactly as sent (fetch would decompress). */
function rawGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const request = httpRequest(`${node.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${fan.token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 2000 });
  node = await testNodes.start();
  [fan] = (await createFans(world, 1)) as [{ id: string; token: string }];
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

describe('HTTP connections', () => {
  it('stay open for 65 s idle, as said in Keep-Alive, and every answer says its server time', async () => {
    const answer = await rawGet('/healthz', { connection: 'keep-alive' });
    expect(answer.headers['keep-alive']).toBe('timeout=65');
    expect(answer.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
    const missing = await rawGet('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
  });

  it("open Socket.IO sessions with the heartbeat the settings give, announced in Engine.IO's handshake", async () => {
    const tuned = await testNodes.start({ SOCKET_PING_INTERVAL_MS: 40_000, SOCKET_PING_TIMEOUT_MS: 15_000 });
    const handshake = await fetch(`${tuned.url}/socket.io/?EIO=4&transport=polling`);
    const open = JSON.parse((await handshake.text()).replace(/^0/, '')) as Record<string, unknown>;
    expect(open).toMatchObject({ pingInterval: 40_000, pingTimeout: 15_000 });
  });
});

describe('catalogue over HTTP', () => {
  it('lists shows with venue, THB price tiers and a content-addressed geometry URL', async () => {
    const response = await fetch(`${node.url}/api/shows`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=30');
    const shows = (await response.json()) as ShowView[];
    expect(shows.map((s) => s.id)).toEqual([show.showId]);
    const [listed] = shows;
    expect(listed!.venue.seatCount).toBe(2000);
    expect(listed!.venue.geometryUrl).toMatch(
      new RegExp(`^/api/venues/${show.venueId}/geometry/[\\w-]{16}$`),
    );
    expect(listed!.priceTiers.map((tier) => tier.code)).toEqual(['VIP', 'FLR', 'LC', 'LS', 'UP', 'RV']);
    expect(listed!.priceTiers[0]!.priceSatang).toBe(680_000);
    expect(listed!.timeZone).toBe('Asia/Bangkok');
  });

  it('serves geometry compressed, cacheable forever, and answers If-None-Match with 304', async () => {
    const redirect = await fetch(`${node.url}/api/venues/${show.venueId}/geometry`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const url = redirect.headers.get('location')!;
    const brotli = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const geometry = JSON.parse(brotliDecompressSync(brotli.body).toString()) as VenueGeometry;
    expect(geometry.seatCount).toBe(2000);
    const gzip = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(brotliDecompressSync(brotli.body))).toBe(true);
    expect(brotli.body.length).toBeLessThan(gunzipSync(gzip.body).length / 4);
    const again = await rawGet(url, { 'if-none-match': brotli.headers.etag as string });
    expect(again.status).toBe(304);
    expect((await rawGet(`${url.slice(0, -4)}AAAA`)).status).toBe(404);
  });
});

describe('the seat map over HTTP (for fans without a socket, and the box office)', () => {
  it('holds, reads the snapshot, releases, and checks out with an Idempotency-Key', async () => {
    const hold = await api<HoldView>('POST', `/api/shows/${show.showId}/holds`, { seats: [3, 4] });
    expect(hold.status).toBe(201);
    const seats = await api<{ sections: { sectionId: number; statuses: string }[] }>(
      'GET',
      `/api/shows/${show.showId}/seats?sections=all`,
    );
    expect(
      seats.body.sections
        .map((section) => section.statuses)
        .join('')
        .slice(0, 6),
    ).toBe('000110');

    const released = await api<{ seatsFreed: number }>(
      'DELETE',
      `/api/shows/${show.showId}/holds/${hold.body.holdId}`,
    );
    expect(released.body).toEqual({ seatsFreed: 2 });

    const again = await api<HoldView>('POST', `/api/shows/${show.showId}/holds`, { seats: [5] });
    const key = randomUUID();
    const order = await api<OrderView>(
      'POST',
      '/api/orders',
      { showId: show.showId, holdId: again.body.holdId, paymentMethod: 'promptpay' },
      { 'idempotency-key': key },
    );
    expect(order).toMatchObject({ status: 200, body: { status: 'paid', paymentMethod: 'promptpay' } });
    const retried = await api<OrderView>(
      'POST',
      '/api/orders',
      { showId: show.showId, holdId: again.body.holdId, paymentMethod: 'promptpay' },
      { 'idempotency-key': key },
    );
    expect(retried.body.id).toBe(order.body.id);
    expect((await api<OrderView>('GET', `/api/orders/${order.body.id}`)).body.tickets).toHaveLength(1);
    expect((await api<OrderView[]>('GET', '/api/me/orders')).body.map((o) => o.id)).toEqual([order.body.id]);

    const [other] = await createFans(world, 1);
    const foreign = await api('GET', `/api/orders/${order.body.id}`, undefined, {
      authorization: `Bearer ${other!.token}`,
    });
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'ORDER_NOT_FOUND' } } });
  });

  it('staff block and unblock seats; blocks survive an inventory rebuild', async () => {
    await node.components.accounts.createStaff('ops@seatrush.test', 'staff password 123', 'Ops', 'manager');
    const signIn = await fetch(`${node.url}/api/staff/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@seatrush.test', password: 'staff password 123' }),
    });
    const staffToken = ((await signIn.json()) as { token: string }).token;
    const asStaff = { authorization: `Bearer ${staffToken}` };
    const blocked = await api(
      'POST',
      `/api/admin/shows/${show.showId}/blocks`,
      { seats: [100, 101], reason: 'camera' },
      asStaff,
    );
    expect(blocked).toEqual({ status: 200, body: { seatsBlocked: 2 } });
    expect((await api('POST', `/api/shows/${show.showId}/holds`, { seats: [100] })).body).toMatchObject({
      error: { code: 'SEAT_UNAVAILABLE', details: { seat: 100 } },
    });

    const { keys, inventory } = node.components;
    await world.redis.del(keys.show(show.showId).meta);
    await waitFor(() => inventory.isReady(show.showId), 10_000, 'the inventory rebuilt');
    const venue = node.components.catalogue.layout(show.showId)!.venue;
    const statusOf = async (seat: number) => {
      const sectionId = venue.sectionOf(seat);
      const { body } = await api<{ sections: { statuses: string }[] }>(
        'GET',
        `/api/shows/${show.showId}/seats?sections=${sectionId}`,
      );
      return body.sections[0]!.statuses[seat - venue.section(sectionId)!.firstSeat];
    };
    expect([await statusOf(100), await statusOf(101), await statusOf(5)]).toEqual(['3', '3', '2']);

    const unblocked = await api(
      'POST',
      `/api/admin/shows/${show.showId}/unblocks`,
      { seats: [100, 101] },
      asStaff,
    );
    expect(unblocked).toEqual({ status: 200, body: { seatsUnblocked: 2 } });
    expect(await world.db.selectFrom('seat_blocks').selectAll().execute()).toEqual([]);
  });
});
