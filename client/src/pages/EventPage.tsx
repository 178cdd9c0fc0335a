import { useTranslation } from 'react-i18next';
import type { SaleView, ShowView } from '../../../shared/protocol/views';
import { useSales } from '../api/sales';
import { useShows } from '../api/shows';
import { AsyncView } from '../components/AsyncView';
import { ErrorNotice } from '../components/ErrorNotice';
import { SalePanel } from './SalePanel';
import { ShowCard } from './ShowCard';

/**
 * The tour and its shows: dates, venue, prices, and the way to the seat map, or, for shows sold
 * through a waiting room, the sale (its start, the seed commitment) and the way into its queue.
 */
export function EventPage() {
  const { t } = useTranslation();
  const [state, retry] = useShows();
  const [salesState, retrySales] = useSales();
  const sales = salesState.status === 'ready' ? salesState.value : [];
  const saleOf = (show: ShowView) => sales.find((sale) => sale.showIds.includes(show.id));
  return (
    <AsyncView state={state} retry={retry}>
      {(shows) =>
        shows.length === 0 ? (
          <p>{t('event.noShows')}</p>
        ) : (
          toursOf(shows).map(([tour, tourShows]) => (
            <section key={tour.id} className="tour" aria-labelledby={`tour-${tour.id}`}>
              <header className="page-header">
                <h1 id={`tour-${tour.id}`}>{t('event.title', { tour: tour.name })}</h1>
                <p className="muted">{t('event.artist', { artist: tour.artist })}</p>
              </header>
              {salesState.status === 'failed' && (
                <ErrorNotice error={salesState.error} onRetry={retrySales} />
              )}
              {salesOf(sales, tourShows).map(([sale, saleShows]) => (
                <SalePanel key={sale.id} sale={sale} shows={saleShows} />
              ))}
              <div className="show-cards">
                {tourShows.map((show) => (
                  <ShowCard key={show.id} show={show} sale={saleOf(show)} />
                ))}
              </div>
            </section>
          ))
        )
      }
    </AsyncView>
  );
}

function toursOf(shows: ShowView[]): [ShowView['tour'], ShowView[]][] {
  const tours = new Map<string, [ShowView['tour'], ShowView[]]>();
  for (const show of [...shows].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const entry = tours.get(show.tour.id) ?? [show.tour, []];
    entry[1].push(show);
    tours.set(show.tour.id, entry);
  }
  return [...tours.values()];
}

/** The sales covering some of these shows, each with its shows among them. */
function salesOf(sales: SaleView[], shows: ShowView[]): [SaleView, ShowView[]][] {
  return sales
    .map((sale): [SaleView, ShowView[]] => [sale, shows.filter((show) => sale.showIds.includes(show.id))])
    .filter(([, saleShows]) => saleShows.length > 0);
}
