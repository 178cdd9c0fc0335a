import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { HoldView } from '../../shared/protocol/views';
import type { Config } from '../config/config';
import type { RunningNode } from '../node';
import { TicketSigner } from '../tickets/ticket-codes';
import {
  command,
  createTestWorld,
  seedShow,
  TEST_TICKET_SECRET,
  TestNodes,
  waitFor,
  type ClientSocket,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
const testNodes = new TestNodes(() => world);
const { nodes } = testNodes;
const node = (overrides: Partial<Config> = {}) => testNodes.start(overrides);

async function fanOn(target: RunningNode): Promise<{ id: string; socket: ClientSocket }> {
  const { socket, fanId } = await testNodes.connect(target);
  return { id: fanId!, socket };
}

async function holdSeats(socket: ClientSocket, seats: number[]): Promise<HoldView> {
  const reply = await command(socket, 'seats:hold', { showId: show.showId, seats });
  if (!reply.ok) throw new Error(`hold failed: ${reply.error.code}`);
  return reply.data;
}

function checkout(socket: ClientSocket, holdId: string, idempotencyKey = randomUUID()) {
  return command(socket, 'order:checkout', {
    showId: show.showId,
    holdId,
    paymentMethod: 'card',
    idempotencyKey,
  });
}

async function seatValue(seat: number): Promise<string | null> {
  const target = nodes[0]!.components;
  const section = target.catalogue.layout(show.showId)!.venue.sectionOf(seat);
  return world.redis.hget(target.keys.show(show.showId).section(section), String(seat));
}

async function count(
  table: 'orders' | 'payments' | 'simulated_gateway_charges' | 'tickets',
): Promise<number> {
  const row = await world.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 500 });
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

describe('checkout', () => {
  it('[C3][C5] hold, pay, get signed tickets: PostgreSQL says paid and Redis says sold', async () => {
    const fan = await fanOn(await node());
    const hold = await holdSeats(fan.socket, [10, 11]);
    const reply = await checkout(fan.socket, hold.holdId);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const order = reply.data;
    expect(order).toMatchObject({ status: 'paid', showId: show.showId, currency: 'THB' });
    expect(order.seats.map((seat) => seat.seat)).toEqual([10, 11]);
    expect(order.totalSatang).toBe(order.seats.reduce((sum, seat) => sum + seat.priceSatang, 0));
    expect(order.tickets).toHaveLength(2);
    // [C3] The hold was extended once to cover payment, and the order's deadline is its new expiry.
    const deadlineMs = Date.parse(order.paymentDeadline) - Date.now();
    const windowMs = Math.max(world.config.HOLD_TTL_MS, world.config.HOLD_EXTENSION_MS);
    expect(deadlineMs).toBeGreaterThan(windowMs - 10_000);
    expect(deadlineMs).toBeLessThanOrEqual(windowMs);
    const signer = new TicketSigner(TEST_TICKET_SECRET);
    for (const ticket of order.tickets) {
      expect(signer.verify(ticket.code)).toEqual({
        ticketId: ticket.id,
        showId: show.showId,
        seat: ticket.seat,
      });
    }
    expect(
      signer.verify(order.tickets[0]!.code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
    ).toBeUndefined();
    expect(await seatValue(10)).toBe(`S|${order.id}`);
    expect(await seatValue(11)).toBe(`S|${order.id}`);
    // The seats were confirmed at once; the confirmation mail is the outbox relay's (notify.test.ts).
    const outbox = await world.db.selectFrom('outbox').selectAll().execute();
    expect(outbox.map((message) => message.topic).sort()).toEqual(['inventory.confirm', 'notify.order-paid']);
    const confirm = outbox.find((message) => message.topic === 'inventory.confirm');
    expect(confirm?.processed_at).not.toBeNull();
  });

  it('[C1][C4] the same checkout sent 5 times in a row and 5 times at once yields one order and one payment', async () => {
    const fan = await fanOn(nodes[0]!);
    const before = {
      orders: await count('orders'),
      payments: await count('payments'),
      charges: await count('simulated_gateway_charges'),
    };

    const sequential = await holdSeats(fan.socket, [20]);
    const key = randomUUID();
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await checkout(fan.socket, sequential.holdId, key));

    const concurrent = await holdSeats(fan.socket, [21]);
    const otherKey = randomUUID();
    replies.push(
      ...(await Promise.all(
        Array.from({ length: 5 }, () => checkout(fan.socket, concurrent.holdId, otherKey)),
      )),
    );

    const orderIds = replies.map((reply) => (reply.ok ? reply.data.id : reply.error.code));
    expect(new Set(orderIds.slice(0, 5)).size).toBe(1);
    expect(new Set(orderIds.slice(5)).size).toBe(1);
    expect(replies.every((reply) => reply.ok && reply.data.status === 'paid')).toBe(true);
    expect(await count('orders')).toBe(before.orders + 2);
    expect(await count('payments')).toBe(before.payments + 2);
    expect(await count('simulated_gateway_charges')).toBe(before.charges + 2);
  });

  it('[C1][C2] a key reused for another request is refused; another key for the same hold gets the same order', async () => {
    const fan = await fanOn(nodes[0]!);
    const hold = await holdSeats(fan.socket, [30]);
    const key = randomUUID();
    const first = await checkout(fan.socket, hold.holdId, key);
    const again = await checkout(fan.socket, hold.holdId, randomUUID());
    expect(first.ok && again.ok && again.data.id === first.data.id).toBe(true);

    const other = await holdSeats(fan.socket, [31]);
    const reused = await checkout(fan.socket, other.holdId, key);
    expect(reused).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await seatValue(31)).toBe(`H|${other.holdId}`);
  });

  it('[C6] a declined payment fails the order and frees its seats at once', async () => {
    const declining = await node({ SIMULATED_PAYMENT_FAILURE_RATE: 1 });
    const fan = await fanOn(declining);
    const hold = await holdSeats(fan.socket, [40, 41]);
    const reply = await checkout(fan.socket, hold.holdId);
    expect(reply.ok && reply.data.status).toBe('payment_failed');
    expect(await seatValue(40)).toBeNull();
    expect(await seatValue(41)).toBeNull();
    const account = await world.redis.hget(declining.components.keys.show(show.showId).accountSeats, fan.id);
    expect(account).toBeNull();
  });

  it('[C8] a seat Redis lost track of is never sold twice: PostgreSQL refuses, refunds, and repairs Redis', async () => {
    const first = await fanOn(nodes[0]!);
    const bought = await checkout(first.socket, (await holdSeats(first.socket, [60])).holdId);
    expect(bought.ok && bought.data.status).toBe('paid');
    // Redis forgets the sale (as after a bad failover): the seat looks free to the next fan.
    const { keys, catalogue } = nodes[0]!.components;
    const sectionId = catalogue.layout(show.showId)!.venue.sectionOf(60);
    await world.redis.hdel(keys.show(show.showId).section(sectionId), '60');

    const second = await fanOn(nodes[0]!);
    const reply = await checkout(second.socket, (await holdSeats(second.socket, [60])).holdId);
    expect(reply.ok && reply.data.status).toBe('refunded');
    expect(await seatValue(60)).toBe(`S|${bought.ok ? bought.data.id : ''}`);
    const sold = await world.db
      .selectFrom('order_seats')
      .selectAll()
      .where('seat_index', '=', 60)
      .where('state', '=', 'sold')
      .execute();
    expect(sold.map((row) => row.order_id)).toEqual([bought.ok ? bought.data.id : '']);
  });

  it('[C7] a payment that succeeds after its hold expired is refunded and sells nothing', async () => {
    const slow = await node({ HOLD_TTL_MS: 300, HOLD_EXTENSION_MS: 300, SIMULATED_PAYMENT_LATENCY_MS: 1200 });
    const fan = await fanOn(slow);
    const rival = await fanOn(nodes[0]!);
    const hold = await holdSeats(fan.socket, [50]);
    const pending = checkout(fan.socket, hold.holdId);
    // While the payment is slow, the hold lapses and another fan takes the seat.
    const rivalHold = await waitFor(
      () =>
        command(rival.socket, 'seats:hold', { showId: show.showId, seats: [50] }).then((r) => r.ok && r.data),
      5_000,
      'the lapsed seat',
    );
    const reply = await pending;
    expect(reply.ok && reply.data.status).toBe('refunded');
    expect(reply.ok && reply.data.tickets).toEqual([]);
    expect(await seatValue(50)).toBe(`H|${rivalHold.holdId}`);
    const payment = await world.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', reply.ok ? reply.data.id : '')
      .executeTakeFirst();
    expect(payment?.status).toBe('refunded');
    const charge = await world.db
      .selectFrom('simulated_gateway_charges')
      .selectAll()
      .where('payment_id', '=', payment!.id)
      .executeTakeFirst();
    expect(charge?.refunded_at).not.toBeNull();
  });
});
