import type { AdmissionView, SessionView } from '../../../shared/protocol/views';
import type { WelcomeMessage } from '../../../shared/protocol/events';
import {
  ConnectFailure,
  DISCONNECTED,
  FanSocket,
  RECONNECTED,
  type DeferredEvent,
  type Reply,
} from '../wire/fan-socket';
import type { FanHttp, HttpCall } from '../wire/fan-http';
import type { Behaviour, CrowdSettings, FanPlan, SaleInfo } from './behaviour';
import type { ConnectGate } from './connect-gate';
import type { FanMetrics, Outcome } from './fan-metrics';
import { shopShow, type ShowOutcome } from './fan-shopping';
import { waitByPolling, waitOnSocket, type WaitResult } from './fan-waiting';
import type { Random } from './random';
import { FanGaveUp, type RunStop } from './run-stop';

export { FanGaveUp };

/**
 * One simulated fan, as a small state machine over the public protocol: arrive (sign up and sign
 * in, or a fixture session), open the page (socket), join the queue, wait on the cursor (or poll),
 * take the admission token, shop each wanted show (fan-shopping.ts), and close the tab. Choices come
 * from the fan's behaviour; everything it measures goes to the generator's FanMetrics.
 */

export interface FanIdentity {
  /** A fixture session (created in bulk with the deployment's secret). */
  token?: string;
  tokenExpiresAt?: number;
  /** A fan who signs up and signs in through the API. */
  email?: string;
  password?: string;
}

export interface FanEnvironment {
  sale: SaleInfo;
  crowd: CrowdSettings;
  socketUrl: string;
  http: FanHttp;
  /**
   * Checkouts and their orders, in a pool of their own: each fan has a browser, so a checkout never
   * waits behind other fans' requests (thousands of waitlist joins at a sell-out did, in run P).
   */
  shoppingHttp: FanHttp;
  metrics: FanMetrics;
  connectGate: ConnectGate;
  /** When the run stops, every pause and wait ends. */
  stop: RunStop;
  /** Server clock minus ours, ms (from the welcome message). */
  clockOffsetMs: { value: number };
}

const CONNECT_ATTEMPTS = 12;
const CONNECT_TIMEOUT_MS = 30_000;
export const COMMAND_TIMEOUT_MS = 30_000;
/** Refresh a session this long before it expires. */
const REFRESH_AHEAD_MS = 90_000;
/**
 * How long a fan waits before connecting again: as the server asked after a busy refusal, else
 * backing off from 250 ms to 10 s; randomised by half either way, as socket.io-client does.
 */
export function connectRetryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: number,
): number {
  return (retryAfterMs ?? Math.min(10_000, 250 * 2 ** attempt)) * (0.5 + random);
}

/** socket.io-client's first reconnection delay (randomised by half either way). */
const RECONNECT_DELAY_MS = 1_000;

export type EventListener = (event: string, payload: unknown) => void;
export type DeferredListener = (event: DeferredEvent, frame: Buffer) => void;

export class Fan {
  socket: FanSocket | undefined;
  token = '';
  private tokenExpiresAt = Number.POSITIVE_INFINITY;
  private renewing: Promise<string> | undefined;
  private reconnecting: Promise<void> | undefined;
  private tabClosed = false;
  private refreshCookie: string | undefined;
  private readonly errorsSeen = new Set<string>();
  readonly listeners = new Set<EventListener>();
  /** Listeners of frames kept raw until looked at (seat changes: see fan-map.ts). */
  readonly deferredListeners = new Set<DeferredListener>();
  admission: AdmissionView | undefined;
  /** Epoch ms the fan learned it was admitted. */
  admittedAt: number | undefined;
  private outcome: Outcome = 'unfinished';
  private readonly waitlisted = new Set<string>();
  /** The waitlist attempts, one after another (takeTheWaitlist). */
  private waitlistAttempts: Promise<void> = Promise.resolve();

  constructor(
    readonly index: number,
    readonly plan: FanPlan,
    readonly behaviour: Behaviour,
    readonly identity: FanIdentity,
    readonly env: FanEnvironment,
    readonly random: Random,
    /** The loopback address this fan's sockets connect from (the generator's share of them). */
    private readonly socketAddress?: string,
  ) {}

  get metrics(): FanMetrics {
    return this.env.metrics;
  }

  serverNow(): number {
    return Date.now() + this.env.clockOffsetMs.value;
  }

  async run(): Promise<Outcome> {
    try {
      await this.pauseUntil(this.env.sale.t0 + this.plan.connectAtMs);
      await this.signIn();
      if (!this.plan.waitsByPolling) await this.openSocket();
      await this.pauseUntil(this.env.sale.t0 + this.plan.joinAtMs);
      const waited = this.plan.waitsByPolling ? await waitByPolling(this) : await waitOnSocket(this);
      if (waited === 'admitted') await this.shop();
      else if (waited === 'sold-out') this.outcome = 'missedOut';
      else this.outcome = waitedOutcome(waited);
    } catch (error) {
      if (!this.env.stop.requested) this.noteError(error instanceof FanGaveUp ? error.code : 'FAN_CRASHED');
    } finally {
      this.closeTab();
      this.metrics.outcomes[this.outcome]++;
      this.metrics.counters.finished++;
    }
    return this.outcome;
  }

  /**
   * The fan joins the waitlists of the shows it wants, each until joined: one not open (seats came
   * back) is asked for again at the next call. `readFirst`: it reads a sold-out notice before
   * asking (not when its own map has just shown the show full). Calls run one after another, so a
   * notice heard during an attempt is not lost.
   */
  takeTheWaitlist(
    showIds: readonly string[] = this.plan.showIds,
    { readFirst = true }: { readFirst?: boolean } = {},
  ): Promise<void> {
    const attempt = this.waitlistAttempts.then(() => this.askForWaitlists(showIds, readFirst));
    this.waitlistAttempts = attempt.catch(() => undefined);
    return attempt;
  }

  private async askForWaitlists(showIds: readonly string[], readFirst: boolean): Promise<void> {
    const wanted = showIds.filter((showId) => !this.waitlisted.has(showId));
    if (wanted.length === 0) return;
    if (readFirst) await this.think('waitlist');
    for (const showId of wanted) {
      const reply = await this.timedHttp('waitlist', {
        method: 'POST',
        path: `/api/shows/${showId}/waitlist`,
        body: {},
      });
      if (!reply.ok) continue;
      // Fans on a waitlist are counted once, however many shows' lists they are on.
      if (this.waitlisted.size === 0) this.metrics.joinedWaitlist++;
      this.waitlisted.add(showId);
    }
  }

  private async shop(): Promise<void> {
    this.metrics.counters.admitted++;
    this.metrics.counters.shopping++;
    const results: ShowOutcome[] = [];
    try {
      for (const [i, showId] of this.plan.showIds.entries()) {
        if (i > 0) await this.think('next-show');
        const show = this.env.sale.shows.find((candidate) => candidate.id === showId);
        if (!show) continue;
        const result = await shopShow(this, show);
        results.push(result);
        if (result === 'abandoned' || result === 'admission-over') break;
      }
    } finally {
      this.metrics.counters.shopping--;
    }
    if (results.includes('bought')) this.outcome = 'gotTickets';
    else if (results.includes('abandoned')) this.outcome = 'abandoned';
    else if (results.includes('missed')) this.outcome = 'missedOut';
  }

  /**
   * Creates the fan's account through the API, as a fan does days before the sale (the surge runs
   * this for its API fans before T0 draws near).
   */
  async signUp(): Promise<boolean> {
    const { email, password } = this.identity;
    if (!email || !password) return true;
    const language = this.random.pick(['th', 'en', 'ko', 'ja', 'zh-Hans', 'vi', 'id'] as const);
    const signUp = await this.timedHttpExchange<SessionView>('signUp', {
      method: 'POST',
      path: '/api/auth/signup',
      body: { email, password, displayName: `Surge fan ${this.index}`, language },
    });
    return signUp.ok || signUp.error.code === 'EMAIL_TAKEN';
  }

  /** Signs in through the API on arriving, or takes the fixture session. */
  private async signIn(): Promise<void> {
    const { email, password, token } = this.identity;
    if (token) {
      this.token = token;
      this.tokenExpiresAt = this.identity.tokenExpiresAt ?? Number.POSITIVE_INFINITY;
      return;
    }
    if (!email || !password) throw new FanGaveUp('NO_IDENTITY');
    const signIn = await this.timedHttpExchange<SessionView>('signIn', {
      method: 'POST',
      path: '/api/auth/signin',
      body: { email, password },
    });
    if (!signIn.ok) throw new FanGaveUp(signIn.error.code);
    this.metrics.signedUpThroughApi++;
    this.acceptSession(signIn.data.data, signIn.data.cookies);
  }

  private acceptSession(session: SessionView, cookies: string[]): void {
    this.token = session.token;
    this.tokenExpiresAt = session.expiresAt;
    this.env.clockOffsetMs.value = session.serverTime - Date.now();
    const refresh = cookies
      .map((cookie) => cookie.split(';')[0] ?? '')
      .find((pair) => pair.startsWith('sr_refresh='));
    if (refresh) this.refreshCookie = refresh;
  }

  /**
   * Keeps an API fan's 15-minute session alive, as the web app does, on HTTP and on the socket.
   * One renewal at a time: each one rotates the refresh token, so a second at once would present
   * a spent one.
   */
  freshToken(): Promise<string> {
    const cookie = this.refreshCookie;
    if (!cookie || this.tokenExpiresAt - this.serverNow() > REFRESH_AHEAD_MS)
      return Promise.resolve(this.token);
    this.renewing ??= this.renewSession(cookie).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewSession(cookie: string): Promise<string> {
    const refreshed = await this.env.http.exchange<SessionView>({
      method: 'POST',
      path: '/api/auth/refresh',
      headers: { cookie },
    });
    if (!refreshed.ok) return this.token;
    this.acceptSession(refreshed.data.data, refreshed.data.cookies);
    if (this.socket?.connected) await this.command('auth:refresh', { token: this.token });
    return this.token;
  }

  /**
   * Opens the page's socket, retrying with backoff as socket.io-client does. A busy server's
   * refusal (503, Retry-After) is waited out and costs no attempt: a browser keeps trying.
   */
  async openSocket(): Promise<void> {
    for (let attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
      const release = await this.env.connectGate.acquire();
      const socket = new FanSocket({
        url: this.env.socketUrl,
        localAddress: this.socketAddress,
        auth: { token: await this.freshToken() },
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        onEvent: (event, payload) => this.onEvent(event, payload),
        onDeferred: (event, frame) => {
          for (const listener of this.deferredListeners) listener(event, frame);
        },
        onClose: (reason) => this.onSocketLost(socket, reason),
      });
      const started = performance.now();
      this.metrics.counters.connectAttempts++;
      let retryAfterMs: number | undefined;
      try {
        await socket.connect();
        if (this.tabClosed) {
          // The tab was closed while this reconnection was on its way.
          socket.close();
          return;
        }
        this.socket = socket;
        this.metrics.step('connect', performance.now() - started);
        this.noteConnected();
        return;
      } catch (error) {
        const failure = error instanceof ConnectFailure ? error : new ConnectFailure('CONNECT_FAILED', true);
        if (!failure.retryable) throw new FanGaveUp(failure.code);
        if (failure.retryAfterMs !== undefined) {
          this.metrics.counters.connectsShed++;
          if (this.env.stop.requested) throw new FanGaveUp(failure.code);
          attempt--;
        } else this.metrics.counters.connectFailures++;
        retryAfterMs = failure.retryAfterMs;
      } finally {
        release();
      }
      await this.pause(connectRetryDelayMs(attempt, retryAfterMs, this.random.next()));
    }
    throw new FanGaveUp('CONNECT_GAVE_UP');
  }

  private noteConnected(): void {
    const counters = this.metrics.counters;
    counters.connected++;
    counters.firstConnectedAt ??= Date.now();
    counters.lastConnectedAt = Date.now();
  }

  /**
   * The page's socket was lost: the fan sees "reconnecting" (the reason, the WebSocket close code,
   * counts among the errors it saw) and Socket.IO reconnects by itself.
   */
  private onSocketLost(socket: FanSocket, reason: string): void {
    if (this.socket !== socket) return;
    this.metrics.counters.connected--;
    this.metrics.counters.dropped++;
    this.noteError(`SOCKET_LOST_${reason}`);
    this.socket = undefined;
    // Socket.IO does not reconnect by itself after the server's own disconnect.
    if (!this.tabClosed && !this.env.stop.requested && reason !== 'SERVER_DISCONNECT')
      // A reconnection that fails for good is met again by the fan's next command.
      this.reconnect().catch((error: unknown) => {
        if (!(error instanceof FanGaveUp)) this.noteError('FAN_CRASHED');
      });
  }

  /**
   * Opens the socket again after a short randomised delay, as socket.io-client does, one attempt
   * at a time (a command issued meanwhile waits for it), presents the admission again, and tells
   * the listeners (RECONNECTED).
   */
  private reconnect(): Promise<void> {
    this.reconnecting ??= (async () => {
      // Again if the new socket dropped too before it was ready.
      do {
        if (this.tabClosed) throw new FanGaveUp('TAB_CLOSED');
        await this.pause(RECONNECT_DELAY_MS * (0.5 + this.random.next()));
        await this.openSocket();
        if (this.tabClosed) throw new FanGaveUp('TAB_CLOSED');
        await this.afterReconnect();
      } while (!this.socket?.connected);
      this.metrics.counters.reconnected++;
      for (const listener of this.listeners) listener(RECONNECTED, undefined);
    })().finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  /** Closes the tab: the socket goes without a goodbye, as a browser's does. */
  closeTab(): void {
    this.tabClosed = true;
    if (this.socket) {
      this.socket.close();
      this.socket = undefined;
      this.metrics.counters.connected--;
    }
  }

  private onEvent(event: string, payload: unknown): void {
    if (event === 'session:welcome') {
      this.env.clockOffsetMs.value = (payload as WelcomeMessage).serverTime - Date.now();
      return;
    }
    for (const listener of this.listeners) listener(event, payload);
  }

  /** A socket command; reconnects first if the socket was lost. Failures are noted as errors. */
  async command<T>(event: string, payload: unknown): Promise<Reply<T>> {
    if (!this.socket?.connected) await this.reconnect();
    // As the web app does before each command: a session about to lapse is renewed, on the socket
    // too (a fan can wait in line longer than the 15 minutes a session lasts).
    if (event !== 'auth:refresh') await this.freshToken();
    // (A socket lost again meanwhile answers DISCONNECTED, as socket.io-client's would.)
    const reply = this.socket ? await this.socket.ask<T>(event, payload, COMMAND_TIMEOUT_MS) : DISCONNECTED;
    if (!reply.ok) this.noteError(reply.error.code);
    return reply;
  }

  /** A reconnected socket is in no room and has no admission: present the token again. */
  private async afterReconnect(): Promise<void> {
    if (!this.admission || !this.socket) return;
    await this.socket.ask(
      'queue:admission',
      { saleId: this.env.sale.saleId, token: this.admission.token },
      COMMAND_TIMEOUT_MS,
    );
  }

  async timedCommand<T>(
    step: Parameters<FanMetrics['step']>[0],
    event: string,
    payload: unknown,
  ): Promise<Reply<T>> {
    const started = performance.now();
    const reply = await this.command<T>(event, payload);
    if (reply.ok) this.metrics.step(step, performance.now() - started);
    return reply;
  }

  async http<T>(call: HttpCall, pool: FanHttp = this.env.http): Promise<Reply<T>> {
    const reply = await pool.call<T>({ ...call, token: call.token ?? (await this.freshToken()) });
    if (!reply.ok) this.noteError(reply.error.code);
    return reply;
  }

  async timedHttp<T>(
    step: Parameters<FanMetrics['step']>[0],
    call: HttpCall,
    pool: FanHttp = this.env.http,
  ): Promise<Reply<T>> {
    const started = performance.now();
    const reply = await this.http<T>(call, pool);
    if (reply.ok) this.metrics.step(step, performance.now() - started);
    return reply;
  }

  private async timedHttpExchange<T>(step: Parameters<FanMetrics['step']>[0], call: HttpCall) {
    const started = performance.now();
    const reply = await this.env.http.exchange<T>(call);
    if (reply.ok) this.metrics.step(step, performance.now() - started);
    else this.noteError(reply.error.code);
    return reply;
  }

  noteError(code: string): void {
    const first = !this.errorsSeen.has(code);
    this.errorsSeen.add(code);
    this.metrics.error(code, first);
  }

  think(step: Parameters<Behaviour['thinkMs']>[0]): Promise<void> {
    return this.pause(this.behaviour.thinkMs(step, this.env.crowd, this.random));
  }

  /** Waits `ms`, or throws when the run stops. */
  async pause(ms: number): Promise<void> {
    if (ms > 0) await this.env.stop.sleep(ms);
    else if (this.env.stop.requested) throw new FanGaveUp('STOPPED');
  }

  pauseUntil(epochMs: number): Promise<void> {
    return this.pause(epochMs - Date.now());
  }
}

function waitedOutcome(waited: Exclude<WaitResult, 'admitted' | 'sold-out'>): Outcome {
  return waited === 'missed' ? 'missedOut' : 'unfinished';
}
