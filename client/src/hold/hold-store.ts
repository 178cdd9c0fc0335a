import { useSyncExternalStore } from 'react';
import type { HoldView } from '../../../shared/protocol/views';
import { serverNow } from '../api/clock';
import { sessionStore } from '../api/session';

export type PaymentMethod = 'card' | 'promptpay';

export interface StoredHold {
  accountId: string;
  hold: HoldView;
  /** The key of the checkout attempt in progress, reused on retry so it cannot pay twice (C1). */
  checkout?: { idempotencyKey: string; paymentMethod: PaymentMethod };
}

const STORAGE_PREFIX = 'seatrush.hold.';

/**
 * The fan's live hold per show. The server has no "my holds" read, so the hold is kept in
 * sessionStorage: it survives a reload of this tab and is forgotten with it (the server frees the
 * seats at expiry anyway).
 */
class HoldStore {
  private readonly holds = new Map<string, StoredHold | undefined>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(showId: string): StoredHold | undefined {
    if (!this.holds.has(showId)) this.holds.set(showId, this.read(showId));
    const stored = this.holds.get(showId);
    return stored && stored.hold.expiresAt > serverNow() ? stored : undefined;
  }

  save(stored: StoredHold): void {
    this.write(stored.hold.showId, stored);
  }

  clear(showId: string): void {
    this.write(showId, undefined);
  }

  /** Forgets holds of any account but the signed-in one (after sign-out or another sign-in). */
  keepOnly(accountId: string | undefined): void {
    const storage = sessionStorageSafe();
    const showIds = new Set(this.holds.keys());
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(STORAGE_PREFIX)) showIds.add(key.slice(STORAGE_PREFIX.length));
    }
    for (const showId of showIds) {
      const stored = this.holds.get(showId) ?? this.read(showId);
      if (stored && stored.accountId !== accountId) this.clear(showId);
    }
  }

  private read(showId: string): StoredHold | undefined {
    try {
      const raw = sessionStorageSafe()?.getItem(STORAGE_PREFIX + showId);
      return raw ? (JSON.parse(raw) as StoredHold) : undefined;
    } catch {
      return undefined;
    }
  }

  private write(showId: string, stored: StoredHold | undefined): void {
    this.holds.set(showId, stored);
    try {
      if (stored) sessionStorageSafe()?.setItem(STORAGE_PREFIX + showId, JSON.stringify(stored));
      else sessionStorageSafe()?.removeItem(STORAGE_PREFIX + showId);
    } catch {
      // Storage full or blocked: the hold lives in memory for this page.
    }
    for (const listener of this.listeners) listener();
  }
}

function sessionStorageSafe(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export const holdStore = new HoldStore();

sessionStore.subscribe(() => {
  const session = sessionStore.getState();
  if (session.status !== 'restoring') {
    holdStore.keepOnly(session.status === 'signedIn' ? session.account.id : undefined);
  }
});

export function useHold(showId: string): StoredHold | undefined {
  return useSyncExternalStore(holdStore.subscribe, () => holdStore.get(showId));
}
