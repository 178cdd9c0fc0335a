import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { useFormat } from '../i18n/use-format';
import { findBestAvailable } from '../seatmap/best-available';
import type { VenueModel } from '../venue/venue-model';

interface BestAvailablePanelProps {
  show: ShowView;
  model: VenueModel;
  statuses: Uint8Array;
  /** Seats this fan may still pick for the show (the limit less what they hold or bought). */
  budget: number;
  onFound(seats: number[]): void;
}

const ANY_AREA = '';

/**
 * "Best available": the fan says how many seats and, if they like, which price area; the app
 * picks the best block side by side (seatmap/best-available.ts) as their selection, to hold as usual.
 */
export function BestAvailablePanel({ show, model, statuses, budget, onFound }: BestAvailablePanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [count, setCount] = useState(Math.min(2, budget));
  const [area, setArea] = useState(ANY_AREA);
  const [notFound, setNotFound] = useState<number>();
  const tierIndex = useMemo(
    () => new Map(model.geometry.tiers.map((tier, index) => [tier.code, index])),
    [model],
  );
  const tiersOnSale = useMemo(
    () => new Set(show.priceTiers.flatMap((tier) => tierIndex.get(tier.code) ?? [])),
    [show, tierIndex],
  );
  if (budget < 1) return null;
  const wanted = Math.min(count, budget);

  const find = () => {
    const seats = findBestAvailable(model, statuses, {
      count: wanted,
      tier: area === ANY_AREA ? undefined : tierIndex.get(area),
      tiersOnSale,
    });
    setNotFound(seats ? undefined : wanted);
    if (seats) onFound(seats);
  };

  return (
    <section className="panel best-available" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('best.title')}</h2>
      <p className="muted">{t('best.intro')}</p>
      <div className="best-available-fields">
        <label htmlFor={`${id}-count`}>{t('best.count')}</label>
        <label htmlFor={`${id}-area`}>{t('best.area')}</label>
        <select id={`${id}-count`} value={wanted} onChange={(event) => setCount(Number(event.target.value))}>
          {Array.from({ length: budget }, (_, index) => index + 1).map((value) => (
            <option key={value} value={value}>
              {format.number(value)}
            </option>
          ))}
        </select>
        <select id={`${id}-area`} value={area} onChange={(event) => setArea(event.target.value)}>
          <option value={ANY_AREA}>{t('best.anyArea')}</option>
          {show.priceTiers.map((tier) => (
            <option key={tier.code} value={tier.code}>
              {tier.name} · {format.price(tier.priceSatang)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button-primary" onClick={find}>
        {t('best.find')}
      </button>
      {notFound !== undefined && (
        <p className="notice notice-warning" role="status">
          {notFound === 1 ? t('best.noneSingle') : t('best.none', { count: notFound })}
        </p>
      )}
    </section>
  );
}
