import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Logger } from '../observability/logger';
import type { Notifier } from '../notify/notifier';
import type { CheckoutService } from '../orders/checkout.service';

/** Messages younger than this are left to the request that wrote them. */
const INLINE_GRACE_MS = 5_000;
const MESSAGES_PER_TICK = 50;
const MAX_BACKOFF_MS = 60_000;

/**
 * Carries out outbox messages that their request did not finish (it crashed, or Redis or the
 * gateway was down), and those left to it (the confirmation mail): every worker runs it; FOR UPDATE SKIP LOCKED keeps two from taking the same
 * message. Each message's step is idempotent.
 */
export function outboxRelayStep(
  db: Db,
  steps: { checkout: CheckoutService; notifier: Notifier },
  logger: Logger,
): () => Promise<void> {
  const { checkout, notifier } = steps;
  return async () => {
    await db.transaction().execute(async (tx) => {
      const messages = await tx
        .selectFrom('outbox')
        .select(['id', 'topic', 'payload', 'attempts'])
        .where('processed_at', 'is', null)
        .where('available_at', '<=', new Date())
        .where('created_at', '<', new Date(Date.now() - INLINE_GRACE_MS))
        .orderBy('id')
        .limit(MESSAGES_PER_TICK)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const message of messages) {
        const payload = message.payload as { orderId?: string; paymentId?: string };
        try {
          if (message.topic === 'inventory.confirm' && payload.orderId) {
            await checkout.confirmInventory(payload.orderId);
          } else if (message.topic === 'payment.refund' && payload.paymentId) {
            await checkout.refund(payload.paymentId);
          } else if (message.topic === 'notify.order-paid' && payload.orderId) {
            await notifier.orderPaid(payload.orderId);
          }
          await tx
            .updateTable('outbox')
            .set({ processed_at: new Date() })
            .where('id', '=', message.id)
            .execute();
        } catch (error) {
          const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** message.attempts);
          logger.warn({ err: error, outboxId: message.id }, 'outbox message failed; will retry');
          await tx
            .updateTable('outbox')
            .set({
              attempts: sql`attempts + 1`,
              last_error: String(error).slice(0, 500),
              available_at: new Date(Date.now() + backoffMs),
            })
            .where('id', '=', message.id)
            .execute();
        }
      }
    });
  };
}
