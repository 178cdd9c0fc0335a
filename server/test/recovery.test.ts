import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceOfSeat } from '../catalogue/catalogue';
import { orderReaperStep } from '../jobs/order-reaper';
import { outboxRelayStep } from '../jobs/outbox-relay';
import type { RunningNode } from '../node';
import type { CheckoutService } from '../orders/checkout.service';
import type { ChargeOutcome, ChargeRequest } from '../payments/payment-gateway';
import { SimulatedGateway } from '../payments/simulated-gateway';
import {
  createFans,
  createTestWorld,
  seedShow,
  TestNodes,
  waitFor,
  type TestShow,
  type TestWorld,
} from './support/harness';

/** The outbox relay, mail relay and order reaper of the test nodes: once an hour. */
const OWN_LOOPS_IDLE = { OUTBOX_INTERVAL_MS: 60 * 60_000 };

let world: TestWorld;
let show: TestShow;
let node: RunningNode;
const testNodes = new TestNodes(() => world);

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 500 });
  // The tests run the relay and the reaper themselves: the nodes' own loops would race them for
  // the same messages (a claimed message is leased for a minute, and the test's step finds none).
  node = await testNodes.start(OWN_LOOPS_IDLE);
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

/** A hold and a pending order for it, as if the request that opened the order then died. */
async function orphanedOrder(seats: number[], paymentDeadline: Date) {
  const [fan] = await createFans(world, 1);
  const { inventory, orders, catalogue } = node.components;
  const hold = await inventory.hold(fan!.id, show.showId, seats);
  const layout = catalogue.layout(show.showId)!;
  const { order } = await orders.insertPendingOrder({
    accountId: fan!.id,
    showId: show.showId,
    holdId: hold.holdId,
    idempotencyKey: randomUUID(),
    requestHash: 'h',
    paymentMethod: 'card',
    paymentDeadline,
    seats: seats.map((seat) => ({ seat, ...priceOfSeat(layout, seat) })),
  });
  return { fan: fan!, hold, order };
}

/**
 * A paid order whose seats are not yet confirmed in Redis, and its inventory.confirm message, older
 * than the relay's grace (the request that wrote it died, or is still running).
 */
async function paidButNotConfirmed(seats: number[]) {
  const { order, hold } = await orphanedOrder(seats, new Date(Date.now() + 60_000));
  const payment = await node.components.orders.ensurePayment(order, 'simulated');
  const [outboxId] =
    (await node.components.orders.markPaid(
      order.id,
      payment.id,
      'ref',
      [],
      [{ topic: 'inventory.confirm', payload: { orderId: order.id } }],
    )) ?? [];
  await sql`UPDATE outbox SET created_at = now() - interval '1 minute' WHERE id = ${outboxId}`.execute(
    world.db,
  );
  return { order, hold, outboxId: outboxId! };
}

async function seatValue(seat: number): Promise<string | null> {
  const { keys, catalogue } = node.components;
  const section = catalogue.layout(show.showId)!.venue.sectionOf(seat);
  return world.redis.hget(keys.show(show.showId).section(section), String(seat));
}

const reap = () =>
  orderReaperStep(node.components.orders, node.components.checkout, node.components.logger, 0)();

describe('recovery of work a dead process left half done', () => {
  it('[C9] an overdue order that never reached the gateway expires and frees its seats', async () => {
    const { order } = await orphanedOrder([10, 11], new Date(Date.now() - 1000));
    expect(await seatValue(10)).toMatch(/^H\|/);
    await reap();
    const settled = await node.components.orders.findById(order.id);
    expect(settled?.status).toBe('expired');
    expect([await seatValue(10), await seatValue(11)]).toEqual([null, null]);
  });

  it("[C9] an overdue order whose payment went through is completed from the gateway's answer", async () => {
    const { order, hold } = await orphanedOrder([20], new Date(Date.now() - 1000));
    const payment = await node.components.orders.ensurePayment(order, 'simulated');
    await node.components.gateway.charge({
      paymentId: payment.id,
      amountSatang: Number(order.total_satang),
      currency: 'THB',
      method: 'card',
      description: 'charged before the driving request died',
    });
    await reap();
    expect((await node.components.orders.findById(order.id))?.status).toBe('paid');
    expect(await seatValue(20)).toBe(`S|${order.id}`);
    expect(await node.components.inventory.readHold(show.showId, hold.holdId)).toBeUndefined();
    expect(await node.components.orders.ticketsOf(order.id)).toHaveLength(1);
  });

  it('[C10] seats sold in PostgreSQL but not yet in Redis are confirmed by the outbox relay', async () => {
    // The process committed the paid order, then died before telling Redis.
    const { order, hold, outboxId } = await paidButNotConfirmed([30, 31]);
    expect(await seatValue(30)).toBe(`H|${hold.holdId}`);

    await outboxRelayStep(world.db, node.components, node.components.logger)();
    await waitFor(async () => (await seatValue(31)) === `S|${order.id}`, 5_000, 'the relay');
    expect(await seatValue(30)).toBe(`S|${order.id}`);
    const message = await world.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(message.processed_at).not.toBeNull();
  });

  it('[C10] the relay holds no lock while a step runs: the request that wrote a message still marks it done', async () => {
    // The request is slow (a loaded machine): its message passes the grace while it still runs.
    const { outboxId } = await paidButNotConfirmed([35]);
    let stepStarted!: () => void;
    let finishStep!: () => void;
    const started = new Promise<void>((resolve) => (stepStarted = resolve));
    const slowConfirm = {
      confirmInventory: () => {
        stepStarted();
        return new Promise<void>((resolve) => (finishStep = resolve));
      },
    } as unknown as CheckoutService;
    const relaying = outboxRelayStep(world.db, { checkout: slowConfirm }, node.components.logger)();
    await started;
    // Waiting here on the relay's row lock is what tied up every pooled connection in a surge.
    await node.components.orders.markOutboxProcessed(outboxId);
    finishStep();
    await relaying;
    const message = await world.db
      .selectFrom('outbox')
      .select('processed_at')
      .where('id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(message.processed_at).not.toBeNull();
  });

  it('[C10] a refund the gateway could not take at first is retried by the relay', async () => {
    const { order } = await orphanedOrder([40], new Date(Date.now() + 60_000));
    const payment = await node.components.orders.ensurePayment(order, 'simulated');
    await node.components.gateway.charge({
      paymentId: payment.id,
      amountSatang: Number(order.total_satang),
      currency: 'THB',
      method: 'card',
      description: 'paid too late',
    });
    const { outboxId } = await node.components.orders.markForRefund(order.id, payment.id, 'hold_expired');
    await sql`UPDATE outbox SET created_at = now() - interval '1 minute' WHERE id = ${outboxId}`.execute(
      world.db,
    );

    await outboxRelayStep(world.db, node.components, node.components.logger)();
    await waitFor(
      async () => (await node.components.orders.findPayment(order.id))?.status === 'refunded',
      5_000,
      'the refund',
    );
    const charge = await world.db
      .selectFrom('simulated_gateway_charges')
      .selectAll()
      .where('payment_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(charge.refunded_at).not.toBeNull();
  });

  it('[C7][C9] a charge that lands after the reaper expired its order is refunded, never kept', async () => {
    const gateway = new GatedGateway(world.db, { latencyMs: 0, failureRate: 0 });
    const gated = await testNodes.start(OWN_LOOPS_IDLE, { gateway });
    const [fan] = await createFans(world, 1);
    const hold = await gated.components.inventory.hold(fan!.id, show.showId, [50, 51]);

    // The checkout's charge request is on its way to the provider...
    const checkout = gated.components.checkout.checkout(fan!.id, {
      showId: show.showId,
      holdId: hold.holdId,
      paymentMethod: 'card',
      idempotencyKey: randomUUID(),
    });
    await gateway.reached;
    // ...when the reaper finds the order overdue; the provider has not seen the charge, so it expires.
    await world.db
      .updateTable('orders')
      .set({ payment_deadline: new Date(Date.now() - 60_000) })
      .where('hold_id', '=', hold.holdId)
      .execute();
    await orderReaperStep(gated.components.orders, gated.components.checkout, gated.components.logger, 0)();
    gateway.open();

    const view = await checkout;
    expect(view.status).toBe('refunded');
    const payment = await gated.components.orders.findPayment(view.id);
    expect(payment?.status).toBe('refunded');
    const charge = await world.db
      .selectFrom('simulated_gateway_charges')
      .selectAll()
      .where('payment_id', '=', payment!.id)
      .executeTakeFirstOrThrow();
    expect(charge).toMatchObject({ outcome: 'succeeded' });
    expect(charge.refunded_at).not.toBeNull();
    expect([await seatValue(50), await seatValue(51)]).toEqual([null, null]);
  });
});

/** A gateway whose first charge waits at a gate before it reaches the provider (a slow network). */
class GatedGateway extends SimulatedGateway {
  private arrived!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.arrived = resolve));
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));

  open(): void {
    this.opened();
  }

  override async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    this.arrived();
    await this.gate;
    return super.charge(request);
  }
}
