import { useSyncExternalStore } from 'react';
import type { AdmissionView } from '../../../shared/protocol/views';
import type { AnyErrorCode } from '../api/api-error';
import { serverNow } from '../api/clock';
import { sessionStore } from '../api/session';

export interface StoredAdmission {
  accountId: string;
  admission: AdmissionView;
}

const STORAGE_PREFIX = 'seatrush.admission.';

/**
 * The fan's admission token per sale (docs/queue-spec.md Q13), in memory and in sessionStorage: it
 * survives a reload of this tab, and is forgotten with the tab. Another tab of the same account
 * gets its own token from `queue:enter` (the server keeps one shopping window per account).
 * Also carries the reason a page sent the fan back to the waiting room, for that page to show.
 */
class AdmissionStore {
  private readonly admissions = new Map<string, StoredAdmission | undefined>();
  private readonly notices = new Map<string, AnyErrorCode>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The sale's token while its shopping window lasts (server clock). */
  get(saleId: string): StoredAdmission | undefined {
    if (!this.admissions.has(saleId)) this.admissions.set(saleId, this.read(saleId));
    const stored = this.admissions.get(saleId);
    return stored && stored.admission.expiresAt > serverNow() ? stored : undefined;
  }

  save(accountId: string, admission: AdmissionView): void {
    this.write(admission.saleId, { accountId, admission });
  }

  clear(saleId: string): void {
    if (this.admissions.has(saleId) && this.admissions.get(saleId) === undefined) return;
    this.write(saleId, undefined);
  }

  /** Forgets tokens of any account but the signed-in one (after sign-out or another sign-in). */
  keepOnly(accountId: string | undefined): void {
    const storage = sessionStorageSafe();
    const saleIds = new Set(this.admissions.keys());
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(STORAGE_PREFIX)) saleIds.add(key.slice(STORAGE_PREFIX.length));
    }
    for (const saleId of saleIds) {
      const stored = this.admissions.get(saleId) ?? this.read(saleId);
      if (stored && stored.accountId !== accountId) this.clear(saleId);
    }
  }

  /** Why the fan was sent back to this sale's waiting room (shown there once). */
  setNotice(saleId: string, code: AnyErrorCode): void {
    this.notices.set(saleId, code);
  }

  notice(saleId: string): AnyErrorCode | undefined {
    return this.notices.get(saleId);
  }

  clearNotice(saleId: string): void {
    this.notices.delete(saleId);
  }

  private read(saleId: string): StoredAdmission | undefined {
    try {
      const raw = sessionStorageSafe()?.getItem(STORAGE_PREFIX + saleId);
      return raw ? (JSON.parse(raw) as StoredAdmission) : undefined;
    } catch {
      return undefined;
    }
  }

  private write(saleId: string, stored: StoredAdmission | undefined): void {
    this.admissions.set(saleId, stored);
    try {
      if (stored) sessionStorageSafe()?.setItem(STORAGE_PREFIX + saleId, JSON.stringify(stored));
      else sessionStorageSafe()?.removeItem(STORAGE_PREFIX + saleId);
    } catch {
      // Storage full or blocked: the token lives in memory for this page.
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

export const admissionStore = new AdmissionStore();

sessionStore.subscribe(() => {
  const session = sessionStore.getState();
  if (session.status !== 'restoring') {
    admissionStore.keepOnly(session.status === 'signedIn' ? session.account.id : undefined);
  }
});

/** The sale's stored admission, re-rendering when it is saved or cleared. */
export function useAdmission(saleId: string | undefined): StoredAdmission | undefined {
  return useSyncExternalStore(admissionStore.subscribe, () =>
    saleId === undefined ? undefined : admissionStore.get(saleId),
  );
}
