import type { Catalogue } from '../catalogue/catalogue';
import type { Db } from '../db/database';
import { ServerI18n } from '../i18n/server-i18n';
import type { CheckoutService } from '../orders/checkout.service';
import type { MailTransport } from './mail-transport';
import { renderOrderPaidMail } from './order-paid-mail';

/**
 * Messages to fans, in the language stored on their account. Each is rendered once, kept in the
 * notifications table (one per kind, subject and channel), then handed to the mail transport;
 * steps run from the outbox (topic notify.order-paid), so a crash between them only delays the
 * message, and a message already sent is not sent again.
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
    await this.transport.send({
      to: notification.recipient,
      subject: notification.subject,
      text: notification.body,
      language: notification.language,
    });
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
    const layout = row && this.catalogue.layout(row.show_id);
    if (!row || row.status !== 'paid' || !layout) return undefined;
    const language = ServerI18n.languageOf(row.language);
    const order = await this.checkout.order(row.account_id, orderId);
    const { show, geometry } = layout;
    const mail = renderOrderPaidMail(this.i18n.t(language, 'mail'), this.i18n.intlLocale(language), {
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
