import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { useShows } from '../api/shows';
import { AsyncView } from '../components/AsyncView';
import { ShowCard } from './ShowCard';

/** The tour and its shows: dates, venue, prices, and the way to the seat map. */
export function EventPage() {
  const { t } = useTranslation();
  const [state, retry] = useShows();
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
              <div className="show-cards">
                {tourShows.map((show) => (
                  <ShowCard key={show.id} show={show} />
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
