import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import type { Notifier } from '../notify/notifier';
import type { Logger } from '../observability/logger';
import type { CheckoutService } from '../orders/checkout.service';

/** Messages younger than this are left to the request that wrote them. */
const INLINE_GRACE_MS = 5_000;
const MESSAGES_PER_TICK = 50;
const MAX_BACKOFF_MS = 60_000;
/** Mail is sent by the relay alone (no request runs it inline). */
export const MAIL_TOPICS = ['notify.order-paid'] as const;
/**
 * A claimed mail message is another worker's to take after this long: longer than a send may take
 * (Notifier's timeout), so a message is sent twice only when a worker dies mid-send.
 */
const MAIL_LEASE_MS = 60_000;

type Executor = Db | Transaction<Database>;
interface OutboxEntry {
  id: string;
  attempts: number;
}

/**
 * Carries out outbox messages that their request did not finish (it crashed, or Redis or the
 * gateway was down): every worker runs it; FOR UPDATE SKIP LOCKED keeps two from taking the same
 * message. Each message's step is idempotent. Topics it does not know (a newer worker's, during a
 * rolling deploy) are left for a worker that does.
 */
export function outboxRelayStep(
  db: Db,
  steps: { checkout: CheckoutService },
  logger: Logger,
): () => Promise<void> {
  const { checkout } = steps;
  return async () => {
    await db.transaction().execute(async (tx) => {
      const messages = await tx
        .selectFrom('outbox')
        .select(['id', 'topic', 'payload', 'attempts'])
        .where('processed_at', 'is', null)
        .where('topic', 'in', ['inventory.confirm', 'payment.refund'])
        .where('available_at', '<=', new Date())
        .where('created_at', '<', new Date(Date.now() - INLINE_GRACE_MS))
        .orderBy('id')
        .limit(MESSAGES_PER_TICK)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const message of messages) {
        const payload = message.payload as { orderId?: string; paymentId?: string };
        await carryOut(tx, message, logger, async () => {
          if (message.topic === 'inventory.confirm' && payload.orderId) {
            await checkout.confirmInventory(payload.orderId);
          } else if (message.topic === 'payment.refund' && payload.paymentId) {
            await checkout.refund(payload.paymentId);
          }
        });
      }
    });
  };
}

/**
 * Sends the mail the outbox holds (notify.*), on every worker. Messages are claimed in a short
 * transaction that moves them past a lease, then sent with no lock or connection held: a slow or
 * hung mail server delays mail only, never the seat confirmations and refunds above.
 */
export function mailRelayStep(db: Db, notifier: Notifier, logger: Logger): () => Promise<void> {
  return async () => {
    const claimed = await db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('outbox')
        .select(['id', 'topic', 'payload', 'attempts'])
        .where('processed_at', 'is', null)
        .where('topic', 'in', [...MAIL_TOPICS])
        .where('available_at', '<=', new Date())
        .orderBy('id')
        .limit(MESSAGES_PER_TICK)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length > 0) {
        await tx
          .updateTable('outbox')
          .set({ available_at: new Date(Date.now() + MAIL_LEASE_MS) })
          .where(
            'id',
            'in',
            due.map((message) => message.id),
          )
          .execute();
      }
      return due;
    });
    for (const message of claimed) {
      const { orderId } = message.payload as { orderId?: string };
      await carryOut(db, message, logger, async () => {
        if (orderId) await notifier.orderPaid(orderId);
      });
    }
  };
}

/** Runs a message's step; marks it processed, or counts the failure and backs off. */
async function carryOut(
  executor: Executor,
  message: OutboxEntry,
  logger: Logger,
  step: () => Promise<void>,
): Promise<void> {
  try {
    await step();
    await executor
      .updateTable('outbox')
      .set({ processed_at: new Date() })
      .where('id', '=', message.id)
      .execute();
  } catch (error) {
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** message.attempts);
    logger.warn({ err: error, outboxId: message.id }, 'outbox message failed; will retry');
    await executor
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
