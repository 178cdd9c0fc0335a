import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { href } from '../app/routes';
import type { ApiError } from '../api/api-error';
import { ErrorNotice } from '../components/ErrorNotice';
import { useFormat } from '../i18n/use-format';
import { seatPriceTier, type VenueModel } from '../venue/venue-model';

interface SelectionPanelProps {
  show: ShowView;
  model: VenueModel;
  selected: ReadonlySet<number>;
  allowance: number;
  describe(seat: number): string;
  onRemove(seat: number): void;
  onClear(): void;
  onHold(): void;
  signedIn: boolean;
  holding: boolean;
  /** Holding is pointless while the map may be out of date. */
  canHold: boolean;
  error: ApiError | undefined;
}

/** Picked seats with prices, the allowance left, and the button that holds them. */
export function SelectionPanel(props: SelectionPanelProps) {
  const { show, model, selected, allowance, describe, signedIn, holding, canHold, error } = props;
  const { t } = useTranslation();
  const format = useFormat();
  const seats = [...selected];
  const total = seats.reduce((sum, seat) => sum + (seatPriceTier(model, show, seat)?.priceSatang ?? 0), 0);
  return (
    <section className="panel" aria-labelledby="selection-title">
      <h2 id="selection-title">{t('selection.title')}</h2>
      {seats.length === 0 ? (
        <p>{t('selection.empty')}</p>
      ) : (
        <>
          <p>{t('selection.count', { count: seats.length })}</p>
          <ul className="seat-lines">
            {seats.map((seat) => (
              <li key={seat}>
                <span>{describe(seat)}</span>
                <span>{format.price(seatPriceTier(model, show, seat)?.priceSatang ?? 0)}</span>
                <button
                  type="button"
                  className="button-icon"
                  onClick={() => props.onRemove(seat)}
                  aria-label={t('selection.remove', { seat: describe(seat) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <p className="total">
            <span>{t('selection.total')}</span>
            <strong>{format.price(total)}</strong>
          </p>
        </>
      )}
      <p className="muted">{t('selection.allowance', { count: allowance })}</p>
      {error && <ErrorNotice error={error} />}
      <div className="actions">
        {signedIn ? (
          <button
            type="button"
            className="button-primary"
            disabled={seats.length === 0 || holding || !canHold}
            onClick={props.onHold}
          >
            {holding ? t('selection.holding') : t('selection.hold')}
          </button>
        ) : (
          <a className="button button-primary" href={href.signIn(href.show(show.id))}>
            {t('selection.signInToHold')}
          </a>
        )}
        {seats.length > 0 && (
          <button type="button" className="button-secondary" onClick={props.onClear}>
            {t('selection.clear')}
          </button>
        )}
      </div>
    </section>
  );
}
