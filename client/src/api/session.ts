import { useSyncExternalStore } from 'react';
import type { SignInRequest, SignUpRequest } from '../../../shared/protocol/schemas';
import type { AccountView, SessionView } from '../../../shared/protocol/views';
import { ApiError, toApiError } from './api-error';
import { noteServerTime, serverNow } from './clock';
import { requestJson, type RequestOptions } from './http';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; token: string; expiresAt: number; account: AccountView };

/** Refresh this long before the session token expires (server time). */
const REFRESH_AHEAD_MS = 60_000;
/** After a network failure while restoring, try again after this long. */
const RESTORE_RETRY_MS = 10_000;
const AUTH_FAILURES = new Set(['AUTH_REQUIRED', 'AUTH_INVALID', 'AUTH_EXPIRED']);
/**
 * Set while this browser has a refresh cookie (which script cannot see: it is httpOnly), so a fan
 * who never signed in does not cost the server a refresh request on every page load.
 */
const SESSION_HINT_KEY = 'seatrush.signed-in';

/**
 * The fan's session: a short-lived bearer token in memory, renewed through the httpOnly refresh
 * cookie (on page load, and ahead of expiry). Refresh tokens rotate on every use, so two tabs must
 * not refresh at once: a Web Lock serialises them, and one refresh is shared within a tab.
 */
export class SessionStore {
  private state: SessionState = { status: 'restoring' };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<SessionState> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SessionState => this.state;

  token(): string | null {
    return this.state.status === 'signedIn' ? this.state.token : null;
  }

  /** Restores the session from the refresh cookie (page load), or renews it. Never throws. */
  refresh(): Promise<SessionState> {
    this.inFlight ??= this.runRefresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  async signIn(request: SignInRequest): Promise<void> {
    const startedAt = Date.now();
    this.adopt(
      await requestJson<SessionView>('/api/auth/signin', { method: 'POST', body: request }),
      startedAt,
    );
  }

  async signUp(request: SignUpRequest): Promise<void> {
    const startedAt = Date.now();
    this.adopt(
      await requestJson<SessionView>('/api/auth/signup', { method: 'POST', body: request }),
      startedAt,
    );
  }

  async signOut(): Promise<void> {
    await requestJson('/api/auth/signout', { method: 'POST' }).catch(() => undefined);
    writeHint(false);
    this.set({ status: 'signedOut' });
  }

  /** A token valid for a while yet, renewing it first when it is about to expire. */
  async freshToken(): Promise<string | null> {
    if (this.state.status === 'restoring') await this.refresh();
    if (this.state.status === 'signedIn' && this.state.expiresAt - serverNow() < REFRESH_AHEAD_MS / 2) {
      await this.refresh();
    }
    return this.token();
  }

  /** JSON request as the signed-in fan; renews the token once if the server says it expired. */
  async authedJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const token = await this.freshToken();
    if (!token) throw new ApiError('AUTH_REQUIRED');
    try {
      return await requestJson<T>(path, { ...options, token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'AUTH_EXPIRED') throw error;
      const renewed = await this.refresh();
      if (renewed.status !== 'signedIn') throw error;
      return requestJson<T>(path, { ...options, token: renewed.token });
    }
  }

  /** The account as the server now has it (after a change such as its language). */
  updateAccount(account: AccountView): void {
    if (this.state.status === 'signedIn' && this.state.account.id === account.id)
      this.set({ ...this.state, account });
  }

  private async runRefresh(): Promise<SessionState> {
    if (this.state.status === 'restoring' && !readHint()) {
      this.set({ status: 'signedOut' });
      return this.state;
    }
    let startedAt = Date.now();
    const call = () => {
      startedAt = Date.now(); // after waiting for the lock: the round trip starts here
      return requestJson<SessionView>('/api/auth/refresh', { method: 'POST' });
    };
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const session = locks ? await locks.request('seatrush:session-refresh', call) : await call();
      this.adopt(session, startedAt);
    } catch (error) {
      const apiError = toApiError(error);
      if (AUTH_FAILURES.has(apiError.code)) {
        writeHint(false);
        this.set({ status: 'signedOut' });
      } else {
        // Offline, or the server is restarting: keep what we have and try again in the background.
        if (this.state.status === 'restoring') this.set({ status: 'signedOut' });
        this.schedule(RESTORE_RETRY_MS);
      }
    }
    return this.state;
  }

  private adopt(session: SessionView, requestStartedAt: number): void {
    noteServerTime(session.serverTime, requestStartedAt);
    writeHint(true);
    this.set({
      status: 'signedIn',
      token: session.token,
      expiresAt: session.expiresAt,
      account: session.account,
    });
    this.schedule(session.expiresAt - serverNow() - REFRESH_AHEAD_MS);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), Math.max(1_000, delayMs));
  }

  private set(state: SessionState): void {
    if (state.status !== 'signedIn') clearTimeout(this.timer);
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function readHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    return true; // storage blocked: ask the server
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT_KEY, '1');
    else localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // Storage blocked: every load asks the server, which is correct, only slower.
  }
}

export const sessionStore = new SessionStore();

/** Timers sleep with the laptop; on waking, renew at once if the token is about to lapse. */
if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    const state = sessionStore.getState();
    if (document.visibilityState === 'visible' && state.status === 'signedIn') {
      if (state.expiresAt - serverNow() < REFRESH_AHEAD_MS) void sessionStore.refresh();
    }
  });
}

export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
}
