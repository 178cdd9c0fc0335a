import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { SEAT_FLAG, type SectionGeometry } from '../../../shared/venue';
import { useFormat } from '../i18n/use-format';
import { seatPriceTier, type VenueModel } from '../venue/venue-model';
import { seatFlagNames, seatStateOf, type SeatContext } from './seat-state';

const WHEELCHAIR_FLAGS = SEAT_FLAG.ACCESSIBLE | SEAT_FLAG.COMPANION;
/** The list's first control, where the map's "Seat list" button moves focus. */
export const SEAT_LIST_START_ID = 'seat-list-section';

interface SeatListProps {
  show: ShowView;
  model: VenueModel;
  context: SeatContext;
  free: ReadonlyMap<number, number>;
  onToggle(seat: number): void;
}

/**
 * The map as a list, for keyboards and screen readers: pick a section, then a row, then seats.
 * Native selects and buttons; taken seats stay focusable (aria-disabled) so they are announced.
 */
export function SeatList({ show, model, context, free, onToggle }: SeatListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [accessibleOnly, setAccessibleOnly] = useState(false);
  const sections = useMemo(
    () =>
      accessibleOnly
        ? model.geometry.sections.filter((section) => rowsOf(model, section, true).length > 0)
        : model.geometry.sections,
    [model, accessibleOnly],
  );
  const [chosenSectionId, setSectionId] = useState<number>();
  const section = sections.find((s) => s.id === chosenSectionId) ?? sections[0];
  const rows = section ? rowsOf(model, section, accessibleOnly) : [];
  const [chosenRowLabel, setRowLabel] = useState<string>();
  const row = rows.find((r) => r.label === chosenRowLabel) ?? rows[0];
  const seats = row ? seatsOf(model, row.firstSeat, row.count, accessibleOnly) : [];

  return (
    <section className="seat-list" aria-labelledby="seat-list-title">
      <h2 id="seat-list-title">{t('list.title')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={accessibleOnly}
          onChange={(event) => setAccessibleOnly(event.target.checked)}
        />
        {t('list.accessibleOnly')}
      </label>
      <div className="seat-list-pickers">
        <label>
          {t('list.section')}
          <select
            id={SEAT_LIST_START_ID}
            value={section?.id ?? ''}
            onChange={(event) => setSectionId(Number(event.target.value))}
          >
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {free.has(s.id)
                  ? t('list.sectionOption', { section: s.name, count: free.get(s.id) })
                  : s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.row')}
          <select value={row?.label ?? ''} onChange={(event) => setRowLabel(event.target.value)}>
            {rows.map((r) => (
              <option key={r.label} value={r.label}>
                {t('list.rowOption', { row: r.label })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {row && (
        <fieldset>
          <legend>{t('list.seats', { row: row.label })}</legend>
          {seats.length === 0 ? (
            <p>{t('list.noSeats')}</p>
          ) : (
            <ul className="seat-buttons">
              {seats.map((seat) => {
                const state = seatStateOf(seat, context);
                const tier = seatPriceTier(model, show, seat);
                const flags = seatFlagNames(model, seat);
                const label = [
                  t('list.seatButton', { number: model.seatNumber[seat] }),
                  tier && format.price(tier.priceSatang),
                  t(`seatmap.status.${state}`),
                  ...flags.map((flag) => t(`seatmap.flags.${flag}`)),
                ]
                  .filter(Boolean)
                  .join(', ');
                const unavailable = state !== 'free' && state !== 'selected';
                return (
                  <li key={seat}>
                    <button
                      type="button"
                      className={`seat-button seat-${state}`}
                      style={state === 'free' ? { borderColor: tier?.colour } : undefined}
                      aria-pressed={state === 'selected'}
                      aria-disabled={unavailable}
                      aria-label={label}
                      title={label}
                      onClick={() => !unavailable && onToggle(seat)}
                    >
                      {model.seatNumber[seat]}
                      {flags.includes('accessible') && <span aria-hidden="true"> ♿</span>}
                      {flags.includes('companion') && <span aria-hidden="true"> +</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
      )}
    </section>
  );
}

function rowsOf(model: VenueModel, section: SectionGeometry, accessibleOnly: boolean) {
  if (!accessibleOnly) return section.rows;
  return section.rows.filter((row) => seatsOf(model, row.firstSeat, row.count, true).length > 0);
}

function seatsOf(model: VenueModel, firstSeat: number, count: number, accessibleOnly: boolean): number[] {
  const seats: number[] = [];
  for (let seat = firstSeat; seat < firstSeat + count; seat++) {
    if (!accessibleOnly || ((model.seatFlags[seat] ?? 0) & WHEELCHAIR_FLAGS) !== 0) seats.push(seat);
  }
  return seats;
}
