import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AdmissionView,
  QueueCursor,
  QueueEntryView,
  QueueStatusView,
} from '../../../shared/protocol/views';
import { COMMAND_TIMEOUT_MS } from '../api/socket';
import { connectedApp } from '../test-support/connected-app';
import { ok, refusal } from '../test-support/socket-pair';
import type { StoredAdmission } from './admission-store';
import { QueueWatcher, type QueueHttp } from './queue-watch';

const SALE_ID = 'sale-1';
const PLACE = 42;

function cursor(overrides: Partial<QueueCursor> = {}): QueueCursor {
  return {
    saleId: SALE_ID,
    phase: 'live',
    nowServing: 0,
    // No rate: no turn check is planned between cursors unless a test asks for one.
    admitRatePerSecond: 0,
    paused: false,
    soldOut: false,
    allSold: false,
    joined: 100,
    startsAt: Date.now() - 60_000,
    shuffle: null,
    at: Date.now(),
    ...overrides,
  };
}

function entry(overrides: Partial<QueueEntryView> = {}): QueueEntryView {
  return {
    saleId: SALE_ID,
    arrival: PLACE - 1,
    place: PLACE,
    standing: 'waiting',
    windowEndsAt: null,
    cursor: cursor(),
    ...overrides,
  };
}

function admitted(windowMs = 600_000): QueueEntryView {
  return entry({ standing: 'admitted', windowEndsAt: Date.now() + windowMs });
}

function admissionView(token = 'token-a'): AdmissionView {
  return { saleId: SALE_ID, token, expiresAt: Date.now() + 600_000 };
}

function statusView(pollAfterMs: number, overrides: Partial<QueueCursor> = {}): QueueStatusView {
  return { ...cursor(overrides), pollAfterMs };
}

function setUp({ opensAt = Date.now() - 60_000 } = {}) {
  const app = connectedApp();
  const tokens = new Map<string, StoredAdmission>();
  const admissionStore = {
    tokens,
    get: (saleId: string) => tokens.get(saleId),
    save: (accountId: string, admission: AdmissionView) =>
      void tokens.set(admission.saleId, { accountId, admission }),
    clear: (saleId: string) => void tokens.delete(saleId),
  };
  const admission = { notePresented: vi.fn<(saleId: string, token: string) => void>() };
  const http = {
    fetchQueueStatus: vi.fn<QueueHttp['fetchQueueStatus']>(async () => statusView(5_000)),
    fetchMyQueueEntry: vi.fn<QueueHttp['fetchMyQueueEntry']>(async () => entry()),
    joinQueueOverHttp: vi.fn<QueueHttp['joinQueueOverHttp']>(async () => entry()),
    leaveQueueOverHttp: vi.fn<QueueHttp['leaveQueueOverHttp']>(async () => undefined),
    enterOverHttp: vi.fn<QueueHttp['enterOverHttp']>(async () => admissionView()),
  };
  const services = {
    connection: app.connection,
    admission,
    admissionStore,
    http,
    serverNow: () => Date.now(),
  };
  const watcher = new QueueWatcher(services, { saleId: SALE_ID, accountId: 'fan-1', opensAt });
  app.server.answer('queue:join', () => ok(entry()));
  app.server.answer('queue:status', () => ok(entry()));
  app.server.answer('queue:enter', () => ok(admissionView()));
  app.server.answer('queue:leave', () => ok(null));
  const count = (event: 'queue:join' | 'queue:status' | 'queue:enter') => app.server.commands(event).length;
  return { ...app, admissionStore, admission, http, watcher, count };
}

/** Lets answered commands and the work they start settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('QueueWatcher over the socket', () => {
  it('joins on start, and after a reconnect asks queue:status on the new socket', async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    expect(count('queue:join')).toBe(1);
    expect(watcher.getSnapshot()).toMatchObject({ connection: 'connected', entry: { place: PLACE } });
    server.drop();
    expect(watcher.getSnapshot().connection).toBe('reconnecting');
    server.accept();
    await settle();
    expect(count('queue:join')).toBe(1);
    expect(server.last('queue:status').socketId).toBe(server.socket.id);
    expect(watcher.getSnapshot().connection).toBe('connected');
  });

  it('joins anew when the server no longer knows the place (NOT_IN_QUEUE)', async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    server.answer('queue:status', () => refusal('NOT_IN_QUEUE'));
    server.drop();
    server.accept();
    await settle();
    expect(count('queue:join')).toBe(2);
    expect(watcher.getSnapshot().error).toBeUndefined();
  });

  it('follows cursor broadcasts of its sale and never moves back', async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    server.emit('queue:cursor', cursor({ nowServing: 10 }));
    server.emit('queue:cursor', cursor({ nowServing: 5 }));
    server.emit('queue:cursor', cursor({ saleId: 'sale-2', nowServing: 30 }));
    expect(watcher.getSnapshot().cursor?.nowServing).toBe(10);
    await settle();
    expect(count('queue:status')).toBe(0); // nothing reached the fan's place
  });

  it("asks where it stands once a cursor reaches the fan's place", async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    server.emit('queue:cursor', cursor({ nowServing: PLACE }));
    await settle();
    expect(count('queue:status')).toBe(1);
  });

  it('asks at once when the server says this fan is admitted', async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    server.emit('queue:admitted', { saleId: 'sale-2' });
    await settle();
    expect(count('queue:status')).toBe(0);
    server.emit('queue:admitted', { saleId: SALE_ID });
    await settle();
    expect(count('queue:status')).toBe(1);
  });

  it("works out its place at the shuffle from the cursor's seed, without asking", async () => {
    const { server, watcher, count } = setUp();
    server.answer('queue:join', () =>
      ok(entry({ standing: 'prequeue', place: null, cursor: cursor({ phase: 'prequeue' }) })),
    );
    watcher.start();
    await settle();
    // Arrivals past the shuffled pre-queue keep their order: place = arrival + 1 (Q7).
    server.emit('queue:cursor', cursor({ shuffle: { seed: 'ab'.repeat(32), size: 10 } }));
    await settle();
    expect(watcher.getSnapshot().entry).toMatchObject({ standing: 'waiting', place: PLACE });
    expect(count('queue:status')).toBe(0);
  });

  it('checks its turn around the time the rate says it comes, between cursors', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    // One fan ahead at one a second: expected in 1 s, checked half the first pause (2 s) later.
    server.emit('queue:cursor', cursor({ nowServing: PLACE - 2, admitRatePerSecond: 1 }));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(count('queue:status')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('queue:status')).toBe(1);
  });

  it('plans no turn check while admission is paused', async () => {
    const { server, watcher, count } = setUp();
    watcher.start();
    await settle();
    server.emit('queue:cursor', cursor({ nowServing: PLACE - 2, admitRatePerSecond: 1, paused: true }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(count('queue:status')).toBe(0);
  });
});

describe('QueueWatcher admission', () => {
  it('enters once admitted, keeps the token and notes this connection as admitted', async () => {
    const { server, watcher, admission, admissionStore, count } = setUp();
    watcher.start();
    await settle();
    server.answer('queue:status', () => ok(admitted()));
    server.emit('queue:admitted', { saleId: SALE_ID });
    await settle();
    expect(count('queue:enter')).toBe(1);
    expect(admissionStore.get(SALE_ID)).toEqual({ accountId: 'fan-1', admission: admissionView() });
    expect(admission.notePresented).toHaveBeenCalledWith(SALE_ID, 'token-a');
    expect(watcher.getSnapshot().admission).toEqual(admissionView());
  });

  it("reuses the tab's own token instead of entering again", async () => {
    const { server, watcher, admissionStore, count } = setUp();
    admissionStore.save('fan-1', admissionView('kept'));
    server.answer('queue:join', () => ok(admitted()));
    watcher.start();
    await settle();
    expect(count('queue:enter')).toBe(0);
    expect(watcher.getSnapshot().admission?.token).toBe('kept');
  });

  it('does not enter a window about to end, and asks again a second after it has', async () => {
    const { server, watcher, count } = setUp();
    server.answer('queue:join', () => ok(admitted(1_000)));
    watcher.start();
    await settle();
    expect(count('queue:enter')).toBe(0);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(count('queue:status')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('queue:status')).toBe(1);
  });

  it('forgets a kept token once the fan is done', async () => {
    const { server, watcher, admissionStore } = setUp();
    admissionStore.save('fan-1', admissionView('kept'));
    server.answer('queue:join', () => ok(entry({ standing: 'done' })));
    watcher.start();
    await settle();
    expect(admissionStore.get(SALE_ID)).toBeUndefined();
    expect(watcher.getSnapshot().admission).toBeUndefined();
  });
});

describe('QueueWatcher failures', () => {
  it('tries joining again when the waiting room opens (QUEUE_NOT_OPEN)', async () => {
    const { server, watcher, count } = setUp({ opensAt: Date.now() + 10_000 });
    server.answer('queue:join', () => refusal('QUEUE_NOT_OPEN'));
    watcher.start();
    await settle();
    expect(watcher.getSnapshot().error?.code).toBe('QUEUE_NOT_OPEN');
    server.answer('queue:join', () => ok(entry()));
    await vi.advanceTimersByTimeAsync(10_499);
    expect(count('queue:join')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('queue:join')).toBe(2);
    expect(watcher.getSnapshot()).toMatchObject({ error: undefined, entry: { place: PLACE } });
  });

  it('tries again shortly after a passing failure (no answer in time)', async () => {
    const { server, watcher, count } = setUp();
    server.answer('queue:join', () => undefined);
    watcher.start();
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS);
    expect(watcher.getSnapshot().error?.code).toBe('TIMEOUT');
    await vi.advanceTimersByTimeAsync(2_999);
    expect(count('queue:join')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count('queue:join')).toBe(2);
  });

  it('gives up on a final error until the fan retries', async () => {
    const { server, watcher, count } = setUp();
    server.answer('queue:join', () => refusal('QUEUE_CLOSED'));
    watcher.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(count('queue:join')).toBe(1);
    expect(watcher.getSnapshot().error?.code).toBe('QUEUE_CLOSED');
    watcher.retry();
    await settle();
    expect(count('queue:join')).toBe(2);
  });
});

describe('QueueWatcher without a socket', () => {
  it('polls the status endpoint once the socket has been gone for 5 s, as often as pollAfterMs says', async () => {
    const { server, watcher, http } = setUp();
    watcher.start();
    await settle();
    server.drop();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(http.fetchQueueStatus).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(watcher.getSnapshot().connection).toBe('polling');
    expect(http.fetchQueueStatus).toHaveBeenCalledWith(SALE_ID, PLACE);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(http.fetchQueueStatus).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(http.fetchQueueStatus).toHaveBeenCalledTimes(2);
    expect(http.fetchMyQueueEntry).not.toHaveBeenCalled(); // its place is not due yet
  });

  it('asks for its own entry over HTTP at least every 20 s while polling (it keeps the place)', async () => {
    const { server, watcher, http } = setUp();
    watcher.start();
    await settle();
    server.drop();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(http.fetchMyQueueEntry).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000); // the poll after the 20 s mark
    expect(http.fetchMyQueueEntry).toHaveBeenCalledTimes(1);
  });

  it('stops polling when the socket is back, and asks over it', async () => {
    const { server, watcher, http, count } = setUp();
    watcher.start();
    await settle();
    server.drop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(http.fetchQueueStatus).toHaveBeenCalledTimes(1);
    server.accept();
    await settle();
    expect(watcher.getSnapshot().connection).toBe('connected');
    expect(count('queue:status')).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(http.fetchQueueStatus).toHaveBeenCalledTimes(1);
  });

  it('never polls when the socket comes back within 5 s', async () => {
    const { server, watcher, http } = setUp();
    watcher.start();
    await settle();
    server.drop();
    await vi.advanceTimersByTimeAsync(4_000);
    server.accept();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(http.fetchQueueStatus).not.toHaveBeenCalled();
  });
});

describe('QueueWatcher leaving and stopping', () => {
  it('leaves: the place given up, the token forgotten, the socket let go', async () => {
    const { server, watcher, admissionStore } = setUp();
    watcher.start();
    await settle();
    admissionStore.save('fan-1', admissionView());
    await watcher.leave();
    expect(server.last('queue:leave').request).toEqual({ saleId: SALE_ID });
    expect(admissionStore.get(SALE_ID)).toBeUndefined();
    expect(watcher.getSnapshot().left).toBe(true);
    expect(server.socket.listenerCount('queue:cursor')).toBe(0);
  });

  it('leaves over HTTP without a socket', async () => {
    const { server, watcher, http } = setUp();
    watcher.start();
    await settle();
    server.drop();
    await watcher.leave();
    expect(http.leaveQueueOverHttp).toHaveBeenCalledWith(SALE_ID);
  });

  it("stopped and started again (React's StrictMode), listens once and carries on", async () => {
    const { server, watcher } = setUp();
    watcher.start();
    watcher.stop();
    watcher.start();
    await settle();
    expect(server.socket.listenerCount('queue:cursor')).toBe(1);
    expect(server.socket.listenerCount('connect')).toBe(2); // the connection's own and the watcher's
    server.emit('queue:cursor', cursor({ nowServing: 7 }));
    expect(watcher.getSnapshot()).toMatchObject({ entry: { place: PLACE }, cursor: { nowServing: 7 } });
  });

  it('once stopped, hears nothing and plans nothing', async () => {
    const { server, watcher, http, count } = setUp();
    watcher.start();
    await settle();
    watcher.stop();
    const before = watcher.getSnapshot();
    server.emit('queue:cursor', cursor({ nowServing: PLACE }));
    server.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(watcher.getSnapshot()).toBe(before);
    expect(count('queue:status')).toBe(0);
    expect(http.fetchQueueStatus).not.toHaveBeenCalled();
  });
});
