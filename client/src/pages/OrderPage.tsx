import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrder } from '../api/orders';
import { useShows } from '../api/shows';
import { useAsync } from '../api/use-async';
import { AsyncView } from '../components/AsyncView';
import { OrderDetails } from './OrderDetails';
import { RequireSession } from './RequireSession';

const PENDING_POLL_MS = 2_000;

/** The confirmation after paying (and any order by its id); polls while the payment is pending. */
export function OrderPage({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  return (
    <RequireSession prompt={t('tickets.signInFirst')}>
      <OrderLoader orderId={orderId} />
    </RequireSession>
  );
}

function OrderLoader({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const [state, reload] = useAsync(() => fetchOrder(orderId), [orderId]);
  const [shows] = useShows();
  const pending = state.status === 'ready' && state.value.status === 'pending_payment';
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, PENDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, state, reload]);
  return (
    <AsyncView state={state} retry={reload}>
      {(order) => (
        <>
          {pending && (
            <p className="notice notice-info" role="status">
              {t('checkout.pending')}
            </p>
          )}
          <OrderDetails
            order={order}
            show={shows.status === 'ready' ? shows.value.find((show) => show.id === order.showId) : undefined}
            headingLevel={1}
          />
        </>
      )}
    </AsyncView>
  );
}
