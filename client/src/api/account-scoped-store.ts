import { sessionStore } from './session';

/**
 * Values of the signed-in account by key (a show's hold, a sale's admission), in memory and in this
 * tab's sessionStorage: they survive a reload of the tab, are forgotten with it, and are dropped
 * when another account signs in or the fan signs out.
 */
export class AccountScopedStore<T extends { accountId: string }> {
  private readonly values = new Map<string, T | undefined>();
  private readonly listeners = new Set<() => void>();

  /** `isLive`: whether a stored value still counts (not expired). */
  constructor(
    private readonly storagePrefix: string,
    private readonly isLive: (value: T) => boolean,
  ) {
    sessionStore.subscribe(() => {
      const session = sessionStore.getState();
      if (session.status !== 'restoring') {
        this.keepOnly(session.status === 'signedIn' ? session.account.id : undefined);
      }
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(key: string): T | undefined {
    if (!this.values.has(key)) this.values.set(key, this.read(key));
    const stored = this.values.get(key);
    return stored && this.isLive(stored) ? stored : undefined;
  }

  set(key: string, value: T): void {
    this.write(key, value);
  }

  clear(key: string): void {
    if (this.values.has(key) && this.values.get(key) === undefined) return;
    this.write(key, undefined);
  }

  /**
   * Forgets values of any account but the signed-in one (after sign-out or another sign-in). A
   * value kept for no account (`accountId` '', a fan not signed in) stays while nobody is.
   */
  keepOnly(accountId: string | undefined): void {
    const storage = sessionStorageSafe();
    const keys = new Set(this.values.keys());
    for (let i = 0; storage && i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(this.storagePrefix)) keys.add(key.slice(this.storagePrefix.length));
    }
    for (const key of keys) {
      const stored = this.values.get(key) ?? this.read(key);
      if (stored && stored.accountId !== (accountId ?? '')) this.clear(key);
    }
  }

  private read(key: string): T | undefined {
    try {
      const raw = sessionStorageSafe()?.getItem(this.storagePrefix + key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private write(key: string, stored: T | undefined): void {
    this.values.set(key, stored);
    try {
      if (stored) sessionStorageSafe()?.setItem(this.storagePrefix + key, JSON.stringify(stored));
      else sessionStorageSafe()?.removeItem(this.storagePrefix + key);
    } catch {
      // Storage full or blocked: the value lives in memory for this page.
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
