import { useTranslation } from 'react-i18next';
import type { SaleView, ShowView } from '../../../shared/protocol/views';
import { useSession } from '../api/session';
import { useServerNow } from '../api/use-server-now';
import { href } from '../app/routes';
import { formatClock, localTimeZone } from '../../../shared/i18n/format';
import { useFormat } from '../i18n/use-format';
import { SaleFairness } from '../queue/SaleFairness';
import { useRevealedSale } from '../queue/use-revealed-sale';

const DAY_MS = 86_400_000;

/**
 * A sale sold through a waiting room: when it starts (venue time and the fan's own), a countdown,
 * the seed commitment and, once drawn, the seed; and the way into the waiting room.
 */
export function SalePanel({ sale: initialSale, shows }: { sale: SaleView; shows: ShowView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const now = useServerNow();
  const startsAt = Date.parse(initialSale.startsAt);
  const sale = useRevealedSale(initialSale, now >= startsAt);
  const venueZone = shows[0]?.timeZone ?? localTimeZone();
  const ownZone = localTimeZone();
  const venueTime = format.dateTime(sale.startsAt, venueZone);
  const ownTime = format.dateTime(sale.startsAt, ownZone);
  const remaining = startsAt - now;
  const closed = now >= Date.parse(sale.closesAt);
  const opensLater = now < Date.parse(sale.prequeueOpensAt);
  const queueLink = href.queue(sale.id);
  return (
    <section className="panel sale-panel" aria-labelledby={`sale-${sale.id}`}>
      <h2 id={`sale-${sale.id}`}>{sale.name}</h2>
      <dl className="facts">
        <dt>
          {t('sale.startsAt')} ·{' '}
          {t('event.venueTime', { zone: format.timeZoneName(venueZone, sale.startsAt) })}
        </dt>
        <dd>
          <time dateTime={sale.startsAt}>{venueTime}</time>
        </dd>
        {ownTime !== venueTime && (
          <>
            <dt>{t('event.yourTime', { zone: format.timeZoneName(ownZone, sale.startsAt) })}</dt>
            <dd>
              <time dateTime={sale.startsAt}>{ownTime}</time>
            </dd>
          </>
        )}
      </dl>
      {closed ? (
        <p className="badge">{t('sale.ended')}</p>
      ) : remaining > 0 ? (
        <p className="countdown">
          <span>{t('sale.startsIn')}</span>
          <strong role="timer" aria-live="off">
            {remaining >= 2 * DAY_MS
              ? t('sale.days', { count: Math.floor(remaining / DAY_MS) })
              : formatClock(remaining)}
          </strong>
        </p>
      ) : (
        <p className="badge badge-live">{t('sale.live')}</p>
      )}
      {opensLater && !closed && (
        <p>{t('sale.opensAt', { time: format.shortDateTime(sale.prequeueOpensAt, ownZone) })}</p>
      )}
      <p>{t('sale.fairness')}</p>
      <SaleFairness sale={sale} />
      {!closed && (
        <div className="actions">
          {session.status === 'signedOut' ? (
            <a className="button button-primary" href={href.signIn(queueLink)}>
              {t('sale.signInToJoin')}
            </a>
          ) : (
            <a className="button button-primary" href={queueLink}>
              {t('sale.join')}
            </a>
          )}
        </div>
      )}
    </section>
  );
}
