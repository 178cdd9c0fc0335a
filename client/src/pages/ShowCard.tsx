import { useTranslation } from 'react-i18next';
import type { SaleView, ShowView } from '../../../shared/protocol/views';
import { fetchFreeSeats } from '../api/shows';
import { useAsync } from '../api/use-async';
import { useServerNow } from '../api/use-server-now';
import { useSession } from '../api/session';
import { href } from '../app/routes';
import { formatClock, localTimeZone } from '../../../shared/i18n/format';
import { useFormat } from '../i18n/use-format';
import { useAdmission } from '../queue/admission-store';
import { WaitlistBox } from './WaitlistBox';

const DAY_MS = 24 * 3600_000;

/**
 * One show: when (venue time and the fan's own), where, prices, and whether it is on sale. A show
 * sold through a waiting room leads there, unless this tab has been let in already.
 */
export function ShowCard({ show, sale }: { show: ShowView; sale?: SaleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const admitted = useAdmission(sale?.id) !== undefined;
  const ownZone = localTimeZone();
  const venueTime = format.dateTime(show.startsAt, show.timeZone);
  const ownTime = format.dateTime(show.startsAt, ownZone);
  const now = useServerNow();
  const onSale = Date.parse(show.onSaleAt) <= now;
  const soldOut = useSoldOut(show.id, onSale);
  return (
    <article className="show-card" aria-labelledby={`show-${show.id}`}>
      <h2 id={`show-${show.id}`}>{show.name}</h2>
      <dl className="facts">
        <dt>{t('event.venueTime', { zone: format.timeZoneName(show.timeZone, show.startsAt) })}</dt>
        <dd>
          <time dateTime={show.startsAt}>{venueTime}</time>
        </dd>
        {ownTime !== venueTime && (
          <>
            <dt>{t('event.yourTime', { zone: format.timeZoneName(ownZone, show.startsAt) })}</dt>
            <dd>
              <time dateTime={show.startsAt}>{ownTime}</time>
            </dd>
          </>
        )}
        <dt>{t('event.venue')}</dt>
        <dd>
          {show.venue.name} · {t('event.capacity', { count: show.venue.seatCount })}
        </dd>
      </dl>
      {soldOut ? (
        <p className="badge">{t('event.soldOut')}</p>
      ) : onSale ? (
        <p className="badge badge-live">{t('event.onSaleNow')}</p>
      ) : (
        <p className="badge">
          {t('event.onSaleFrom', { time: format.shortDateTime(show.onSaleAt, ownZone) })}
          {Date.parse(show.onSaleAt) - now < DAY_MS && (
            <> · {t('event.countdown', { time: formatClock(Date.parse(show.onSaleAt) - now) })}</>
          )}
        </p>
      )}
      <table className="price-table">
        <caption>{t('event.priceTiers')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('event.tier')}</th>
            <th scope="col">{t('event.price')}</th>
          </tr>
        </thead>
        <tbody>
          {[...show.priceTiers]
            .sort((a, b) => b.priceSatang - a.priceSatang)
            .map((tier) => (
              <tr key={tier.code}>
                <td>
                  <span className="swatch" style={{ background: tier.colour }} aria-hidden="true" />
                  {tier.name}
                </td>
                <td className="number">{format.price(tier.priceSatang)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <p className="muted">{t('event.limit', { count: show.seatLimitPerAccount })}</p>
      {sale && !admitted ? (
        <a
          className="button button-primary"
          href={session.status === 'signedOut' ? href.signIn(href.queue(sale.id)) : href.queue(sale.id)}
        >
          {session.status === 'signedOut' ? t('sale.signInToJoin') : t('sale.join')}
        </a>
      ) : (
        <a className="button button-primary" href={href.show(show.id)}>
          {t('event.chooseSeats')}
        </a>
      )}
      {soldOut && <WaitlistBox showId={show.id} returnTo={href.event()} />}
    </article>
  );
}

/**
 * Whether a show on sale has no free seat left (read once per visit; unknown counts as not). Held
 * seats are not free, but may come back: the way in stays, with the waitlist beside it.
 */
function useSoldOut(showId: string, onSale: boolean): boolean {
  const [freeSeats] = useAsync(async () => (onSale ? fetchFreeSeats(showId) : undefined), [showId, onSale]);
  return freeSeats.status === 'ready' && freeSeats.value === 0;
}
