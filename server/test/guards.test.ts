import type { Router } from 'express';
import { connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCommand, CommandRequest, StaffRole } from '../../shared/protocol/events';
import type { FeatureModule } from '../feature';
import type { RunningNode } from '../node';
import { KNOWN_COMMANDS } from '../realtime/command';
import {
  command,
  connectClient,
  connected,
  createFans,
  seedSale,
  seedShow,
  TestNodes,
  type ClientSocket,
  type TestShow,
  type TestWorld,
  createTestWorld,
} from './support/harness';

/**
 * Who may use each HTTP route and socket command, as a table this test checks against what the
 * registered feature modules actually serve: a route or command missing here fails the test, so a
 * new one cannot ship without saying who it is for. Every route and command for fans, staff or
 * admitted fans is then called with the identities it must refuse; public ones are open by design.
 */
type Access =
  /** Anyone, signed in or not. */
  | 'public'
  /** A signed-in fan (a staff token is refused). */
  | 'fan'
  /** Box-office staff: agents, managers, admins; not fans, not the gate. */
  | 'boxOffice'
  /** Sale managers and admins only. */
  | 'manager'
  /** The seats of a show sold through a waiting room: box-office staff, or an admitted fan. */
  | 'seatMap';

const ROUTES: Record<string, Access> = {
  'POST /api/auth/signup': 'public',
  'POST /api/auth/signin': 'public',
  'POST /api/staff/auth/signin': 'public',
  // Refresh and sign-out take the httpOnly refresh cookie, not a session token.
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/signout': 'public',
  'POST /api/staff/auth/refresh': 'public',
  'POST /api/staff/auth/signout': 'public',
  'GET /api/me': 'fan',
  'PATCH /api/me': 'fan',
  'GET /api/shows': 'public',
  'GET /api/shows/:showId': 'public',
  'GET /api/venues/:venueId/geometry': 'public',
  'GET /api/venues/:venueId/geometry/:etag': 'public',
  'GET /api/shows/:showId/seats': 'seatMap',
  'GET /api/shows/:showId/availability': 'public',
  'POST /api/shows/:showId/holds': 'fan',
  'DELETE /api/shows/:showId/holds/:holdId': 'fan',
  'POST /api/admin/shows/:showId/blocks': 'boxOffice',
  'POST /api/admin/shows/:showId/unblocks': 'boxOffice',
  'POST /api/orders': 'fan',
  'GET /api/orders/:orderId': 'fan',
  'GET /api/me/orders': 'fan',
  'POST /api/shows/:showId/waitlist': 'fan',
  'GET /api/shows/:showId/waitlist/me': 'fan',
  'GET /api/sales': 'public',
  'GET /api/sales/:saleId': 'public',
  'GET /api/sales/:saleId/queue/status': 'public',
  'GET /api/sales/:saleId/queue/verify': 'public',
  'POST /api/sales/:saleId/queue': 'fan',
  'GET /api/sales/:saleId/queue/me': 'fan',
  'DELETE /api/sales/:saleId/queue/me': 'fan',
  'POST /api/sales/:saleId/admission': 'fan',
  'GET /api/admin/sales/:saleId/queue': 'boxOffice',
  'PATCH /api/admin/sales/:saleId/queue': 'manager',
};

const SALE_ID = 'guards-sale';
const HOLD_ID = 'AAAAAAAAAAAA.1';
const UUID = '6f1c1e2a-3b4c-4d5e-8f70-8192a3b4c5d6';

/** A valid payload for each socket command (so the schema passes and the guard answers), and who may send it. */
type CommandTable = {
  [E in ClientCommand]: { access: 'public' | 'fan'; payload: (show: TestShow) => CommandRequest<E> };
};
const COMMANDS: CommandTable = {
  // Signs a socket in: anyone may present a token.
  'auth:refresh': { access: 'public', payload: () => ({ token: 'x.y.z' }) },
  // Per-section availability is public; seats of a waiting room's show need admission (seatMap).
  'show:subscribe': { access: 'public', payload: (show) => ({ showId: show.showId }) },
  'show:unsubscribe': { access: 'public', payload: (show) => ({ showId: show.showId }) },
  'seats:hold': { access: 'fan', payload: (show) => ({ showId: show.showId, seats: [1] }) },
  'seats:release': { access: 'fan', payload: (show) => ({ showId: show.showId, holdId: HOLD_ID }) },
  'order:checkout': {
    access: 'fan',
    payload: (show) => ({
      showId: show.showId,
      holdId: HOLD_ID,
      paymentMethod: 'card',
      idempotencyKey: 'guards-key-0001',
    }),
  },
  'queue:join': { access: 'fan', payload: () => ({ saleId: SALE_ID }) },
  'queue:status': { access: 'fan', payload: () => ({ saleId: SALE_ID }) },
  'queue:leave': { access: 'fan', payload: () => ({ saleId: SALE_ID }) },
  'queue:enter': { access: 'fan', payload: () => ({ saleId: SALE_ID }) },
  'queue:admission': { access: 'fan', payload: () => ({ saleId: SALE_ID, token: 'a.b.c' }) },
};

let world: TestWorld;
let node: RunningNode;
let show: TestShow;
let fanToken: string;
const staffTokens = {} as Record<StaffRole, string>;
const testNodes = new TestNodes(() => world);

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 100 });
  await seedSale(world.db, { id: SALE_ID, showIds: [show.showId] });
  node = await testNodes.start();
  const [fan] = await createFans(world, 1);
  fanToken = fan!.token;
  for (const role of ['agent', 'manager', 'admin', 'gate'] as const) {
    const id = await node.components.accounts.createStaff(
      `${role}@guards.test`,
      'staff password 123',
      role,
      role,
    );
    staffTokens[role] = (await world.tokens.issue('staff', id, { role })).token;
  }
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

/** Every route the node's feature modules registered, as "METHOD path". */
function registeredRoutes(modules: readonly FeatureModule[]): string[] {
  return modules.flatMap((feature) =>
    ((feature.routes as Router | undefined)?.stack ?? []).flatMap((layer) => {
      const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
      if (!route) return [];
      return Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`);
    }),
  );
}

async function call(
  route: string,
  token?: string,
  body: unknown = {},
): Promise<{ status: number; code?: string }> {
  const [method, template] = route.split(' ') as [string, string];
  const path = template
    .replace(':showId', show.showId)
    .replace(':saleId', SALE_ID)
    .replace(':holdId', HOLD_ID)
    .replace(':orderId', UUID);
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: answer.error?.code };
}

describe('who may use what', () => {
  it('every registered route and socket command is in the table', async () => {
    const routes = registeredRoutes(Object.values(node.features));
    expect(routes.length).toBeGreaterThan(20);
    expect(new Set(routes)).toEqual(new Set(Object.keys(ROUTES)));
    await testNodes.connect(node); // commands are registered on a connection
    expect(new Set(KNOWN_COMMANDS)).toEqual(new Set(Object.keys(COMMANDS)));
  });

  it('staff routes refuse a fan token and a gate token; sale controls refuse an agent', async () => {
    const staffRoutes = Object.entries(ROUTES).filter(
      ([, access]) => access === 'boxOffice' || access === 'manager',
    );
    expect(staffRoutes.length).toBeGreaterThanOrEqual(4);
    for (const [route, access] of staffRoutes) {
      expect(await call(route), route).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      expect(await call(route, fanToken), route).toEqual({ status: 401, code: 'AUTH_INVALID' });
      expect(await call(route, staffTokens.gate), route).toEqual({ status: 403, code: 'FORBIDDEN' });
      if (access === 'manager') {
        expect(await call(route, staffTokens.agent), route).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    }
    // The table's roles are the ones that pass.
    expect((await call('GET /api/admin/sales/:saleId/queue', staffTokens.agent)).status).toBe(200);
    expect(
      (await call('PATCH /api/admin/sales/:saleId/queue', staffTokens.manager, { paused: false })).status,
    ).toBe(200);
  });

  it('fan routes refuse no token and a staff token', async () => {
    for (const [route] of Object.entries(ROUTES).filter(([, access]) => access === 'fan')) {
      expect(await call(route), route).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      expect(await call(route, staffTokens.admin), route).toEqual({ status: 401, code: 'AUTH_INVALID' });
    }
  });

  it("a waiting room's seat map refuses the gate and a fan not admitted, and serves the box office", async () => {
    const route = 'GET /api/shows/:showId/seats';
    expect(await call(route, staffTokens.gate)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await call(route, fanToken)).toEqual({ status: 403, code: 'ADMISSION_REQUIRED' });
    expect((await call(route, staffTokens.agent)).status).toBe(200);
  });

  it('staff actions are kept in the audit: who, what, to which sale or show', async () => {
    const before = await world.db.selectFrom('staff_audit').select('id').execute();
    expect(
      (
        await call('POST /api/admin/shows/:showId/blocks', staffTokens.agent, {
          seats: [3],
          reason: 'camera',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST /api/admin/shows/:showId/unblocks', staffTokens.agent, { seats: [3] })).status,
    ).toBe(200);
    expect(
      (await call('PATCH /api/admin/sales/:saleId/queue', staffTokens.admin, { activeCap: 7 })).status,
    ).toBe(200);
    // Refused actions leave nothing.
    expect(
      (await call('PATCH /api/admin/sales/:saleId/queue', staffTokens.agent, { activeCap: 9 })).status,
    ).toBe(403);
    const rows = await world.db
      .selectFrom('staff_audit')
      .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_audit.staff_id')
      .select(['staff_accounts.role', 'action', 'subject', 'details'])
      .where('staff_audit.id', 'not in', before.length > 0 ? before.map((row) => row.id) : ['0'])
      .orderBy('staff_audit.id')
      .execute();
    expect(rows).toEqual([
      {
        role: 'agent',
        action: 'seats.block',
        subject: `show:${show.showId}`,
        details: { seats: [3], reason: 'camera' },
      },
      { role: 'agent', action: 'seats.unblock', subject: `show:${show.showId}`, details: { seats: [3] } },
      { role: 'admin', action: 'queue.settings', subject: `sale:${SALE_ID}`, details: { activeCap: 7 } },
    ]);
  });

  it('fan commands refuse a signed-out socket and a staff socket', async () => {
    const anonymous = connectClient(node.url!);
    const staff = connect(node.url!, {
      auth: { token: staffTokens.admin, kind: 'staff' },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      await Promise.all([connected(anonymous), connected(staff)]);
      const send = <E extends ClientCommand>(socket: ClientSocket, event: E) =>
        command(socket, event, COMMANDS[event].payload(show));
      for (const event of Object.keys(COMMANDS) as ClientCommand[]) {
        if (COMMANDS[event].access !== 'fan') continue;
        const signedOut = await send(anonymous, event);
        expect(signedOut.ok ? 'ok' : signedOut.error.code, event).toBe('AUTH_REQUIRED');
        const asStaff = await send(staff, event);
        expect(asStaff.ok ? 'ok' : asStaff.error.code, event).toBe('FORBIDDEN');
      }
    } finally {
      anonymous.disconnect();
      staff.disconnect();
    }
  });
});
