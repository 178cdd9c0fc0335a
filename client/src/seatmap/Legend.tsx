import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { useFormat } from '../i18n/use-format';
import { AVAILABILITY_LEVELS } from '../venue/availability';
import { SEAT_COLOURS } from './seat-painter';

/** Prices by colour, and what the other colours and shapes of the map mean. */
export function Legend({ show }: { show: ShowView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="legend" aria-labelledby="legend-title">
      <h2 id="legend-title">{t('legend.title')}</h2>
      <h3>{t('legend.prices')}</h3>
      <ul>
        {[...show.priceTiers]
          .sort((a, b) => b.priceSatang - a.priceSatang)
          .map((tier) => (
            <li key={tier.code}>
              <Swatch colour={tier.colour} />
              <span className="legend-name">{tier.name}</span>
              <span className="legend-price">{format.price(tier.priceSatang)}</span>
            </li>
          ))}
      </ul>
      <h3>{t('legend.availability')}</h3>
      <ul>
        {AVAILABILITY_LEVELS.map((level) => (
          <li key={level.key}>
            <Swatch colour={level.colour} square />
            {t(`legend.${level.key}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.seats')}</h3>
      <ul>
        <li>
          <Swatch colour={SEAT_COLOURS.taken} />
          {t('legend.unavailable')}
        </li>
        <li>
          <Swatch colour={SEAT_COLOURS.selected} ring />
          {t('legend.selected')}
        </li>
        <li>
          <Swatch colour={SEAT_COLOURS.mine} ring />
          {t('legend.mine')}
        </li>
        <li>
          <Swatch colour="#8a93a6" square />
          {t('legend.accessible')}
        </li>
      </ul>
    </section>
  );
}

function Swatch({ colour, square, ring }: { colour: string; square?: boolean; ring?: boolean }) {
  return (
    <span
      className={`swatch${square ? ' swatch-square' : ''}${ring ? ' swatch-ring' : ''}`}
      style={{ background: colour }}
      aria-hidden="true"
    />
  );
}
