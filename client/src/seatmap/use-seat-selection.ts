import { useCallback, useEffect, useState } from 'react';
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
  const [notice, setNotice] = useState<string>();

  // Once the session is known: the picks this tab kept for this show and account, restored while
  // rendering. Nothing is saved before, so the still empty picks cannot overwrite the kept ones.
  const [restored, setRestored] = useState(false);
  if (sessionKnown && !restored) {
    setRestored(true);
    const stored = selectionStore.get(showId);
    if (stored?.accountId === accountId && stored.seats.length > 0 && selected.size === 0) {
      setSelected(new Set(stored.seats.slice(0, limit)));
    }
  }

  useEffect(() => {
    if (!restored) return;
    if (selected.size === 0) selectionStore.clear(showId);
    else selectionStore.set(showId, { accountId, seats: [...selected], savedAt: Date.now() });
  }, [restored, showId, accountId, selected]);

  const describe = useCallback(
    (seat: number) => (context ? t('seatmap.seatName', seatLabel(context.model, seat)) : String(seat)),
    [context, t],
  );

  // On status changes only (a new revision: nothing else can take a picked seat), while rendering,
  // so no frame shows a taken seat as picked. A seat whose status is not known for now (offline)
  // stays picked; the hold will tell.
  const [checkedRevision, setCheckedRevision] = useState(revision);
  if (revision !== checkedRevision) {
    setCheckedRevision(revision);
    const lost = context ? takenSeats(selected, context.statuses) : [];
    if (lost.length > 0) {
      setSelected(new Set([...selected].filter((seat) => !lost.includes(seat))));
      setNotice(t('seatmap.seatTaken', { seat: lost.map(describe).join(', ') }));
    }
  }

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

function takenSeats(selected: ReadonlySet<number>, statuses: Uint8Array): number[] {
  return [...selected].filter((seat) => {
    const status = statuses[seat];
    return status !== SEAT_STATUS.FREE && status !== SEAT_STATUS_UNKNOWN;
  });
}
