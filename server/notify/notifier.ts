import { intlLocaleOf } from '../../shared/i18n/format';
import type { Catalogue } from '../catalogue/catalogue';
import type { Db } from '../db/database';
import { ServerI18n } from '../i18n/server-i18n';
import type { CheckoutService } from '../orders/checkout.service';
import type { MailTransport } from './mail-transport';
import { renderOrderPaidMail } from './order-paid-mail';

/** A send that has not finished by then counts as failed (and is retried by the mail relay). */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Messages to fans, in the language stored on their account. Each is rendered once, kept in the
 * notifications table (one per kind, subject and channel), then handed to the mail transport;
 * steps run from the outbox (topic notify.order-paid, jobs/outbox-relay.ts mailRelayStep), so a
 * crash between them only delays the message. Delivery is at least once: a worker that dies after
 * the transport took a message and before `sent_at` is written sends it again, with the same id
 * (a transport passes it on as the Message-ID, so mail servers and clients can tell).
 */
export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly i18n: ServerI18n,
    private readonly catalogue: Catalogue,
    private readonly checkout: CheckoutService,
    private readonly transport: MailTransport,
    private readonly publicUrl: string,
  ) {}

  /** The confirmation of a paid order. Idempotent. */
  async orderPaid(orderId: string): Promise<void> {
    const existing = await this.find('order_paid', orderId);
    const notification = existing ?? (await this.recordOrderPaid(orderId));
    if (!notification || notification.sent_at) return;
    await withTimeout(
      this.transport.send({
        id: notification.id,
        to: notification.recipient,
        subject: notification.subject,
        text: notification.body,
        language: notification.language,
      }),
      SEND_TIMEOUT_MS,
    );
    await this.db
      .updateTable('notifications')
      .set({ sent_at: new Date() })
      .where('id', '=', notification.id)
      .execute();
  }

  private find(kind: 'order_paid', subjectId: string) {
    return this.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', kind)
      .where('subject_id', '=', subjectId)
      .where('channel', '=', 'email')
      .executeTakeFirst();
  }

  /** Renders and keeps the message; undefined when the order is not (or no longer) paid. */
  private async recordOrderPaid(orderId: string) {
    const row = await this.db
      .selectFrom('orders')
      .innerJoin('accounts', 'accounts.id', 'orders.account_id')
      .select(['orders.account_id', 'orders.show_id', 'orders.status', 'accounts.email'])
      .select(['accounts.display_name', 'accounts.language'])
      .where('orders.id', '=', orderId)
      .executeTakeFirst();
    if (!row || row.status !== 'paid') return undefined;
    const layout = this.catalogue.layout(row.show_id);
    // A show this worker's catalogue has not loaded yet (it refreshes): try again later.
    if (!layout) throw new Error(`show ${row.show_id} is not in this worker's catalogue yet`);
    const language = ServerI18n.languageOf(row.language);
    const order = await this.checkout.order(row.account_id, orderId);
    const { show, geometry } = layout;
    const mail = renderOrderPaidMail(this.i18n.t(language, 'mail'), intlLocaleOf(language), {
      order,
      fanName: row.display_name,
      show: { ...show, venueName: geometry.name },
      orderUrl: `${this.publicUrl}/#/orders/${orderId}`,
    });
    await this.db
      .insertInto('notifications')
      .values({
        account_id: row.account_id,
        kind: 'order_paid',
        subject_id: orderId,
        channel: 'email',
        recipient: row.email,
        language,
        subject: mail.subject,
        body: mail.text,
      })
      .onConflict((conflict) => conflict.columns(['kind', 'subject_id', 'channel']).doNothing())
      .execute();
    return this.find('order_paid', orderId);
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mail transport took over ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
