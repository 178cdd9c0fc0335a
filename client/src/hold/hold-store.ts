import { useSyncExternalStore } from 'react';
import type { HoldView } from '../../../shared/protocol/views';
import { serverNow } from '../api/clock';
import { AccountScopedStore } from '../api/account-scoped-store';

export type PaymentMethod = 'card' | 'promptpay';

export interface StoredHold {
  accountId: string;
  hold: HoldView;
  /** The key of the checkout attempt in progress, reused on retry so it cannot pay twice (C1). */
  checkout?: { idempotencyKey: string; paymentMethod: PaymentMethod };
}

/**
 * The fan's live hold per show. The server has no "my holds" read, so the hold is kept in
 * sessionStorage: it survives a reload of this tab and is forgotten with it (the server frees the
 * seats at expiry anyway).
 */
class HoldStore extends AccountScopedStore<StoredHold> {
  constructor() {
    super('seatrush.hold.', (stored) => stored.hold.expiresAt > serverNow());
  }

  save(stored: StoredHold): void {
    this.set(stored.hold.showId, stored);
  }
}

export const holdStore = new HoldStore();

export function useHold(showId: string): StoredHold | undefined {
  return useSyncExternalStore(holdStore.subscribe, () => holdStore.get(showId));
}
