import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { useShows } from '../api/shows';
import { AsyncView } from '../components/AsyncView';
import { occupancyHeat } from '../venue/availability';
import { useVenueModel } from '../venue/load-venue';
import { OccupancyCard } from './OccupancyCard';

const HEAT_GRADIENT = `linear-gradient(to right, ${[1, 0.75, 0.5, 0.25, 0].map((free) => occupancyHeat(free, 1)).join(', ')})`;

/** Live occupancy of every show, per section. */
export function BoxOfficePage() {
  const { t } = useTranslation();
  const [state, retry] = useShows();
  return (
    <section aria-labelledby="box-office-title">
      <h1 id="box-office-title">{t('boxOffice.title')}</h1>
      <p className="muted">{t('boxOffice.intro')}</p>
      <p className="heat-legend">
        <span>{t('boxOffice.heatFree')}</span>
        <span className="heat-bar" style={{ background: HEAT_GRADIENT }} aria-hidden="true" />
        <span>{t('boxOffice.heatSoldOut')}</span>
      </p>
      <AsyncView state={state} retry={retry}>
        {(shows) => (
          <div className="occupancy-cards">
            {shows.map((show) => (
              <ShowOccupancy key={show.id} show={show} />
            ))}
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function ShowOccupancy({ show }: { show: ShowView }) {
  const [model, retry] = useVenueModel(show.venue.geometryUrl);
  return (
    <AsyncView state={model} retry={retry}>
      {(loaded) => loaded && <OccupancyCard show={show} model={loaded} />}
    </AsyncView>
  );
}
