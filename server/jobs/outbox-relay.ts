import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Notifier } from '../notify/notifier';
import type { Logger } from '../observability/logger';
import type { CheckoutService } from '../orders/checkout.service';

/** Messages younger than this are left to the request that wrote them. */
const INLINE_GRACE_MS = 5_000;
const MESSAGES_PER_TICK = 50;
const MAX_BACKOFF_MS = 60_000;
/** Mail is sent by the relay alone (no request runs it inline). */
export const MAIL_TOPICS = ['notify.order-paid'] as const;
/** What a request starts inline and the relay finishes when the request could not. */
const RELAY_TOPICS = ['inventory.confirm', 'payment.refund'] as const;
/**
 * A claimed message is another worker's to take after this long: longer than a step may take (the
 * gateway's and Notifier's timeouts), so a step runs twice only when a worker dies mid-step.
 */
const CLAIM_LEASE_MS = 60_000;

interface OutboxEntry {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
}

/**
 * Carries out outbox messages that their request did not finish (it crashed, or Redis or the
 * gateway was down): every worker runs it. Each message's step is idempotent, so one that its
 * request is still finishing (slow under load) may run twice, harmlessly. Topics it does not know
 * (a newer worker's, during a rolling deploy) are left for a worker that does.
 */
export function outboxRelayStep(
  db: Db,
  steps: { checkout: CheckoutService },
  logger: Logger,
): () => Promise<void> {
  const { checkout } = steps;
  return async () => {
    const claimed = await claim(db, RELAY_TOPICS, new Date(Date.now() - INLINE_GRACE_MS));
    for (const message of claimed) {
      const payload = message.payload as { orderId?: string; paymentId?: string };
      await carryOut(db, message, logger, async () => {
        if (message.topic === 'inventory.confirm' && payload.orderId) {
          await checkout.confirmInventory(payload.orderId);
        } else if (message.topic === 'payment.refund' && payload.paymentId) {
          await checkout.refund(payload.paymentId);
        }
      });
    }
  };
}

/** Sends the mail the outbox holds (notify.*), on every worker: a slow mail server delays mail only. */
export function mailRelayStep(db: Db, notifier: Notifier, logger: Logger): () => Promise<void> {
  return async () => {
    for (const message of await claim(db, MAIL_TOPICS)) {
      const { orderId } = message.payload as { orderId?: string };
      await carryOut(db, message, logger, async () => {
        if (orderId) await notifier.orderPaid(orderId);
      });
    }
  };
}

/**
 * Claims due messages in a short transaction that moves them past a lease (FOR UPDATE SKIP LOCKED
 * keeps two workers from claiming the same one); their steps then run with no lock or connection
 * held. Holding the rows locked through the steps deadlocked a surge: the steps waited for a pooled
 * connection that every other was using to wait on those locks (a checkout marking its own message).
 */
async function claim(db: Db, topics: readonly string[], createdBefore?: Date): Promise<OutboxEntry[]> {
  return db.transaction().execute(async (tx) => {
    let due = tx
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'attempts'])
      .where('processed_at', 'is', null)
      .where('topic', 'in', [...topics])
      .where('available_at', '<=', new Date());
    if (createdBefore) due = due.where('created_at', '<', createdBefore);
    const messages = await due.orderBy('id').limit(MESSAGES_PER_TICK).forUpdate().skipLocked().execute();
    if (messages.length > 0) {
      await tx
        .updateTable('outbox')
        .set({ available_at: new Date(Date.now() + CLAIM_LEASE_MS) })
        .where(
          'id',
          'in',
          messages.map((message) => message.id),
        )
        .execute();
    }
    return messages;
  });
}

/** Runs a message's step; marks it processed, or counts the failure and backs off. */
async function carryOut(
  db: Db,
  message: OutboxEntry,
  logger: Logger,
  step: () => Promise<void>,
): Promise<void> {
  try {
    await step();
    await db.updateTable('outbox').set({ processed_at: new Date() }).where('id', '=', message.id).execute();
  } catch (error) {
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** message.attempts);
    logger.warn({ err: error, outboxId: message.id }, 'outbox message failed; will retry');
    await db
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
