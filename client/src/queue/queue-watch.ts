import type {
  AdmissionView,
  QueueCursor,
  QueueEntryView,
  QueueStatusView,
} from '../../../shared/protocol/views';
import { toApiError, type AnyErrorCode, type ApiError } from '../api/api-error';
import type { AppConnection, AppSocket } from '../api/socket';
import type { Admission } from './admission';
import type { AdmissionStore } from './admission-store';
import {
  expectedTurnAt,
  laterCursor,
  placeAfterShuffle,
  standingMayHaveChanged,
  turnCheckDelay,
} from './waiting-line';

/** Without a socket for this long, ask over HTTP instead (Socket.IO keeps trying meanwhile). */
const POLL_AFTER_DISCONNECT_MS = 5_000;
/** When polling, ask for one's own entry at least this often: it keeps the place (Q10). */
const ENTRY_REFRESH_MS = 20_000;
const MIN_POLL_MS = 1_000;
const MAX_POLL_MS = 60_000;
const RETRY_MS = 3_000;
/** An admission whose window ends sooner than this is not worth a token: ask again once it has. */
const MIN_WINDOW_LEFT_MS = 2_000;
/** Before the waiting room opens, try joining again at least this often. */
const NOT_OPEN_RETRY_MAX_MS = 60_000;
/** Joining cannot work: the sale is over, the account is full, or there is no such sale. */
const FINAL_ERRORS: ReadonlySet<AnyErrorCode> = new Set<AnyErrorCode>([
  'QUEUE_CLOSED',
  'LIMIT_EXCEEDED',
  'SALE_NOT_FOUND',
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'FORBIDDEN',
]);

/** The waiting room over HTTP, for a fan without a socket (api/sales.ts). */
export interface QueueHttp {
  fetchQueueStatus(saleId: string, place: number | null): Promise<QueueStatusView>;
  fetchMyQueueEntry(saleId: string): Promise<QueueEntryView>;
  joinQueueOverHttp(saleId: string): Promise<QueueEntryView>;
  leaveQueueOverHttp(saleId: string): Promise<void>;
  enterOverHttp(saleId: string): Promise<AdmissionView>;
}

/** What a watcher uses: the tab's connection and admissions, HTTP, and the server's clock. */
export interface QueueWatchServices {
  connection: AppConnection;
  admission: Pick<Admission, 'notePresented'>;
  admissionStore: Pick<AdmissionStore, 'get' | 'save' | 'clear'>;
  http: QueueHttp;
  serverNow: () => number;
}

/** Which fan, in which sale. */
export interface QueueWatchTarget {
  saleId: string;
  accountId: string;
  /** When the waiting room opens (epoch ms), to try joining again then. */
  opensAt: number;
}

export type QueueConnection = 'connecting' | 'connected' | 'reconnecting' | 'polling';

export interface QueueWatch {
  entry?: QueueEntryView;
  /** The latest "now serving" cursor, from broadcasts, entries or the status endpoint. */
  cursor?: QueueCursor;
  connection: QueueConnection;
  /** Local epoch ms of the latest news from the server. */
  updatedAt?: number;
  /** Why joining or asking failed; cleared by the next success. */
  error?: ApiError;
  /** Set once the fan has entered: the token for the shopping window. */
  admission?: AdmissionView;
  left: boolean;
}

/**
 * One fan's place in one sale's waiting room, kept up to date (docs/queue-spec.md Q1, Q8-Q13):
 * joins with `queue:join` (idempotent: a reload or another tab gets the same place), follows the
 * `queue:cursor` broadcasts, asks `queue:status` when a cursor may have changed its standing, when
 * the server says `queue:admitted`, and after every reconnect (which also puts the new socket back
 * in the queue room), and enters with `queue:enter` once admitted. Without a socket it polls the
 * cacheable status endpoint, as often as the server's pollAfterMs says, and its own entry over HTTP
 * (which keeps the place meanwhile). It may be stopped and started again (as React's StrictMode
 * does with effects); what it knows carries over.
 */
export class QueueWatcher {
  private state: QueueWatch;
  private readonly listeners = new Set<() => void>();
  private joined = false;
  private stopped = false;
  private asking = false;
  private askAgain = false;
  private entering = false;
  private lastEntryAt = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private turnTimer: ReturnType<typeof setTimeout> | undefined;
  /** Checks since the last cursor that found the turn not come yet. */
  private turnChecks = 0;

  private readonly saleId: string;
  private readonly accountId: string;
  private readonly opensAt: number;

  /** Opens nothing: the connection is used from start() on. */
  constructor(
    private readonly services: QueueWatchServices,
    { saleId, accountId, opensAt }: QueueWatchTarget,
  ) {
    this.saleId = saleId;
    this.accountId = accountId;
    this.opensAt = opensAt;
    this.state = {
      connection: 'connecting',
      admission: services.admissionStore.get(saleId)?.admission,
      left: false,
    };
  }

  private get socket(): AppSocket {
    return this.services.connection.socket();
  }

  start(): void {
    this.stopped = false;
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('queue:cursor', this.onCursor);
    this.socket.on('queue:admitted', this.onAdmitted);
    if (this.socket.connected) this.onConnect();
    else this.fallbackLater();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.fallbackTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.turnTimer);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('queue:cursor', this.onCursor);
    this.socket.off('queue:admitted', this.onAdmitted);
    // The socket stays in the queue room: it keeps the fan present while they look elsewhere (Q10).
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueWatch => this.state;

  /** Gives the place up (the server passes it as a no-show) and forgets any admission. */
  async leave(): Promise<void> {
    if (this.socket.connected) await this.services.connection.command('queue:leave', { saleId: this.saleId });
    else await this.services.http.leaveQueueOverHttp(this.saleId);
    this.services.admissionStore.clear(this.saleId);
    this.set({ left: true, admission: undefined });
    this.stop();
  }

  /** Asks again now (after an error the fan chose to retry). */
  retry(): void {
    void this.ask();
  }

  /** The shopping window is up: ask where the fan stands now (done, unless staff changed it). */
  windowOver(): void {
    const now = this.services.serverNow();
    this.askAfter((this.state.admission?.expiresAt ?? now) - now + 1_000);
  }

  private askAfter(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.ask(), Math.max(0, delayMs));
  }

  private readonly onConnect = () => {
    clearTimeout(this.fallbackTimer);
    clearTimeout(this.pollTimer);
    this.set({ connection: 'connected' });
    // A new socket is in no room: queue:status (or the first join) puts it back in the queue room.
    void this.ask();
  };

  private readonly onDisconnect = () => {
    this.set({ connection: 'reconnecting' });
    this.fallbackLater();
  };

  private readonly onCursor = (cursor: QueueCursor) => {
    if (cursor.saleId !== this.saleId) return;
    const latest = laterCursor(this.state.cursor, cursor);
    this.set({ cursor: latest, updatedAt: Date.now(), entry: this.withShuffledPlace(latest) });
    this.turnChecks = 0;
    if (this.state.entry && standingMayHaveChanged(this.state.entry, latest)) void this.ask();
    else this.planTurnCheck();
  };

  /** The pacer has just admitted this fan: ask for the entry (and so the token) now. [Q8] */
  private readonly onAdmitted = (notice: { saleId: string }) => {
    if (notice.saleId === this.saleId) void this.ask();
  };

  /** Between cursors, asks about the time the fan's turn should come (with backoff). [Q8] */
  private planTurnCheck(): void {
    clearTimeout(this.turnTimer);
    const { entry, cursor } = this.state;
    if (!entry || !cursor) return;
    const delay = turnCheckDelay(
      expectedTurnAt(entry, cursor),
      this.services.serverNow(),
      this.turnChecks,
      Math.random(),
    );
    if (delay === undefined) return;
    this.turnTimer = setTimeout(() => {
      this.turnChecks++;
      void this.ask();
    }, delay);
  }

  /** At the shuffle, the fan's place comes from the revealed seed, with no request. [Q5] */
  private withShuffledPlace(cursor: QueueCursor): QueueEntryView | undefined {
    const entry = this.state.entry;
    if (entry?.standing !== 'prequeue') return entry;
    const place = placeAfterShuffle(entry.arrival, cursor);
    return place === null ? entry : { ...entry, place, standing: 'waiting', cursor };
  }

  private fallbackLater(): void {
    clearTimeout(this.fallbackTimer);
    this.fallbackTimer = setTimeout(() => {
      if (this.stopped || this.socket.connected) return;
      this.set({ connection: 'polling' });
      void this.poll();
    }, POLL_AFTER_DISCONNECT_MS);
  }

  /** Joins, or asks where the fan stands; one request at a time, repeated if asked meanwhile. */
  private async ask(): Promise<void> {
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    this.asking = true;
    clearTimeout(this.retryTimer);
    try {
      do {
        this.askAgain = false;
        if (this.stopped || this.state.left) return;
        const entry = this.socket.connected ? await this.askSocket() : await this.askHttp();
        this.applyEntry(entry);
      } while (this.askAgain);
    } catch (caught) {
      this.failed(toApiError(caught));
    } finally {
      this.asking = false;
    }
  }

  private async askSocket(): Promise<QueueEntryView> {
    const { connection } = this.services;
    const request = { saleId: this.saleId };
    if (!this.joined) return connection.command('queue:join', request);
    try {
      return await connection.command('queue:status', request);
    } catch (caught) {
      // Not in this queue any more (its state was set up again from scratch): join anew.
      if (toApiError(caught).code !== 'NOT_IN_QUEUE') throw caught;
      return connection.command('queue:join', request);
    }
  }

  private async askHttp(): Promise<QueueEntryView> {
    try {
      return await this.services.http.fetchMyQueueEntry(this.saleId);
    } catch (caught) {
      if (toApiError(caught).code !== 'NOT_IN_QUEUE') throw caught;
      return this.services.http.joinQueueOverHttp(this.saleId);
    }
  }

  private applyEntry(entry: QueueEntryView): void {
    this.joined = true;
    this.lastEntryAt = Date.now();
    this.set({
      entry,
      cursor: laterCursor(this.state.cursor, entry.cursor),
      updatedAt: Date.now(),
      error: undefined,
    });
    this.planTurnCheck();
    if (entry.standing === 'admitted') {
      const left = (entry.windowEndsAt ?? Infinity) - this.services.serverNow();
      if (left >= MIN_WINDOW_LEFT_MS) void this.enter();
      else this.askAfter(left + 1_000);
    } else if (entry.standing === 'done' || entry.standing === 'missed') {
      // Nothing to shop with any more; a token kept from before would only be refused.
      this.services.admissionStore.clear(this.saleId);
      this.set({ admission: undefined });
    }
  }

  /** Gets the admission token once admitted (or reuses this tab's, while its window lasts). */
  private async enter(): Promise<void> {
    const { connection, admission: presentations, admissionStore, http } = this.services;
    const kept = admissionStore.get(this.saleId);
    if (kept && kept.accountId === this.accountId) {
      this.set({ admission: kept.admission });
      return;
    }
    if (this.entering) return;
    this.entering = true;
    try {
      const connected = this.socket.connected;
      const admission = connected
        ? await connection.command('queue:enter', { saleId: this.saleId })
        : await http.enterOverHttp(this.saleId);
      if (connected) presentations.notePresented(this.saleId, admission.token);
      admissionStore.save(this.accountId, admission);
      this.set({ admission });
    } catch (caught) {
      this.failed(toApiError(caught));
    } finally {
      this.entering = false;
    }
  }

  private failed(error: ApiError): void {
    if (this.stopped) return;
    this.set({ error });
    if (FINAL_ERRORS.has(error.code)) return;
    // Not open yet: try again when it opens. Anything else (a timeout, a restart): shortly.
    const delay =
      error.code === 'QUEUE_NOT_OPEN'
        ? Math.min(NOT_OPEN_RETRY_MAX_MS, Math.max(RETRY_MS, this.opensAt - this.services.serverNow() + 500))
        : RETRY_MS;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.state.connection !== 'polling') void this.ask(); // polling asks on its own schedule
    }, delay);
  }

  /** One round of polling: the cacheable cursor, then one's own entry when it may have changed. */
  private async poll(): Promise<void> {
    if (this.stopped || this.socket.connected) return;
    let delay = RETRY_MS;
    try {
      const place = this.state.entry?.place ?? null;
      const status = await this.services.http.fetchQueueStatus(this.saleId, place);
      if (this.stopped || this.socket.connected) return;
      const cursor = laterCursor(this.state.cursor, status);
      this.set({ cursor, updatedAt: Date.now() });
      const entry = this.state.entry;
      const entryDue =
        !entry || standingMayHaveChanged(entry, cursor) || Date.now() - this.lastEntryAt >= ENTRY_REFRESH_MS;
      const hopeless = this.state.error !== undefined && FINAL_ERRORS.has(this.state.error.code);
      if (entryDue && !hopeless) await this.ask();
      // The status was for another place (none before joining): ask with the right one soon.
      delay = (this.state.entry?.place ?? null) === place ? status.pollAfterMs : MIN_POLL_MS;
      // Before the shuffle, ask again just after it rather than up to a poll interval later.
      if (cursor.phase === 'prequeue')
        delay = Math.min(delay, Math.max(0, cursor.startsAt - this.services.serverNow()) + 1_000);
    } catch (caught) {
      this.set({ error: toApiError(caught) });
    }
    if (this.stopped || this.socket.connected) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, delay)));
  }

  private set(change: Partial<QueueWatch>): void {
    if (this.stopped) return;
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
