import { sql, type Transaction } from 'kysely';
import { isUniqueViolation, type Db } from '../db/database';
import type { Database, OrderRow, OrderSeatRow, PaymentRow, TicketRow } from '../db/schema';

export interface NewOrderSeat {
  seat: number;
  tierCode: string;
  priceSatang: number;
}

export interface NewPendingOrder {
  accountId: string;
  showId: string;
  holdId: string;
  idempotencyKey: string;
  requestHash: string;
  paymentMethod: string;
  paymentDeadline: Date;
  seats: NewOrderSeat[];
}

export interface NewTicket {
  id: string;
  seat: number;
  code: string;
}

export interface OutboxMessage {
  topic: 'inventory.confirm' | 'payment.refund' | 'notify.order-paid';
  payload: Record<string, unknown>;
}

/** A seat of the order is already sold to another order (the unique index said so). */
export class SeatAlreadySoldError extends Error {
  override name = 'SeatAlreadySoldError';
}

/**
 * Orders, their seats, payments, tickets and outbox messages in PostgreSQL. Each method is one
 * statement or one transaction; the rules of when to call which live in CheckoutService.
 */
export class OrdersRepository {
  constructor(private readonly db: Db) {}

  findById(orderId: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  }

  findByIdempotencyKey(accountId: string, key: string): Promise<OrderRow | undefined> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  findByHold(showId: string, holdId: string): Promise<OrderRow | undefined> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('show_id', '=', showId)
      .where('hold_id', '=', holdId)
      .executeTakeFirst();
  }

  /**
   * Inserts a pending order with its seats, unless the same key or the same hold already has one;
   * then the existing order comes back with created = false. One statement (atomic as a
   * transaction): a checkout is a chain of round trips, each a turn of a busy event loop, and a
   * transaction holds its pooled connection across all of its own.
   */
  async insertPendingOrder(order: NewPendingOrder): Promise<{ order: OrderRow; created: boolean }> {
    const total = order.seats.reduce((sum, seat) => sum + seat.priceSatang, 0);
    try {
      const { rows } = await sql<OrderRow>`
        WITH new_order AS (
          INSERT INTO orders (account_id, show_id, hold_id, idempotency_key, request_hash, status,
                              total_satang, currency, payment_method, payment_deadline)
          VALUES (${order.accountId}, ${order.showId}, ${order.holdId}, ${order.idempotencyKey},
                  ${order.requestHash}, 'pending_payment', ${total}, 'THB', ${order.paymentMethod},
                  ${order.paymentDeadline})
          RETURNING *
        ), new_seats AS (
          INSERT INTO order_seats (order_id, show_id, seat_index, tier_code, price_satang, state)
          SELECT new_order.id, new_order.show_id, seat.seat_index, seat.tier_code, seat.price_satang, 'reserved'
            FROM new_order,
                 unnest(${order.seats.map((seat) => seat.seat)}::integer[],
                        ${order.seats.map((seat) => seat.tierCode)}::text[],
                        ${order.seats.map((seat) => seat.priceSatang)}::bigint[])
                   AS seat (seat_index, tier_code, price_satang)
        )
        SELECT * FROM new_order`.execute(this.db);
      return { order: rows[0]!, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing =
        (await this.findByIdempotencyKey(order.accountId, order.idempotencyKey)) ??
        (await this.findByHold(order.showId, order.holdId));
      if (!existing) throw error;
      return { order: existing, created: false };
    }
  }

  /** The order's payment, created on first call (one round trip unless another call created it). */
  async ensurePayment(order: OrderRow, gateway: string): Promise<PaymentRow> {
    const created = await this.db
      .insertInto('payments')
      .values({
        order_id: order.id,
        gateway,
        method: order.payment_method,
        amount_satang: order.total_satang,
        currency: order.currency,
        status: 'pending',
      })
      .onConflict((conflict) => conflict.column('order_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    // A statement after the conflict sees the other call's committed row; this one's snapshot would not.
    return (
      created ??
      this.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow()
    );
  }

  findPayment(orderId: string): Promise<PaymentRow | undefined> {
    return this.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  /**
   * pending_payment -> paid, with seats sold, tickets issued and outbox messages, in one statement
   * (atomic as a transaction, one round trip). Returns the outbox ids in order, or undefined if the
   * order was no longer pending. Throws SeatAlreadySoldError when the unique index refuses a seat.
   */
  async markPaid(
    orderId: string,
    paymentId: string,
    gatewayReference: string,
    tickets: NewTicket[],
    outbox: readonly OutboxMessage[],
  ): Promise<string[] | undefined> {
    const now = new Date();
    // One insert a message, each its own CTE, so that every id is known to be its message's.
    const messageName = (index: number) => sql.raw(`message_${index}`);
    const queued = outbox.map(
      (message, index) => sql`, ${messageName(index)} AS (
          INSERT INTO outbox (topic, payload)
          SELECT ${message.topic}, ${JSON.stringify(message.payload)}::jsonb FROM paid RETURNING id)`,
    );
    const outboxIds = outbox.map((_, index) => sql`(SELECT id::text FROM ${messageName(index)})`);
    try {
      const { rows } = await sql<{ paid: boolean; outbox_ids: (string | null)[] }>`
        WITH paid AS (
          UPDATE orders SET status = 'paid', paid_at = ${now}, updated_at = ${now}
           WHERE id = ${orderId} AND status = 'pending_payment'
          RETURNING id, account_id, show_id
        ), sold AS (
          UPDATE order_seats SET state = 'sold' WHERE order_id IN (SELECT id FROM paid)
        ), succeeded AS (
          UPDATE payments SET status = 'succeeded', updated_at = ${now}, gateway_reference = ${gatewayReference}
           WHERE id = ${paymentId} AND EXISTS (SELECT 1 FROM paid)
        ), issued AS (
          INSERT INTO tickets (id, order_id, account_id, show_id, seat_index, code, status)
          SELECT ticket.id, paid.id, paid.account_id, paid.show_id, ticket.seat_index, ticket.code, 'valid'
            FROM paid,
                 unnest(${tickets.map((ticket) => ticket.id)}::uuid[],
                        ${tickets.map((ticket) => ticket.seat)}::integer[],
                        ${tickets.map((ticket) => ticket.code)}::text[])
                   AS ticket (id, seat_index, code)
        )${sql.join(queued, sql``)}
        SELECT EXISTS (SELECT 1 FROM paid) AS paid, ARRAY[${sql.join(outboxIds)}]::text[] AS outbox_ids
      `.execute(this.db);
      const result = rows[0];
      if (!result?.paid) return undefined;
      return result.outbox_ids.map((id) => {
        if (id === null) throw new Error(`order ${orderId} was paid without its outbox messages`);
        return id;
      });
    } catch (error) {
      // Either fence may refuse first: a statement's parts run in no set order.
      if (isUniqueViolation(error, 'order_seats_sold_once') || isUniqueViolation(error, 'tickets_live_seat'))
        throw new SeatAlreadySoldError();
      throw error;
    }
  }

  /** pending_payment -> payment_failed (or expired), seats released. False if no longer pending. */
  async markUnpaid(
    orderId: string,
    status: 'payment_failed' | 'expired',
    payment?: { id: string; reason: string },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const order = await this.closePending(tx, orderId, status);
      if (!order) return false;
      if (payment) await this.setPayment(tx, payment.id, 'failed', { failure_reason: payment.reason });
      return true;
    });
  }

  /**
   * A payment that succeeded for an order it cannot buy (the hold expired, a seat is sold
   * elsewhere, or the order was settled without it): unless the order is paid, it ends refunded
   * with its seats released, and the refund is queued, once however often this is called.
   * `closed` says the order is not paid; `outboxId` is the refund message, if this call queued it.
   */
  async markForRefund(
    orderId: string,
    paymentId: string,
    reason: string,
  ): Promise<{ closed: boolean; outboxId?: string }> {
    return this.db.transaction().execute(async (tx) => {
      const order = await tx
        .updateTable('orders')
        .set({ status: 'refunded', updated_at: new Date() })
        .where('id', '=', orderId)
        .where('status', '<>', 'paid')
        .returning('id')
        .executeTakeFirst();
      if (!order) return { closed: false };
      await tx
        .updateTable('order_seats')
        .set({ state: 'released' })
        .where('order_id', '=', orderId)
        .execute();
      const payment = await tx
        .updateTable('payments')
        .set({ status: 'refund_pending', failure_reason: reason, updated_at: new Date() })
        .where('id', '=', paymentId)
        .where('status', 'not in', ['refund_pending', 'refunded'])
        .returning('id')
        .executeTakeFirst();
      if (!payment) return { closed: true };
      return {
        closed: true,
        outboxId: await this.enqueue(tx, { topic: 'payment.refund', payload: { paymentId, orderId } }),
      };
    });
  }

  /** Queues messages in one transaction; returns their ids in order. */
  async enqueueAll(messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    return this.db.transaction().execute((tx) => this.enqueueEach(tx, messages));
  }

  async markRefunded(paymentId: string): Promise<void> {
    await this.db
      .updateTable('payments')
      .set({ status: 'refunded', updated_at: new Date() })
      .where('id', '=', paymentId)
      .where('status', '=', 'refund_pending')
      .execute();
  }

  async markOutboxProcessed(outboxId: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ processed_at: new Date() })
      .where('id', '=', outboxId)
      .execute();
  }

  seatsOf(orderId: string): Promise<OrderSeatRow[]> {
    return this.db
      .selectFrom('order_seats')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('seat_index')
      .execute();
  }

  ticketsOf(orderId: string): Promise<TicketRow[]> {
    return this.db
      .selectFrom('tickets')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('status', '<>', 'void')
      .orderBy('seat_index')
      .execute();
  }

  ordersOfAccount(accountId: string, limit = 50): Promise<OrderRow[]> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Pending orders whose payment deadline passed before `before`. */
  overdueOrders(before: Date, limit: number): Promise<OrderRow[]> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('status', '=', 'pending_payment')
      .where('payment_deadline', '<', before)
      .orderBy('payment_deadline')
      .limit(limit)
      .execute();
  }

  /** The orders that own these seats as sold. */
  async ordersOwningSoldSeats(showId: string, seats: readonly number[]): Promise<string[]> {
    if (seats.length === 0) return [];
    const rows = await this.db
      .selectFrom('order_seats')
      .select('order_id')
      .distinct()
      .where('show_id', '=', showId)
      .where('seat_index', 'in', [...seats])
      .where('state', '=', 'sold')
      .execute();
    return rows.map((row) => row.order_id);
  }

  /** Every sold seat of a show with its order and buyer: what Redis is rebuilt from. */
  soldSeats(showId: string): Promise<{ seat: number; orderId: string; accountId: string }[]> {
    return this.db
      .selectFrom('order_seats')
      .innerJoin('orders', 'orders.id', 'order_seats.order_id')
      .select(['order_seats.seat_index as seat', 'orders.id as orderId', 'orders.account_id as accountId'])
      .where('order_seats.show_id', '=', showId)
      .where('order_seats.state', '=', 'sold')
      .execute();
  }

  private async closePending(
    tx: Transaction<Database>,
    orderId: string,
    status: 'payment_failed' | 'expired' | 'refunded',
  ): Promise<boolean> {
    const order = await tx
      .updateTable('orders')
      .set({ status, updated_at: new Date() })
      .where('id', '=', orderId)
      .where('status', '=', 'pending_payment')
      .returning('id')
      .executeTakeFirst();
    if (!order) return false;
    await tx.updateTable('order_seats').set({ state: 'released' }).where('order_id', '=', orderId).execute();
    return true;
  }

  private async setPayment(
    tx: Transaction<Database>,
    paymentId: string,
    status: PaymentRow['status'],
    extra: { gateway_reference?: string; failure_reason?: string },
  ): Promise<void> {
    await tx
      .updateTable('payments')
      .set({ status, updated_at: new Date(), ...extra })
      .where('id', '=', paymentId)
      .execute();
  }

  private async enqueue(tx: Transaction<Database>, message: OutboxMessage): Promise<string> {
    const row = await tx
      .insertInto('outbox')
      .values({ topic: message.topic, payload: JSON.stringify(message.payload) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Queues messages in order, in the caller's transaction; returns their ids. */
  private async enqueueEach(
    tx: Transaction<Database>,
    messages: readonly OutboxMessage[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const message of messages) ids.push(await this.enqueue(tx, message));
    return ids;
  }
}
