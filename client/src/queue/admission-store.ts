import { useSyncExternalStore } from 'react';
import type { AdmissionView } from '../../../shared/protocol/views';
import type { AnyErrorCode } from '../api/api-error';
import { serverNow } from '../api/clock';
import { AccountScopedStore } from '../api/account-scoped-store';

export interface StoredAdmission {
  accountId: string;
  admission: AdmissionView;
}

/**
 * The fan's admission token per sale (docs/queue-spec.md Q13), in memory and in sessionStorage: it
 * survives a reload of this tab, and is forgotten with the tab. Another tab of the same account
 * gets its own token from `queue:enter` (the server keeps one shopping window per account).
 * Also carries the reason a page sent the fan back to the waiting room, for that page to show.
 */
export class AdmissionStore extends AccountScopedStore<StoredAdmission> {
  private readonly notices = new Map<string, AnyErrorCode>();

  /** Tokens count while their shopping window lasts (server clock). */
  constructor() {
    super('seatrush.admission.', (stored) => stored.admission.expiresAt > serverNow());
  }

  save(accountId: string, admission: AdmissionView): void {
    this.set(admission.saleId, { accountId, admission });
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
}

export const admissionStore = new AdmissionStore();

/** The sale's stored admission, re-rendering when it is saved or cleared. */
export function useAdmission(saleId: string | undefined): StoredAdmission | undefined {
  return useSyncExternalStore(admissionStore.subscribe, () =>
    saleId === undefined ? undefined : admissionStore.get(saleId),
  );
}
