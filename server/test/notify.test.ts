import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/protocol/views';
import { mailRelayStep } from '../jobs/outbox-relay';
import type { MailTransport, OutgoingMail } from '../notify/mail-transport';
import type { RunningNode } from '../node';
import {
  command,
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
const testNodes = new TestNodes(() => world);

/**
 * Records what would be mailed; can be told to fail, as an SMTP server that is down, or to hang
 * until released, as a slow one.
 */
class RecordingTransport implements MailTransport {
  readonly sent: OutgoingMail[] = [];
  readonly started: OutgoingMail[] = [];
  failing = false;
  hanging: Promise<void> | undefined;
  async send(mail: OutgoingMail): Promise<void> {
    this.started.push(mail);
    if (this.failing) throw new Error('mail server down');
    await this.hanging;
    this.sent.push(mail);
  }
}
const transport = new RecordingTransport();

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 300 });
  // The tests run the mail relay themselves (runRelay): the node's own would race them for messages.
  node = await testNodes.start({ OUTBOX_INTERVAL_MS: 3_600_000 }, { mailTransport: transport });
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

/** A fan whose account speaks `language` buys `seats`; returns the paid order. */
async function paidOrder(language: string, seats: number[]): Promise<{ order: OrderView; email: string }> {
  const { socket, fanId } = await testNodes.connect(node);
  const account = await world.db
    .updateTable('accounts')
    .set({ language })
    .where('id', '=', fanId!)
    .returning('email')
    .executeTakeFirstOrThrow();
  const hold = await command(socket, 'seats:hold', { showId: show.showId, seats });
  if (!hold.ok) throw new Error(hold.error.code);
  const reply = await command(socket, 'order:checkout', {
    showId: show.showId,
    holdId: hold.data.holdId,
    paymentMethod: 'card',
    idempotencyKey: randomUUID(),
  });
  if (!reply.ok || reply.data.status !== 'paid') throw new Error('not paid');
  socket.disconnect();
  return { order: reply.data, email: account.email };
}

/** The mail relay, as it runs on every node. */
const runRelay = () => mailRelayStep(world.db, node.components.notifier, node.components.logger)();

const notificationsOf = (orderId: string) =>
  world.db.selectFrom('notifications').selectAll().where('subject_id', '=', orderId).execute();

describe('the confirmation mail of a paid order', () => {
  it('is written in the language stored on the account, once, whatever the relay retries', async () => {
    const { order, email } = await paidOrder('th', [10, 11]);
    await runRelay();
    await runRelay();
    const [notification, ...more] = await notificationsOf(order.id);
    expect(more).toEqual([]);
    expect(notification).toMatchObject({ language: 'th', recipient: email, kind: 'order_paid' });
    expect(notification!.sent_at).not.toBeNull();
    const mails = transport.sent.filter((mail) => mail.text.includes(order.id));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.language).toBe('th');
    expect(mail.subject).toContain('บัตรของคุณ');
    expect(mail.text).toContain('ที่นั่งของคุณ 2 ที่');
    // Prices and dates in Thai through Intl; the year is Gregorian, as on the tickets.
    expect(mail.text).toMatch(/฿|บาท/);
    const year = node.components.catalogue.layout(show.showId)!.show.startsAt.getUTCFullYear();
    expect(mail.text).toContain(String(year));
    expect(mail.text).not.toContain(String(year + 543));
    expect(mail.text).toContain(`/#/orders/${order.id}`);
    expect(mail.text).not.toMatch(/orderPaid\.|{{/);
  });

  it('follows a change of language, uses the singular where the language has one, and names each seat', async () => {
    const { order } = await paidOrder('en', [20]);
    await runRelay();
    const mail = transport.sent.find((sent) => sent.text.includes(order.id))!;
    expect(mail.language).toBe('en');
    expect(mail.text).toContain('Your seat:');
    const seat = order.seats[0]!;
    expect(mail.text).toContain(`Section ${seat.section}, row ${seat.row}, seat ${seat.number}`);
    expect(mail.text).toContain(`Order number: ${order.id}`);

    const korean = await paidOrder('ko', [30, 31, 32]);
    await runRelay();
    const koreanMail = transport.sent.find((sent) => sent.text.includes(korean.order.id))!;
    expect(koreanMail.text).toContain('좌석 3석');
  });

  it('is kept and sent later when the mail transport is down', async () => {
    transport.failing = true;
    const { order } = await paidOrder('ja', [40]);
    await runRelay();
    const [kept] = await notificationsOf(order.id);
    expect(kept?.language).toBe('ja');
    expect(kept?.sent_at).toBeNull();
    const message = await world.db
      .selectFrom('outbox')
      .select(['attempts', 'processed_at'])
      .where('topic', '=', 'notify.order-paid')
      .where(sql<boolean>`payload->>'orderId' = ${order.id}`)
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ attempts: 1, processed_at: null });

    transport.failing = false;
    await sql`UPDATE outbox SET available_at = now()`.execute(world.db);
    await runRelay();
    const [sent] = await notificationsOf(order.id);
    expect(sent?.sent_at).not.toBeNull();
    expect(sent?.body).toBe(kept?.body);
    expect(transport.sent.filter((mail) => mail.text.includes(order.id))).toHaveLength(1);
  });

  it('is sent with no lock held, so a hung mail server holds up nothing else, nor is sent twice', async () => {
    let release!: () => void;
    transport.hanging = new Promise((resolve) => (release = resolve));
    const { order } = await paidOrder('id', [45]);
    const sending = runRelay();
    await waitFor(() => transport.started.some((mail) => mail.text.includes(order.id)), 5_000, 'the send');

    // Its outbox message is not locked while the send hangs, and no other relay takes it meanwhile.
    const locked = await world.db.transaction().execute((tx) =>
      sql<{ id: string }>`SELECT id FROM outbox WHERE topic = 'notify.order-paid'
        AND payload->>'orderId' = ${order.id} FOR UPDATE NOWAIT`.execute(tx),
    );
    expect(locked.rows).toHaveLength(1);
    await runRelay();
    expect(transport.started.filter((mail) => mail.text.includes(order.id))).toHaveLength(1);

    transport.hanging = undefined;
    release();
    await sending;
    const sent = await waitFor(
      async () => (await notificationsOf(order.id)).find((row) => row.sent_at !== null),
      5_000,
      'sent',
    );
    expect(transport.sent.filter((mail) => mail.id === sent.id)).toHaveLength(1);
  });

  it('is not written for an order that does not exist or is not paid', async () => {
    const before = transport.sent.length;
    await node.components.notifier.orderPaid(randomUUID());
    const { order } = await paidOrder('vi', [50]);
    await world.db.updateTable('orders').set({ status: 'refunded' }).where('id', '=', order.id).execute();
    await node.components.notifier.orderPaid(order.id);
    expect(await notificationsOf(order.id)).toEqual([]);
    expect(transport.sent.length).toBe(before);
  });
});
