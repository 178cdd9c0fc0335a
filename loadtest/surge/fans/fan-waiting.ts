import type {
  AdmissionView,
  QueueCursor,
  QueueEntryView,
  QueueStatusView,
} from '../../../shared/protocol/views';
import {
  expectedTurnAt,
  laterCursor,
  placeAfterShuffle,
  standingMayHaveChanged,
  turnCheckDelay,
} from '../../../client/src/queue/waiting-line';
import type { Fan } from './fan';
import { RECONNECTED } from '../wire/fan-socket';
import { FanGaveUp } from './run-stop';

/**
 * Waiting in the queue as the web app does (client/src/queue/queue-watch.ts, whose rules these
 * share: docs/queue-spec.md Q5, Q8-Q10): join, follow the cursor, compute the place from the
 * revealed seed at T0, ask for one's own entry only when the cursor may have changed it (and between
 * sparse cursors, near the expected turn), and take the admission token once admitted. Fans
 * without a socket poll the cacheable status endpoint at the pace it asks for.
 */

/** sold-out: the cursor said every show is sold out before the fan's turn came. */
export type WaitResult = 'admitted' | 'done' | 'missed' | 'sold-out' | 'gave-up';

const RETRY_MS = 3_000;
const JOIN_ATTEMPTS = 20;
/** Codes after which joining again cannot help. */
const FINAL_CODES = new Set([
  'QUEUE_CLOSED',
  'LIMIT_EXCEEDED',
  'SALE_NOT_FOUND',
  'AUTH_INVALID',
  'FORBIDDEN',
]);
const ENTRY_REFRESH_MS = 20_000;
const MIN_POLL_MS = 1_000;
const MAX_POLL_MS = 60_000;
/** A window ending sooner than this is not worth a token. */
const MIN_WINDOW_LEFT_MS = 2_000;

/** The fan's standing, as it last knew it; resolves its wait once the standing is final. */
class Standing {
  entry: QueueEntryView | undefined;
  cursor: QueueCursor | undefined;
  joinedAt = Date.now();
  private lastSoldOut = false;
  /** The fan's last attempt at the waitlist, if any: a fan leaving waits for it. */
  private waitlist: Promise<void> = Promise.resolve();
  private settle: ((result: WaitResult) => void) | undefined;
  readonly settled: Promise<WaitResult>;

  constructor(private readonly fan: Fan) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  apply(entry: QueueEntryView): void {
    this.entry = entry;
    this.cursor = this.cursor ? laterCursor(this.cursor, entry.cursor) : entry.cursor;
    const left = (entry.windowEndsAt ?? Infinity) - this.fan.serverNow();
    if (entry.standing === 'admitted' && left >= MIN_WINDOW_LEFT_MS) this.finish('admitted');
    else if (entry.standing === 'done') this.finish('done');
    else if (entry.standing === 'missed') this.finish('missed');
  }

  /** A cursor heard: the place comes from the seed at the shuffle (no request). Returns whether to ask. */
  heard(cursor: QueueCursor): boolean {
    this.cursor = this.cursor ? laterCursor(this.cursor, cursor) : cursor;
    // The waiting room says no seat is free: the fan joins the waitlist (again each time it sells
    // out: a waitlist is not open while seats come back). Once every seat is sold for good, it
    // leaves or stays in line, as its plan says.
    const inLine = this.entry?.standing !== 'admitted';
    const soldOutNews = this.cursor.soldOut && !this.lastSoldOut;
    this.lastSoldOut = this.cursor.soldOut;
    if (soldOutNews && inLine)
      this.waitlist = this.fan.takeTheWaitlist().catch((error: unknown) => {
        if (!(error instanceof FanGaveUp)) this.fan.noteError('FAN_CRASHED');
      });
    if (this.cursor.allSold && inLine && !this.fan.plan.staysWhenSoldOut) {
      void this.waitlist.then(() => this.finish('sold-out'));
      return false;
    }
    const entry = this.entry;
    if (entry?.standing === 'prequeue') {
      const place = placeAfterShuffle(entry.arrival, this.cursor);
      if (place !== null) this.entry = { ...entry, place, standing: 'waiting', cursor: this.cursor };
    }
    return this.entry !== undefined && standingMayHaveChanged(this.entry, this.cursor);
  }

  finish(result: WaitResult): void {
    this.settle?.(result);
    this.settle = undefined;
  }

  get done(): boolean {
    return this.settle === undefined;
  }
}

/** Joins over the socket and waits on the cursor broadcasts. */
export async function waitOnSocket(fan: Fan): Promise<WaitResult> {
  const { saleId } = fan.env.sale;
  const standing = new Standing(fan);
  let asking = false;
  let askAgain = false;
  let turnChecks = 0;
  let turnTimer: NodeJS.Timeout | undefined;

  const ask = async (): Promise<void> => {
    if (standing.done) return;
    if (asking) return void (askAgain = true);
    asking = true;
    try {
      do {
        askAgain = false;
        const reply = await fan.command<QueueEntryView>('queue:status', { saleId });
        if (reply.ok) standing.apply(reply.data);
        else if (!standing.done) setTimeout(() => void ask(), RETRY_MS).unref();
      } while (askAgain && !standing.done);
    } catch (error) {
      // Asked from a timer or an event: a fan that cannot reconnect (its session refused) stops
      // waiting here, instead of the rejection taking the whole generator down.
      if (!(error instanceof FanGaveUp)) throw error;
      fan.noteError(error.code);
      standing.finish('gave-up');
      return;
    } finally {
      asking = false;
    }
    planTurnCheck();
  };
  const planTurnCheck = () => {
    clearTimeout(turnTimer);
    const { entry, cursor } = standing;
    if (standing.done || !entry || !cursor) return;
    const expected = expectedTurnAt(entry, cursor);
    const delay = turnCheckDelay(expected, fan.serverNow(), turnChecks, fan.random.next());
    if (delay === undefined) return;
    turnTimer = setTimeout(() => {
      turnChecks++;
      void ask();
    }, delay);
  };
  const listener = (event: string, payload: unknown) => {
    if (standing.done) return;
    if (event === 'queue:cursor') {
      const cursor = payload as QueueCursor;
      if (cursor.saleId !== saleId) return;
      turnChecks = 0;
      if (standing.heard(cursor)) void ask();
      else planTurnCheck();
    } else if (event === 'queue:admitted' && (payload as { saleId?: string }).saleId === saleId) {
      void ask();
    } else if (event === RECONNECTED) {
      // A new socket is in no room: asking puts it back in the queue room, which keeps the place. [Q10]
      void ask();
    }
  };

  fan.listeners.add(listener);
  try {
    const joined = await join(fan, () => fan.timedCommand<QueueEntryView>('join', 'queue:join', { saleId }));
    if (!joined) return 'gave-up';
    return await enterWhenAdmitted(fan, standing, joined, async () => {
      const reply = await fan.timedCommand<AdmissionView>('token', 'queue:enter', { saleId });
      return reply.ok ? reply.data : undefined;
    });
  } finally {
    clearTimeout(turnTimer);
    fan.listeners.delete(listener);
  }
}

/** Joins over HTTP and polls the cacheable status endpoint; opens a socket only once admitted. */
export async function waitByPolling(fan: Fan): Promise<WaitResult> {
  const { saleId } = fan.env.sale;
  const base = `/api/sales/${saleId}`;
  const standing = new Standing(fan);
  const joined = await join(fan, () =>
    fan.timedHttp<QueueEntryView>('join', { method: 'POST', path: `${base}/queue` }),
  );
  if (!joined) return 'gave-up';

  const poll = async () => {
    let lastEntryAt = Date.now();
    while (!standing.done) {
      const place = standing.entry?.place ?? null;
      const path = `${base}/queue/status${place === null ? '' : `?place=${place}`}`;
      const status = await fan.timedHttp<QueueStatusView>('poll', { method: 'GET', path, token: '' });
      let delay = RETRY_MS;
      if (status.ok) {
        const mayHaveChanged = standing.heard(status.data);
        if (mayHaveChanged || Date.now() - lastEntryAt >= ENTRY_REFRESH_MS) {
          const entry = await fan.http<QueueEntryView>({ method: 'GET', path: `${base}/queue/me` });
          if (entry.ok) standing.apply(entry.data);
          lastEntryAt = Date.now();
        }
        delay = status.data.pollAfterMs;
        if (standing.cursor?.phase === 'prequeue')
          delay = Math.min(delay, Math.max(0, fan.env.sale.t0 - fan.serverNow()) + MIN_POLL_MS);
      }
      if (!standing.done) await fan.pause(Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, delay)));
    }
  };
  return enterWhenAdmitted(
    fan,
    standing,
    joined,
    async () => {
      const reply = await fan.timedHttp<AdmissionView>('token', {
        method: 'POST',
        path: `${base}/admission`,
      });
      if (!reply.ok) return undefined;
      // The map needs a socket: open it now and present the token got over HTTP (Q13). Asking for
      // the entry puts the socket in the queue room, which keeps the shopper present (Q10, Q14).
      await fan.openSocket();
      const presented = await fan.command<AdmissionView>('queue:admission', {
        saleId,
        token: reply.data.token,
      });
      if (!presented.ok) return undefined;
      await fan.command<QueueEntryView>('queue:status', { saleId });
      return reply.data;
    },
    poll,
  );
}

/** Joins, retrying what may pass (not open yet, a restart); undefined when joining cannot work. */
async function join(
  fan: Fan,
  attempt: () => Promise<{ ok: true; data: QueueEntryView } | { ok: false; error: { code: string } }>,
) {
  fan.metrics.counters.inQueue++;
  for (let i = 0; i < JOIN_ATTEMPTS; i++) {
    const reply = await attempt();
    if (reply.ok) return reply.data;
    if (FINAL_CODES.has(reply.error.code)) break;
    await fan.pause(RETRY_MS * (0.5 + fan.random.next()));
  }
  fan.metrics.counters.inQueue--;
  return undefined;
}

async function enterWhenAdmitted(
  fan: Fan,
  standing: Standing,
  joined: QueueEntryView,
  enter: () => Promise<AdmissionView | undefined>,
  background?: () => Promise<void>,
): Promise<WaitResult> {
  // Pre-queue fans start waiting at T0, when the shuffle gives them a place.
  standing.joinedAt = Math.max(Date.now(), fan.env.sale.t0);
  standing.apply(joined);
  try {
    void background?.().catch(() => standing.finish('gave-up'));
    const result = await Promise.race([standing.settled, fan.env.stop.whenStopped()]);
    if (result !== 'admitted') return result;
  } finally {
    standing.finish('gave-up');
    fan.metrics.counters.inQueue--;
  }
  fan.admittedAt = Date.now();
  fan.metrics.duration('timeInQueue', fan.admittedAt - standing.joinedAt);
  const admission = await enter();
  if (!admission) return 'gave-up';
  fan.admission = admission;
  return 'admitted';
}
