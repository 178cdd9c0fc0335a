import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEAT_STATUS } from '../../../shared/venue';
import { seatLabel } from '../venue/venue-model';
import { SEAT_STATUS_UNKNOWN, type SeatContext } from './seat-state';
import { selectionStore } from './selection-store';

interface SelectionOptions {
  showId: string;
  /** Undefined when not signed in. */
  accountId: string | undefined;
  /** False while the session is being restored: whose picks to restore is not known yet. */
  sessionKnown: boolean;
  /** The show's seat limit per account. */
  limit: number;
  /** Seats this account already holds or bought in the show; they count against the limit. */
  alreadyOwned: number;
  /** While a hold is active, seats cannot be picked (release first). */
  holdActive: boolean;
  context: Pick<SeatContext, 'model' | 'statuses' | 'tierColours'> | undefined;
  /** The live feed's revision: statuses changed. */
  revision: number;
}

/**
 * The seats a fan has picked but not yet held, kept across a reload of the tab (selection-store.ts).
 * A picked seat that someone else takes meanwhile is dropped at once, with a message for screen
 * readers and eyes alike.
 */
export function useSeatSelection({
  showId,
  accountId = '',
  sessionKnown,
  limit,
  alreadyOwned,
  holdActive,
  context,
  revision,
}: SelectionOptions) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const restored = useRef(false);

  // Saves the picks, once those kept for this account have been restored (declared first: in the
  // commit that restores, it must not save the still empty picks over the kept ones).
  useEffect(() => {
    if (!restored.current) return;
    if (selected.size === 0) selectionStore.clear(showId);
    else selectionStore.set(showId, { accountId, seats: [...selected], savedAt: Date.now() });
  }, [showId, accountId, selected]);

  // Once the session is known: the picks this tab kept for this show and account.
  useEffect(() => {
    if (!sessionKnown || restored.current) return;
    restored.current = true;
    const stored = selectionStore.get(showId);
    if (stored?.accountId === accountId && stored.seats.length > 0) {
      setSelected((current) => (current.size > 0 ? current : new Set(stored.seats.slice(0, limit))));
    }
  }, [sessionKnown, showId, accountId, limit]);
  const [notice, setNotice] = useState<string>();

  const describe = useCallback(
    (seat: number) => (context ? t('seatmap.seatName', seatLabel(context.model, seat)) : String(seat)),
    [context, t],
  );

  // Runs on status changes only: nothing else can take a picked seat. A seat whose status is not
  // known for now (offline) stays picked; the hold will tell.
  useEffect(() => {
    if (!context || selected.size === 0) return;
    const lost = [...selected].filter((seat) => {
      const status = context.statuses[seat];
      return status !== SEAT_STATUS.FREE && status !== SEAT_STATUS_UNKNOWN;
    });
    if (lost.length === 0) return;
    setSelected(new Set([...selected].filter((seat) => !lost.includes(seat))));
    setNotice(t('seatmap.seatTaken', { seat: lost.map(describe).join(', ') }));
  }, [revision]);

  const budget = Math.max(0, limit - alreadyOwned);
  const allowance = Math.max(0, budget - selected.size);

  const toggle = (seat: number) => {
    if (!context) return;
    if (selected.has(seat)) {
      setSelected(new Set([...selected].filter((picked) => picked !== seat)));
      return;
    }
    if (holdActive) return setNotice(t('seatmap.holdActive'));
    if (
      context.statuses[seat] !== SEAT_STATUS.FREE ||
      !context.tierColours[context.model.seatTier[seat] ?? -1]
    )
      return;
    if (allowance <= 0) return setNotice(t('seatmap.limitReached', { count: limit }));
    setNotice(undefined);
    setSelected(new Set([...selected, seat]));
  };

  return {
    selected,
    allowance,
    notice,
    setNotice,
    describe,
    toggle,
    budget,
    /** Replaces the selection with seats the app picked (best available), within the budget. */
    choose: (seats: readonly number[]) => {
      if (holdActive) return setNotice(t('seatmap.holdActive'));
      const chosen = seats.slice(0, budget);
      setSelected(new Set(chosen));
      setNotice(t('best.found', { count: chosen.length }));
    },
    remove: (seat: number) => setSelected(new Set([...selected].filter((picked) => picked !== seat))),
    clear: () => setSelected(new Set()),
  };
}
