import type { Logger } from '../observability/logger';
import type { CheckoutService } from '../orders/checkout.service';
import type { OrdersRepository } from '../orders/orders.repository';

/** Pending orders older than their deadline by this much are settled by the reaper. */
export const REAPER_GRACE_MS = 30_000;
const ORDERS_PER_TICK = 100;

/**
 * Leader-only step: settles pending orders whose payment deadline has passed (the request that
 * drove them died, or the payment never came back) by asking the gateway what happened.
 */
export function orderReaperStep(
  orders: OrdersRepository,
  checkout: CheckoutService,
  logger: Logger,
  graceMs = REAPER_GRACE_MS,
): () => Promise<void> {
  return async () => {
    const overdue = await orders.overdueOrders(new Date(Date.now() - graceMs), ORDERS_PER_TICK);
    for (const order of overdue) {
      try {
        await checkout.settleOverdue(order);
      } catch (error) {
        logger.warn({ err: error, orderId: order.id }, 'could not settle overdue order');
      }
    }
  };
}
