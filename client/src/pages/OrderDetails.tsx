import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TicketQr } from './TicketQr';
import type { OrderView, ShowView } from '../../../shared/protocol/views';
import { useFormat } from '../i18n/use-format';

/** An order: show, status, seats with prices, total, and each ticket's signed code. */
export function OrderDetails({
  order,
  show,
  headingLevel = 2,
}: {
  order: OrderView;
  show: ShowView | undefined;
  headingLevel?: 1 | 2;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const ticketOf = new Map(order.tickets.map((ticket) => [ticket.seat, ticket]));
  return (
    <article className="order" aria-labelledby={`order-${order.id}`}>
      <Heading id={`order-${order.id}`}>
        {order.status === 'paid' && headingLevel === 1
          ? t('order.confirmedTitle')
          : show
            ? `${show.tour.name} · ${show.name}`
            : t('order.title')}
      </Heading>
      {show && (
        <p className="muted">
          {format.dateTime(show.startsAt, show.timeZone)} · {show.venue.name}
        </p>
      )}
      <p>
        <span className={`badge badge-${order.status}`}>{t(`order.status.${order.status}`)}</span>{' '}
        <span className="muted">{t('order.number', { id: order.id.slice(0, 8).toUpperCase() })}</span>
      </p>
      <ul className="tickets">
        {order.seats.map((seat) => {
          const ticket = ticketOf.get(seat.seat);
          return (
            <li key={seat.seat} className="ticket">
              <div className="ticket-seat">
                <strong>
                  {t('order.seatLine', { section: seat.section, row: seat.row, number: seat.number })}
                </strong>
                <span>
                  {show?.priceTiers.find((tier) => tier.code === seat.tier)?.name ?? seat.tier} ·{' '}
                  {format.price(seat.priceSatang)}
                </span>
              </div>
              {ticket && <TicketCode code={ticket.code} />}
            </li>
          );
        })}
      </ul>
      <p className="total">
        <span>{t('order.total')}</span>
        <strong>{format.price(order.totalSatang)}</strong>
      </p>
      <p className="muted">
        {t('order.method', {
          method: order.paymentMethod === 'promptpay' ? t('checkout.promptpay') : t('checkout.card'),
        })}
      </p>
      {order.tickets.length > 0 && <p className="muted">{t('order.ticketHint')}</p>}
    </article>
  );
}

function TicketCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard?.writeText(code).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="ticket-code">
      <span className="visually-hidden">{t('order.ticketCode')}</span>
      <TicketQr code={code} />
      <code>{code}</code>
      {navigator.clipboard && (
        <button type="button" className="button-secondary button-small" onClick={copy}>
          {copied ? t('order.copied') : t('order.copy')}
        </button>
      )}
    </div>
  );
}
