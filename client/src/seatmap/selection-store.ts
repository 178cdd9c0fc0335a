import { AccountScopedStore } from '../api/account-scoped-store';

/** Picked seats are kept this long: a tab left overnight starts afresh. */
const SELECTION_KEPT_MS = 30 * 60_000;

export interface StoredSelection {
  /** The signed-in account, or '' for a fan not signed in. */
  accountId: string;
  seats: number[];
  savedAt: number;
}

/**
 * The seats a fan has picked but not held, per show, in this tab's sessionStorage: a reload of
 * the map keeps them (seats taken meanwhile drop out once the statuses are live).
 */
export const selectionStore = new AccountScopedStore<StoredSelection>(
  'seatrush.selection.',
  (stored) =>
    Array.isArray(stored.seats) &&
    stored.seats.every((seat) => Number.isInteger(seat) && seat >= 0) &&
    Date.now() - stored.savedAt < SELECTION_KEPT_MS,
);
