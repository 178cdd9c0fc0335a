import type { TFunction } from 'i18next';
import type { OrderView } from '../../shared/protocol/views';
import { formatDateTime, formatPrice, formatTimeZoneName } from '../../shared/i18n/format';

export interface OrderPaidMailInput {
  order: OrderView;
  fanName: string;
  show: { tourName: string; name: string; startsAt: Date; timeZone: string; venueName: string };
  /** Where the fan finds the order and its tickets' QR codes. */
  orderUrl: string;
}

export interface RenderedMail {
  subject: string;
  /** Plain text: it reads the same in every mail client, and Thai and CJK need nothing more. */
  text: string;
}

/**
 * The confirmation of a paid order, in the language `t` and `locale` are for: what was bought,
 * when and where (in the venue's time zone, which the fan travels to), and where the tickets are.
 * Pure: the notifier gathers the input.
 */
export function renderOrderPaidMail(t: TFunction, locale: string, input: OrderPaidMailInput): RenderedMail {
  const { order, show } = input;
  const names = { tour: show.tourName, show: show.name };
  const startsAt = show.startsAt.toISOString();
  const seats = order.seats.map((seat) =>
    t('orderPaid.seat', {
      section: seat.section,
      row: seat.row,
      number: seat.number,
      price: formatPrice(seat.priceSatang, locale),
    }),
  );
  const paragraphs = [
    t('orderPaid.greeting', { name: input.fanName }),
    t('orderPaid.paid'),
    [
      t('orderPaid.show', names),
      t('orderPaid.when', {
        date: formatDateTime(startsAt, show.timeZone, locale),
        timeZone: formatTimeZoneName(show.timeZone, locale, startsAt),
      }),
      t('orderPaid.where', { venue: show.venueName }),
    ].join('\n'),
    [t('orderPaid.seats', { count: order.seats.length }), ...seats.map((line) => `- ${line}`)].join('\n'),
    [
      t('orderPaid.total', { total: formatPrice(order.totalSatang, locale) }),
      t('orderPaid.order', { orderId: order.id }),
    ].join('\n'),
    t('orderPaid.tickets', { url: input.orderUrl }),
    t('orderPaid.gate'),
    t('orderPaid.signOff'),
  ];
  return { subject: t('orderPaid.subject', names), text: paragraphs.join('\n\n') + '\n' };
}
