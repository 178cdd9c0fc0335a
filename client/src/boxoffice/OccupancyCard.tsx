import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { SECTION_KINDS, type SectionKind } from '../../../shared/venue';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useFormat } from '../i18n/use-format';
import { occupancyHeat } from '../venue/availability';
import type { VenueModel } from '../venue/venue-model';
import { useShowAvailability } from './use-show-availability';

/** One show's occupancy: totals per stand, and a heat map cell per section. */
export function OccupancyCard({ show, model }: { show: ShowView; model: VenueModel }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { free, error } = useShowAvailability(show.id);
  const sectionsOf = (kind: SectionKind) =>
    model.geometry.sections.filter((section) => section.kind === kind);
  const totals = (kind: SectionKind | 'all') => {
    const sections = kind === 'all' ? model.geometry.sections : sectionsOf(kind);
    const capacity = sections.reduce((sum, section) => sum + section.seatCount, 0);
    const freeSeats = sections.reduce((sum, section) => sum + (free?.get(section.id) ?? 0), 0);
    return { capacity, freeSeats };
  };
  const all = totals('all');

  return (
    <article className="occupancy" aria-labelledby={`occupancy-${show.id}`}>
      <h2 id={`occupancy-${show.id}`}>
        {show.name} · {format.shortDateTime(show.startsAt, show.timeZone)}
      </h2>
      {error && <ErrorNotice error={error} />}
      {!free ? (
        <Loading />
      ) : (
        <>
          <table className="occupancy-table">
            <thead>
              <tr>
                <th scope="col">{t('boxOffice.area')}</th>
                <th scope="col">{t('boxOffice.free')}</th>
                <th scope="col">{t('boxOffice.capacity')}</th>
                <th scope="col">{t('boxOffice.sold')}</th>
              </tr>
            </thead>
            <tbody>
              {SECTION_KINDS.map((kind) => {
                const { capacity, freeSeats } = totals(kind);
                return (
                  <tr key={kind}>
                    <th scope="row">{t(`boxOffice.kinds.${kind}`)}</th>
                    <td className="number">{format.number(freeSeats)}</td>
                    <td className="number">{format.number(capacity)}</td>
                    <td className="number">{format.percent(capacity ? 1 - freeSeats / capacity : 0)}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('boxOffice.total')}</th>
                <td className="number">{format.number(all.freeSeats)}</td>
                <td className="number">{format.number(all.capacity)}</td>
                <td className="number">
                  {format.percent(all.capacity ? 1 - all.freeSeats / all.capacity : 0)}
                </td>
              </tr>
            </tfoot>
          </table>
          {SECTION_KINDS.map((kind) => (
            <section key={kind} className="heatmap-group" aria-label={t(`boxOffice.kinds.${kind}`)}>
              <h3>{t(`boxOffice.kinds.${kind}`)}</h3>
              <ul className="heatmap">
                {sectionsOf(kind).map((section) => {
                  const freeSeats = free.get(section.id) ?? 0;
                  const label = t('boxOffice.cell', {
                    section: section.name,
                    free: freeSeats,
                    capacity: section.seatCount,
                  });
                  return (
                    <li
                      key={section.id}
                      className="heatmap-cell"
                      style={{ background: occupancyHeat(freeSeats, section.seatCount) }}
                      title={label}
                      aria-label={label}
                    >
                      <span className="heatmap-name">{section.name}</span>
                      <span className="heatmap-free">{format.number(freeSeats)}</span>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      )}
    </article>
  );
}
