import type { SessionState } from '../api/session';
import type { SessionSource } from '../api/socket';

/**
 * The fan's session as the connection sees it (api/session.ts's SessionStore without HTTP): the
 * test signs in and out, renews the token, and says what the next refresh renews it to.
 */
export class FakeSession implements SessionSource {
  /** How many times the session was refreshed. */
  refreshes = 0;
  /** The token the next refresh gives (it keeps the current one otherwise). */
  renewTo: string | undefined;
  private state: SessionState = { status: 'signedOut' };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SessionState => this.state;

  token(): string | null {
    return this.state.status === 'signedIn' ? this.state.token : null;
  }

  async refresh(): Promise<SessionState> {
    this.refreshes++;
    if (this.renewTo !== undefined && this.state.status === 'signedIn') {
      this.set({ ...this.state, token: this.renewTo });
    }
    this.renewTo = undefined;
    return this.state;
  }

  async freshToken(): Promise<string | null> {
    return this.token();
  }

  signIn(accountId: string, token: string): void {
    this.set({
      status: 'signedIn',
      token,
      expiresAt: Date.now() + 15 * 60_000,
      account: {
        id: accountId,
        email: `${accountId}@example.test`,
        displayName: accountId,
        language: 'en',
        phoneVerified: false,
      },
    });
  }

  /** The same account, a new token (a renewal ahead of expiry). */
  renew(token: string): void {
    if (this.state.status !== 'signedIn') throw new Error('not signed in');
    this.set({ ...this.state, token });
  }

  signOut(): void {
    this.set({ status: 'signedOut' });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
