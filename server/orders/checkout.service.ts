import { createHash, randomUUID } from 'node:crypto';
import type { CheckoutRequest } from '../../shared/protocol/schemas';
import type { OrderView } from '../../shared/protocol/views';
import { priceOfSeat, type ShowLookup } from '../catalogue/catalogue';
import type { OrderRow, OrderSeatRow, PaymentRow } from '../db/schema';
import { AppError } from '../errors/app-error';
import type { InventoryService } from '../inventory/inventory.service';
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payments/payment-gateway';
import type { TicketSigner } from '../tickets/ticket-codes';
import { orderView } from './order-view';
import { SeatAlreadySoldError, type OrdersRepository } from './orders.repository';

/**
 * Checkout, from a hold to tickets (docs/holds-spec.md, C1-C10):
 * hold -> order pending payment (hold extended once) -> charge -> pin the hold -> PostgreSQL commit
 * (order paid, seats sold, tickets, outbox) -> seats sold in Redis.
 *
 * Every step is idempotent, so a retried or duplicated request, or the overdue-order reaper, can
 * drive the same order forward from wherever it stopped, and the result is one order, one payment.
 */
export class CheckoutService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly inventory: InventoryService,
    private readonly shows: ShowLookup,
    private readonly gateway: PaymentGateway,
    private readonly tickets: TicketSigner,
    private readonly logger: Logger,
    /** Told when an order becomes paid (the waiting room frees the shopper's slot). */
    private readonly onOrderPaid: (order: OrderRow) => Promise<void> = async () => undefined,
  ) {}

  async checkout(accountId: string, request: CheckoutRequest): Promise<OrderView> {
    const requestHash = hashRequest(request);
    const existing = await this.orders.findByIdempotencyKey(accountId, request.idempotencyKey);
    if (existing) {
      if (existing.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return this.view(await this.drive(existing));
    }
    return this.view(await this.drive(await this.openOrder(accountId, request, requestHash)));
  }

  async order(accountId: string, orderId: string): Promise<OrderView> {
    const order = await this.orders.findById(orderId);
    if (!order || order.account_id !== accountId) throw new AppError('ORDER_NOT_FOUND');
    return this.view(order);
  }

  async ordersOf(accountId: string): Promise<OrderView[]> {
    const orders = await this.orders.ordersOfAccount(accountId);
    return Promise.all(orders.map((order) => this.view(order)));
  }

  /** Moves a pending order on: charge, then complete or fail. Settled orders come back as they are. */
  async drive(order: OrderRow): Promise<OrderRow> {
    if (order.status !== 'pending_payment') return order;
    if (order.payment_deadline.getTime() <= Date.now()) {
      // Too late to charge now: settle from what the gateway already knows.
      await this.settleOverdue(order);
      return (await this.orders.findById(order.id)) ?? order;
    }
    const payment = await this.orders.ensurePayment(order, this.gateway.name);
    const outcome = await this.gateway.charge({
      paymentId: payment.id,
      amountSatang: Number(order.total_satang),
      currency: 'THB',
      method: order.payment_method,
      description: `SeatRush order ${order.id}`,
    });
    if (outcome.status === 'failed') await this.failPayment(order, payment, outcome.reason);
    else await this.completePaidOrder(order, payment, outcome.reference);
    return (await this.orders.findById(order.id)) ?? order;
  }

  /**
   * A pending order past its payment deadline: asks the gateway what happened and settles it.
   * Run by the reaper; a payment that did succeed still completes (or is refunded if too late).
   */
  async settleOverdue(order: OrderRow): Promise<void> {
    const payment = await this.orders.findPayment(order.id);
    const outcome = payment && (await this.gateway.lookup(payment.id));
    if (payment && outcome?.status === 'succeeded') {
      await this.completePaidOrder(order, payment, outcome.reference);
    } else if (payment && outcome?.status === 'failed') {
      await this.failPayment(order, payment, outcome.reason);
    } else if (
      await this.orders.markUnpaid(order.id, 'expired', payment && { id: payment.id, reason: 'expired' })
    ) {
      // Only if this call expired it: the order may have been paid meanwhile.
      await this.releaseHold(order);
    }
  }

  /** Refunds a payment queued by markForRefund; called inline and by the outbox relay. */
  async refund(paymentId: string): Promise<void> {
    await this.gateway.refund(paymentId);
    await this.orders.markRefunded(paymentId);
  }

  /** Marks an order's seats sold in Redis; called inline and by the outbox relay. */
  async confirmInventory(orderId: string): Promise<void> {
    const order = await this.orders.findById(orderId);
    if (!order || order.status !== 'paid') return;
    await this.confirmSeats(order, await this.orders.seatsOf(orderId));
  }

  /** Marks a paid order's seats sold in Redis, from what the caller has read already. */
  private async confirmSeats(order: OrderRow, seats: readonly OrderSeatRow[]): Promise<void> {
    const { takenFromOthers } = await this.inventory.confirm(order.show_id, {
      orderId: order.id,
      holdId: order.hold_id,
      owner: order.account_id,
      seats: seats.map((seat) => seat.seat_index),
    });
    if (takenFromOthers > 0) {
      this.logger.warn(
        { orderId: order.id, takenFromOthers },
        'Redis disagreed with PostgreSQL on sold seats; PostgreSQL won',
      );
    }
  }

  private async openOrder(
    accountId: string,
    request: CheckoutRequest,
    requestHash: string,
  ): Promise<OrderRow> {
    const layout = this.shows.layout(request.showId);
    if (!layout) throw new AppError('SHOW_NOT_FOUND');
    const hold = await this.inventory.readHold(request.showId, request.holdId);
    if (!hold || hold.owner !== accountId) {
      // The hold is gone once its order is paid: a retry with a new key finds that order.
      const paid = await this.orders.findByHold(request.showId, request.holdId);
      if (paid && paid.account_id === accountId) return paid;
      throw new AppError('HOLD_NOT_FOUND');
    }
    if (hold.expiresAt <= Date.now()) throw new AppError('HOLD_EXPIRED');
    const paymentDeadline = await this.extendForPayment(accountId, request, hold.expiresAt);
    const { order } = await this.orders.insertPendingOrder({
      accountId,
      showId: request.showId,
      holdId: request.holdId,
      idempotencyKey: request.idempotencyKey,
      requestHash,
      paymentMethod: request.paymentMethod,
      paymentDeadline: new Date(paymentDeadline),
      seats: hold.seats.map((seat) => ({ seat, ...priceOfSeat(layout, seat) })),
    });
    if (order.account_id !== accountId) throw new AppError('HOLD_NOT_FOUND');
    return order;
  }

  /** The hold's one extension covers payment; a concurrent duplicate finds it already used. */
  private async extendForPayment(
    accountId: string,
    request: CheckoutRequest,
    expiresAt: number,
  ): Promise<number> {
    try {
      return await this.inventory.extend(accountId, request.showId, request.holdId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'HOLD_ALREADY_EXTENDED') {
        return (await this.inventory.readHold(request.showId, request.holdId))?.expiresAt ?? expiresAt;
      }
      throw error;
    }
  }

  private async completePaidOrder(order: OrderRow, payment: PaymentRow, reference: string): Promise<void> {
    if (!(await this.pinHold(order))) return this.refundUnusable(order, payment, 'hold_expired');
    const seats = await this.orders.seatsOf(order.id);
    const tickets = seats.map((seat) => {
      const id = randomUUID();
      const code = this.tickets.sign({ ticketId: id, showId: order.show_id, seat: seat.seat_index });
      return { id, seat: seat.seat_index, code };
    });
    let outboxIds: string[] | undefined;
    try {
      // The seats are confirmed here at once; the confirmation mail is the mail relay's.
      outboxIds = await this.orders.markPaid(order.id, payment.id, reference, tickets, [
        { topic: 'inventory.confirm', payload: { orderId: order.id } },
        { topic: 'notify.order-paid', payload: { orderId: order.id } },
      ]);
    } catch (error) {
      if (!(error instanceof SeatAlreadySoldError)) throw error;
      this.logger.error(
        { orderId: order.id },
        'a held seat is sold to another order in PostgreSQL; refunding',
      );
      await this.repairSoldSeats(order);
      return this.refundUnusable(order, payment, 'seat_already_sold');
    }
    const confirmId = outboxIds?.[0];
    if (confirmId) {
      // Just paid by this call, with these seats: no need to read either back.
      await this.runAndMark(confirmId, () => this.confirmSeats(order, seats));
      return this.onOrderPaid(order).catch((error: unknown) =>
        this.logger.warn({ err: error, orderId: order.id }, 'after-payment step failed'),
      );
    }
    // No longer pending: paid by a concurrent request (done), or settled without this payment.
    const current = await this.orders.findById(order.id);
    if (current?.status !== 'paid') await this.refundUnusable(order, payment, 'order_closed');
  }

  /**
   * A succeeded payment whose order cannot be paid with it: unless the order is paid after all,
   * the order ends refunded, its hold is released and the money goes back (C7, C8). [C10]
   */
  private async refundUnusable(order: OrderRow, payment: PaymentRow, reason: string): Promise<void> {
    const { closed, outboxId } = await this.orders.markForRefund(order.id, payment.id, reason);
    if (closed) await this.releaseHold(order);
    if (outboxId) await this.runAndMark(outboxId, () => this.refund(payment.id));
  }

  /**
   * Redis let a seat that PostgreSQL has sold be held: mark it sold again in Redis for the order
   * that owns it, through the outbox so that a crash here does not leave Redis wrong.
   */
  private async repairSoldSeats(order: OrderRow): Promise<void> {
    const seats = (await this.orders.seatsOf(order.id)).map((seat) => seat.seat_index);
    const owners = await this.orders.ordersOwningSoldSeats(order.show_id, seats);
    const messageIds = await this.orders.enqueueAll(
      owners.map((orderId) => ({ topic: 'inventory.confirm' as const, payload: { orderId } })),
    );
    for (const [i, messageId] of messageIds.entries()) {
      await this.runAndMark(messageId, () => this.confirmInventory(owners[i]!));
    }
  }

  /** True if the hold is still this order's and now pinned; false if it expired or is gone. */
  private async pinHold(order: OrderRow): Promise<boolean> {
    try {
      await this.inventory.pin(order.account_id, order.show_id, order.hold_id, order.id);
      return true;
    } catch (error) {
      if (
        error instanceof AppError &&
        ['HOLD_EXPIRED', 'HOLD_NOT_FOUND', 'HOLD_IN_CHECKOUT'].includes(error.code)
      ) {
        return false;
      }
      throw error;
    }
  }

  private async failPayment(order: OrderRow, payment: PaymentRow, reason: string): Promise<void> {
    if (await this.orders.markUnpaid(order.id, 'payment_failed', { id: payment.id, reason })) {
      await this.releaseHold(order);
    }
  }

  private async releaseHold(order: OrderRow): Promise<void> {
    try {
      await this.inventory.release(null, order.show_id, order.hold_id, true);
    } catch (error) {
      // Already expired or released: the seats are free either way.
      if (!(error instanceof AppError && error.code === 'HOLD_NOT_FOUND')) throw error;
    }
  }

  /**
   * Runs the step an outbox message stands for and marks it done. If the step fails, the message
   * stays and the outbox relay retries it, so a crash here loses nothing.
   */
  private async runAndMark(outboxId: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
      await this.orders.markOutboxProcessed(outboxId);
    } catch (error) {
      this.logger.warn({ err: error, outboxId }, 'outbox step failed inline; the relay will retry');
    }
  }

  private async view(order: OrderRow): Promise<OrderView> {
    const layout = this.shows.layout(order.show_id);
    if (!layout) throw new AppError('SHOW_NOT_FOUND');
    const [seats, tickets] = await Promise.all([
      this.orders.seatsOf(order.id),
      this.orders.ticketsOf(order.id),
    ]);
    return orderView(layout, order, seats, tickets);
  }
}

function hashRequest(request: CheckoutRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.showId, request.holdId, request.paymentMethod]))
    .digest('base64url');
}
