import { useTranslation } from 'react-i18next';
import { fetchMyOrders } from '../api/orders';
import { useShows } from '../api/shows';
import { useAsync } from '../api/use-async';
import { AsyncView } from '../components/AsyncView';
import { OrderDetails } from './OrderDetails';
import { RequireSession } from './RequireSession';

/** Every order of the signed-in fan, with its tickets. */
export function MyTicketsPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title">{t('tickets.title')}</h1>
      <RequireSession prompt={t('tickets.signInFirst')}>
        <OrderList />
      </RequireSession>
    </section>
  );
}

function OrderList() {
  const { t } = useTranslation();
  const [state, reload] = useAsync(fetchMyOrders, []);
  const [shows] = useShows();
  const showOf = (showId: string) =>
    shows.status === 'ready' ? shows.value.find((show) => show.id === showId) : undefined;
  return (
    <AsyncView state={state} retry={reload}>
      {(orders) =>
        orders.length === 0 ? (
          <p>{t('tickets.empty')}</p>
        ) : (
          <div className="orders">
            {orders.map((order) => (
              <OrderDetails key={order.id} order={order} show={showOf(order.showId)} />
            ))}
          </div>
        )
      }
    </AsyncView>
  );
}
