import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { useFormat } from '../i18n/use-format';
import { seatLabel, seatPriceTier, type VenueModel } from '../venue/venue-model';
import type { HoverTarget } from './SeatMapCanvas';
import { seatFlagNames, seatStateOf, type SeatContext } from './seat-state';

/** What the pointer is over: a seat (place, price, state, flags) or a section (free seats). */
export function SeatTooltip({
  target,
  show,
  model,
  context,
  free,
}: {
  target: HoverTarget;
  show: ShowView;
  model: VenueModel;
  context: SeatContext;
  free: ReadonlyMap<number, number>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (target.kind === 'section') {
    const section = model.sectionsById.get(target.sectionId);
    if (!section) return null;
    const count = free.get(section.id);
    return (
      <strong>
        {count === undefined ? section.name : t('seatmap.sectionFree', { section: section.name, count })}
      </strong>
    );
  }
  const tier = seatPriceTier(model, show, target.seat);
  return (
    <>
      <strong>{t('seatmap.seatName', seatLabel(model, target.seat))}</strong>
      {tier && (
        <span>
          {tier.name} · {format.price(tier.priceSatang)}
        </span>
      )}
      <span>{t(`seatmap.status.${seatStateOf(target.seat, context)}`)}</span>
      {seatFlagNames(model, target.seat).map((flag) => (
        <span key={flag}>{t(`seatmap.flags.${flag}`)}</span>
      ))}
    </>
  );
}
