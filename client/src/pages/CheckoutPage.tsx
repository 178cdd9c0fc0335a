import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView, ShowView } from '../../../shared/protocol/views';
import { toApiError, type ApiError } from '../api/api-error';
import { checkout, newIdempotencyKey } from '../api/orders';
import { useShow } from '../api/shows';
import { href, navigate } from '../app/routes';
import { appServices } from '../app/services';
import { AsyncView } from '../components/AsyncView';
import { ErrorNotice } from '../components/ErrorNotice';
import { holdStore, useHold, type PaymentMethod, type StoredHold } from '../hold/hold-store';
import { useCountdown } from '../hold/use-countdown';
import { formatCountdown } from '../../../shared/i18n/format';
import { useFormat } from '../i18n/use-format';
import { isAdmissionError } from '../queue/admission';
import { ShoppingWindow } from '../queue/ShoppingWindow';
import { ShowAccessGate, type Admitted } from '../queue/ShowAccessGate';
import { useShowAccess } from '../queue/use-show-access';
import { useVenueModel } from '../venue/load-venue';
import { seatLabel, seatPriceTier, type VenueModel } from '../venue/venue-model';
import { RequireSession } from './RequireSession';

const HOLD_GONE = new Set(['HOLD_NOT_FOUND', 'HOLD_EXPIRED', 'PAYMENT_FAILED']);

/**
 * Summary, payment method and terms for the fan's held seats; pays and goes to the confirmation.
 * A show sold through a waiting room is paid for within the admitted fan's shopping window.
 */
export function CheckoutPage({ showId }: { showId: string }) {
  const { t } = useTranslation();
  return (
    <RequireSession prompt={t('errors.AUTH_REQUIRED')}>
      <CheckoutLoader showId={showId} />
    </RequireSession>
  );
}

function CheckoutLoader({ showId }: { showId: string }) {
  const [showState, retryShow] = useShow(showId);
  const show = showState.status === 'ready' ? showState.value : undefined;
  const [modelState, retryModel] = useVenueModel(show?.venue.geometryUrl);
  const access = useShowAccess(showId);
  return (
    <AsyncView state={showState} retry={retryShow}>
      {(found) =>
        found ? (
          <ShowAccessGate access={access}>
            {(admitted) => (
              <AsyncView state={modelState} retry={retryModel}>
                {(model) => model && <CheckoutForm show={found} model={model} admitted={admitted} />}
              </AsyncView>
            )}
          </ShowAccessGate>
        ) : (
          <ErrorNotice error="SHOW_NOT_FOUND" />
        )
      }
    </AsyncView>
  );
}

function CheckoutForm({
  show,
  model,
  admitted,
}: {
  show: ShowView;
  model: VenueModel;
  admitted: Admitted | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const stored = useHold(show.id);
  const [method, setMethod] = useState<PaymentMethod>(stored?.checkout?.paymentMethod ?? 'card');
  const [accepted, setAccepted] = useState(false);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [declined, setDeclined] = useState(false);
  const remaining = useCountdown(stored?.hold.expiresAt);
  const { admission } = appServices();

  if (!stored) {
    return (
      <section className="panel">
        {declined ? (
          <ErrorNotice error="PAYMENT_FAILED" />
        ) : error ? (
          <ErrorNotice error={error} />
        ) : (
          <p>{t('checkout.noHold')}</p>
        )}
        <a className="button button-primary" href={href.show(show.id)}>
          {t('checkout.backToMap')}
        </a>
      </section>
    );
  }

  const seats = stored.hold.seats;
  const total = seats.reduce((sum, seat) => sum + (seatPriceTier(model, show, seat)?.priceSatang ?? 0), 0);

  const pay = async () => {
    setPaying(true);
    setError(undefined);
    const attempt = attemptFor(stored, method);
    holdStore.save({ ...stored, checkout: attempt });
    try {
      const headers = await admission.headersForShow(show.id);
      const order = await checkout({ showId: show.id, holdId: stored.hold.holdId, ...attempt }, headers);
      settle(order);
    } catch (caught) {
      const apiError = toApiError(caught);
      setError(apiError);
      if (HOLD_GONE.has(apiError.code)) holdStore.clear(show.id);
      if (admitted && isAdmissionError(apiError)) admission.backToWaitingRoom(admitted.saleId, apiError.code);
    } finally {
      setPaying(false);
    }
  };

  const settle = (order: OrderView) => {
    if (order.status === 'payment_failed') {
      setDeclined(true); // C6: the seats are already released
      holdStore.clear(show.id);
    } else {
      if (order.status === 'paid') holdStore.clear(show.id);
      navigate(href.order(order.id));
    }
  };

  return (
    <section className="checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t('checkout.title')}</h1>
      <p className="muted">
        {show.tour.name} · {show.name} · {format.dateTime(show.startsAt, show.timeZone)}
      </p>
      <p className="countdown">
        <span>{t('hold.expiresInLabel')}</span>
        <strong role="timer">{formatCountdown(remaining)}</strong>
      </p>
      {admitted && (
        <ShoppingWindow
          windowEndsAt={admitted.windowEndsAt}
          onOver={() => admission.backToWaitingRoom(admitted.saleId, 'ADMISSION_EXPIRED')}
        />
      )}
      <table className="order-table">
        <caption>{t('checkout.summary')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('checkout.seat')}</th>
            <th scope="col">{t('checkout.area')}</th>
            <th scope="col">{t('checkout.price')}</th>
          </tr>
        </thead>
        <tbody>
          {seats.map((seat) => {
            const tier = seatPriceTier(model, show, seat);
            return (
              <tr key={seat}>
                <td>{t('seatmap.seatName', seatLabel(model, seat))}</td>
                <td>{tier?.name}</td>
                <td className="number">{format.price(tier?.priceSatang ?? 0)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('checkout.total')}
            </th>
            <td className="number">
              <strong>{format.price(total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <fieldset className="payment-methods">
        <legend>{t('checkout.paymentMethod')}</legend>
        {(['card', 'promptpay'] as const).map((option) => (
          <label key={option} className="radio">
            <input
              type="radio"
              name="method"
              value={option}
              checked={method === option}
              onChange={() => setMethod(option)}
            />
            {t(`checkout.${option}`)}
          </label>
        ))}
        <p className="muted">{t('checkout.simulated')}</p>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={accepted} onChange={(event) => setAccepted(event.target.checked)} />
        {t('checkout.terms')}
      </label>
      {error && <ErrorNotice error={error} />}
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={!accepted || paying || remaining <= 0}
          onClick={() => void pay()}
        >
          {paying ? t('checkout.paying') : t('checkout.pay', { amount: format.price(total) })}
        </button>
        <a className="button button-secondary" href={href.show(show.id)}>
          {t('checkout.backToMap')}
        </a>
      </div>
    </section>
  );
}

/** Reuses the attempt's idempotency key for a retry with the same method; a new method is a new attempt. */
function attemptFor(stored: StoredHold, paymentMethod: PaymentMethod): NonNullable<StoredHold['checkout']> {
  if (stored.checkout?.paymentMethod === paymentMethod) return stored.checkout;
  return { idempotencyKey: newIdempotencyKey(), paymentMethod };
}
