import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { href } from '../app/routes';
import type { ApiError } from '../api/api-error';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatCountdown } from '../../../shared/i18n/format';
import { useFormat } from '../i18n/use-format';
import { seatPriceTier, type VenueModel } from '../venue/venue-model';
import type { StoredHold } from './hold-store';
import { useCountdown } from './use-countdown';

interface HoldPanelProps {
  show: ShowView;
  model: VenueModel;
  stored: StoredHold;
  describe(seat: number): string;
  onRelease(): void;
  onExpired(): void;
  releasing: boolean;
  error: ApiError | undefined;
}

/** The held seats, the time left (by the server's clock), checkout and release. */
export function HoldPanel({
  show,
  model,
  stored,
  describe,
  onRelease,
  onExpired,
  releasing,
  error,
}: HoldPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const remaining = useCountdown(stored.hold.expiresAt);
  const expired = remaining <= 0;
  // Once, when the countdown reaches zero (not again for every new callback of the parent's).
  const expire = useEffectEvent(onExpired);
  useEffect(() => {
    if (expired) expire();
  }, [expired]);
  const total = stored.hold.seats.reduce(
    (sum, seat) => sum + (seatPriceTier(model, show, seat)?.priceSatang ?? 0),
    0,
  );
  return (
    <section className="panel panel-hold" aria-labelledby="hold-title">
      <h2 id="hold-title">{t('hold.title')}</h2>
      <p className="countdown">
        <span>{t('hold.expiresInLabel')}</span>
        <strong role="timer" aria-live="off">
          {formatCountdown(remaining)}
        </strong>
      </p>
      <ul className="seat-lines">
        {stored.hold.seats.map((seat) => (
          <li key={seat}>
            <span>{describe(seat)}</span>
            <span>{format.price(seatPriceTier(model, show, seat)?.priceSatang ?? 0)}</span>
          </li>
        ))}
      </ul>
      <p className="total">
        <span>{t('selection.total')}</span>
        <strong>{format.price(total)}</strong>
      </p>
      {error && <ErrorNotice error={error} />}
      <div className="actions">
        <a className="button button-primary" href={href.checkout(show.id)}>
          {t('hold.checkout')}
        </a>
        <button type="button" className="button-secondary" onClick={onRelease} disabled={releasing}>
          {releasing ? t('hold.releasing') : t('hold.release')}
        </button>
      </div>
    </section>
  );
}
