import type { Transaction } from 'kysely';
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
   * then the existing order comes back with created = false.
   */
  async insertPendingOrder(order: NewPendingOrder): Promise<{ order: OrderRow; created: boolean }> {
    try {
      const created = await this.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('orders')
          .values({
            account_id: order.accountId,
            show_id: order.showId,
            hold_id: order.holdId,
            idempotency_key: order.idempotencyKey,
            request_hash: order.requestHash,
            status: 'pending_payment',
            total_satang: order.seats.reduce((sum, seat) => sum + seat.priceSatang, 0),
            currency: 'THB',
            payment_method: order.paymentMethod,
            payment_deadline: order.paymentDeadline,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('order_seats')
          .values(
            order.seats.map((seat) => ({
              order_id: row.id,
              show_id: order.showId,
              seat_index: seat.seat,
              tier_code: seat.tierCode,
              price_satang: seat.priceSatang,
              state: 'reserved' as const,
            })),
          )
          .execute();
        return row;
      });
      return { order: created, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing =
        (await this.findByIdempotencyKey(order.accountId, order.idempotencyKey)) ??
        (await this.findByHold(order.showId, order.holdId));
      if (!existing) throw error;
      return { order: existing, created: false };
    }
  }

  /** The order's payment, created on first call. */
  async ensurePayment(order: OrderRow, gateway: string): Promise<PaymentRow> {
    await this.db
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
      .execute();
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
  }

  findPayment(orderId: string): Promise<PaymentRow | undefined> {
    return this.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  /**
   * pending_payment -> paid, with seats sold, tickets issued and outbox messages, in one
   * transaction. Returns the outbox ids in order, or undefined if the order was no longer pending.
   * Throws SeatAlreadySoldError when the unique index refuses a seat.
   */
  async markPaid(
    orderId: string,
    paymentId: string,
    gatewayReference: string,
    tickets: NewTicket[],
    outbox: readonly OutboxMessage[],
  ): Promise<string[] | undefined> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const order = await tx
          .updateTable('orders')
          .set({ status: 'paid', paid_at: new Date(), updated_at: new Date() })
          .where('id', '=', orderId)
          .where('status', '=', 'pending_payment')
          .returning(['account_id', 'show_id'])
          .executeTakeFirst();
        if (!order) return undefined;
        await tx.updateTable('order_seats').set({ state: 'sold' }).where('order_id', '=', orderId).execute();
        await this.setPayment(tx, paymentId, 'succeeded', { gateway_reference: gatewayReference });
        if (tickets.length > 0) await this.insertTickets(tx, orderId, order, tickets);
        return this.enqueueEach(tx, outbox);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'order_seats_sold_once')) throw new SeatAlreadySoldError();
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

  private async insertTickets(
    tx: Transaction<Database>,
    orderId: string,
    order: { account_id: string; show_id: string },
    tickets: NewTicket[],
  ): Promise<void> {
    await tx
      .insertInto('tickets')
      .values(
        tickets.map((ticket) => ({
          id: ticket.id,
          order_id: orderId,
          account_id: order.account_id,
          show_id: order.show_id,
          seat_index: ticket.seat,
          code: ticket.code,
          status: 'valid' as const,
        })),
      )
      .execute();
  }
}
