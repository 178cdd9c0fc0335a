import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SeatDelta, ShowSnapshot } from '../../../shared/protocol/views';
import type { SubscribeRequest } from '../../../shared/protocol/schemas';
import { SEAT_STATUS, type SectionGeometry } from '../../../shared/venue';
import { ApiError } from '../api/api-error';
import { isAdmissionError } from '../queue/admission';
import { connectedApp } from '../test-support/connected-app';
import { ok, refusal, type FakeServer } from '../test-support/socket-pair';
import { buildVenueModel } from '../venue/venue-model';
import { LiveSeatFeed, type FeedAccess } from './live-seat-feed';
import { SEAT_STATUS_UNKNOWN } from './seat-state';
import { statusSignal } from './status-signal';

const SHOW = 'show-1';
const { FREE, HELD, SOLD } = SEAT_STATUS;
const UNKNOWN = SEAT_STATUS_UNKNOWN;
const RESYNC_BATCH_MS = 30;

// Two sections of four seats: section 0 holds seats 0-3, section 1 seats 4-7.
function section(id: number): SectionGeometry {
  const firstSeat = id * 4;
  return {
    id,
    name: `S${id}`,
    kind: 'lower',
    polygon: [0, 0, 4, 0, 4, 1],
    labelAt: [0, 0],
    firstSeat,
    seatCount: 4,
    rows: [{ label: 'A', firstSeat, count: 4 }],
    seats: {
      x: [0, 10, 20, 30],
      y: [0, 0, 0, 0],
      number: [1, 2, 3, 4],
      tier: [0, 0, 0, 0],
      flags: [0, 0, 0, 0],
    },
  };
}

const MODEL = buildVenueModel({
  id: 'venue',
  name: 'Venue',
  width: 10,
  height: 10,
  stage: { polygon: [], labelAt: [0, 0] },
  tiers: [{ code: 'A', name: 'A', colour: '#000' }],
  sections: [section(0), section(1)],
  seatCount: 8,
});

/** The show as the server keeps it: statuses and versions per section, and the deltas it publishes. */
class ShowOnServer {
  epoch = 1;
  readonly statuses: number[][] = [
    [FREE, HELD, FREE, FREE],
    [FREE, FREE, FREE, FREE],
  ];
  readonly versions = [5, 5];

  snapshot(sections: SubscribeRequest['sections']): ShowSnapshot {
    const ids = sections === 'all' ? [0, 1] : (sections ?? []);
    return {
      showId: SHOW,
      epoch: this.epoch,
      sections: ids.map((id) => ({
        sectionId: id,
        version: this.versions[id]!,
        statuses: this.statuses[id]!.join(''),
      })),
      available: [0, this.free(0), 1, this.free(1)],
    };
  }

  /** Changes one seat; returns the delta the publisher sends (the test delivers it, or loses it). */
  change(seat: number, status: number): SeatDelta {
    const sectionId = Math.floor(seat / 4);
    const base = this.versions[sectionId]!;
    this.versions[sectionId] = base + 1;
    this.statuses[sectionId]![seat % 4] = status;
    return {
      showId: SHOW,
      epoch: this.epoch,
      sectionId,
      base,
      version: base + 1,
      changes: [seat, status],
      free: this.free(sectionId),
    };
  }

  pulse() {
    return { showId: SHOW, epoch: this.epoch, versions: [0, this.versions[0]!, 1, this.versions[1]!] };
  }

  private free(sectionId: number): number {
    return this.statuses[sectionId]!.filter((status) => status === FREE).length;
  }
}

function setUp(access?: FeedAccess) {
  const app = connectedApp();
  const show = new ShowOnServer();
  app.server.answer('show:subscribe', (request) => ok(show.snapshot(request.sections)));
  app.server.answer('show:unsubscribe', () => ok(null));
  const feed = new LiveSeatFeed(app.connection, SHOW, MODEL, access);
  const subscriptions = () => app.server.commands('show:subscribe').map((sent) => sent.request.sections);
  return { ...app, show, feed, subscriptions };
}

/** A feed that has read its snapshot and is live. */
async function liveFeed(access?: FeedAccess) {
  const setup = setUp(access);
  setup.feed.start();
  await settle();
  return setup;
}

const settle = () => vi.advanceTimersByTimeAsync(0);
const shown = (feed: LiveSeatFeed) => [...feed.statuses];

function deliver(server: FakeServer, delta: SeatDelta): void {
  server.emit('seats:delta', delta);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveSeatFeed: reading and merging', () => {
  it('shows no seat as free until its snapshot, then the statuses and free counts', async () => {
    const { feed, subscriptions } = setUp();
    feed.start();
    expect(shown(feed)).toEqual(Array(8).fill(UNKNOWN));
    expect(feed.getSnapshot().status).toBe('syncing');
    await settle();
    expect(subscriptions()).toEqual(['all']);
    expect(shown(feed)).toEqual([FREE, HELD, FREE, FREE, FREE, FREE, FREE, FREE]);
    expect(feed.getSnapshot().status).toBe('live');
    expect(feed.getSnapshot().free).toEqual(
      new Map([
        [0, 3],
        [1, 4],
      ]),
    );
  });

  it('starts offline with the socket down, and reads everything once connected', async () => {
    const { server, feed, subscriptions } = setUp();
    server.drop();
    feed.start();
    expect(feed.getSnapshot().status).toBe('offline');
    server.accept();
    await settle();
    expect(subscriptions()).toEqual(['all']);
    expect(feed.getSnapshot().status).toBe('live');
  });

  it('applies deltas in order, ignoring duplicates and older ones', async () => {
    const { server, show, feed } = await liveFeed();
    const held = show.change(2, HELD);
    const freed = show.change(2, FREE);
    deliver(server, held);
    expect(feed.statuses[2]).toBe(HELD);
    deliver(server, freed);
    deliver(server, held); // late duplicate: must not hold the seat again
    expect(feed.statuses[2]).toBe(FREE);
  });

  it("applies a tick's batch of every changed section (seats:deltas)", async () => {
    const { server, show, feed } = await liveFeed();
    const deltas = [show.change(0, SOLD), show.change(5, HELD)].map(({ showId: _, ...delta }) => delta);
    server.emit('seats:deltas', { showId: SHOW, deltas });
    expect(shown(feed)).toEqual([SOLD, HELD, FREE, FREE, FREE, HELD, FREE, FREE]);
  });

  it('ignores messages about another show', async () => {
    const { server, show, feed } = await liveFeed();
    deliver(server, { ...show.change(2, SOLD), showId: 'show-2' });
    expect(feed.statuses[2]).toBe(FREE);
  });

  it('re-reads a section after a gap, RESYNC_BATCH_MS later, and the snapshot brings the lost change', async () => {
    const { server, show, feed, subscriptions } = await liveFeed();
    show.change(0, SOLD); // lost on the way
    deliver(server, show.change(3, HELD));
    await vi.advanceTimersByTimeAsync(RESYNC_BATCH_MS - 1);
    expect(subscriptions()).toEqual(['all']);
    await vi.advanceTimersByTimeAsync(1);
    expect(subscriptions()).toEqual(['all', [0]]);
    await settle();
    expect(shown(feed).slice(0, 4)).toEqual([SOLD, HELD, FREE, HELD]);
    expect(feed.getSnapshot().status).toBe('live');
  });

  it('replays a delta that arrives while its snapshot is on the way', async () => {
    const { server, show, feed } = setUp();
    server.answer('show:subscribe', () => undefined); // answered below, after a delta
    feed.start();
    await settle();
    const read = show.snapshot('all');
    deliver(server, show.change(6, SOLD)); // published after the server read the snapshot
    server.last('show:subscribe').reply(ok(read));
    await settle();
    expect(feed.statuses[6]).toBe(SOLD);
    expect(feed.getSnapshot().status).toBe('live');
  });

  it('re-reads a section a pulse shows it is behind, after a whole pulse interval', async () => {
    const { server, show, subscriptions } = await liveFeed();
    show.change(4, SOLD); // lost
    server.emit('seats:pulse', show.pulse()); // a delta may still be on its way
    await vi.advanceTimersByTimeAsync(RESYNC_BATCH_MS);
    expect(subscriptions()).toEqual(['all']);
    server.emit('seats:pulse', show.pulse());
    await vi.advanceTimersByTimeAsync(RESYNC_BATCH_MS);
    expect(subscriptions()).toEqual(['all', [1]]);
  });

  it('re-reads the sections the server says it lost (seats:resync)', async () => {
    const { server, subscriptions } = await liveFeed();
    server.emit('seats:resync', { showId: SHOW, sectionIds: [1] });
    await vi.advanceTimersByTimeAsync(RESYNC_BATCH_MS);
    expect(subscriptions()).toEqual(['all', [1]]);
  });

  it('re-reads everything under a new epoch (the inventory was rebuilt)', async () => {
    const { server, show, feed, subscriptions } = await liveFeed();
    show.epoch = 2;
    server.emit('show:availability', { showId: SHOW, epoch: 2, sections: [0, 3] });
    expect(feed.getSnapshot().status).toBe('syncing');
    await settle();
    expect(subscriptions()).toEqual(['all', 'all']);
    expect(feed.getSnapshot().status).toBe('live');
  });

  it('tries a failed read again after 2 s', async () => {
    const { server, feed, subscriptions } = setUp();
    server.answer('show:subscribe', () => refusal('SALE_UNAVAILABLE'));
    feed.start();
    await settle();
    server.answer('show:subscribe', (request) => ok(new ShowOnServer().snapshot(request.sections)));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(subscriptions()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(subscriptions()).toHaveLength(2);
    expect(feed.getSnapshot().status).toBe('live');
  });
});

describe('LiveSeatFeed: trust (D6)', () => {
  it('shows free seats as unknown while offline, and re-reads everything on reconnect', async () => {
    const { server, show, feed, subscriptions } = await liveFeed();
    server.drop();
    expect(feed.getSnapshot().status).toBe('offline');
    // Taken seats stay taken; free ones are no longer known to be free.
    expect(shown(feed)).toEqual([UNKNOWN, HELD, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]);
    show.change(0, SOLD); // while away
    server.accept();
    await settle();
    expect(subscriptions()).toEqual(['all', 'all']);
    expect(shown(feed)).toEqual([SOLD, HELD, FREE, FREE, FREE, FREE, FREE, FREE]);
    expect(feed.getSnapshot().status).toBe('live');
  });

  it('pauses after 2.5 s without a word about the show, and trusts again on the next pulse', async () => {
    const { server, show, feed } = await liveFeed();
    await vi.advanceTimersByTimeAsync(2_999); // checked every half pulse: the first check past 2.5 s
    expect(feed.getSnapshot().status).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(feed.getSnapshot().status).toBe('paused');
    expect(feed.statuses[0]).toBe(UNKNOWN);
    await vi.advanceTimersByTimeAsync(250); // counts reach React with its next refresh
    expect(feed.getSnapshot().free.size).toBe(0);
    server.emit('seats:pulse', show.pulse());
    expect(feed.getSnapshot().status).toBe('live');
    expect(feed.statuses[0]).toBe(FREE);
  });

  it("is not kept live by another show's messages", async () => {
    const { server, show, feed } = await liveFeed();
    for (let second = 0; second < 3; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      server.emit('seats:pulse', { ...show.pulse(), showId: 'show-2' });
    }
    expect(feed.getSnapshot().status).toBe('paused');
  });

  it('stays live while pulses keep coming', async () => {
    const { server, show, feed } = await liveFeed();
    for (let second = 0; second < 10; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      server.emit('seats:pulse', show.pulse());
      expect(feed.getSnapshot().status).toBe('live');
    }
  });
});

describe('LiveSeatFeed: admission', () => {
  it('prepares the connection (presents the admission) before every read', async () => {
    const order: string[] = [];
    const access: FeedAccess = {
      prepare: async () => void order.push('prepare'),
      refused: vi.fn(),
      isRefusal: isAdmissionError,
    };
    const { server, show, feed } = setUp(access);
    server.answer('show:subscribe', (request) => {
      order.push('subscribe');
      return ok(show.snapshot(request.sections));
    });
    feed.start();
    await settle();
    server.drop();
    server.accept();
    await settle();
    expect(order).toEqual(['prepare', 'subscribe', 'prepare', 'subscribe']);
  });

  it('says the admission is gone, and stops trying, when it cannot be presented', async () => {
    const refused = vi.fn<(error: ApiError) => void>();
    const access: FeedAccess = {
      prepare: () => Promise.reject(new ApiError('ADMISSION_EXPIRED')),
      refused,
      isRefusal: isAdmissionError,
    };
    const { feed, subscriptions } = setUp(access);
    feed.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refused).toHaveBeenCalledTimes(1);
    expect(refused.mock.calls[0]?.[0].code).toBe('ADMISSION_EXPIRED');
    expect(subscriptions()).toEqual([]);
  });

  it('says the admission is gone when the server refuses the read for it', async () => {
    const refused = vi.fn<(error: ApiError) => void>();
    const access: FeedAccess = { prepare: async () => undefined, refused, isRefusal: isAdmissionError };
    const { server, feed, subscriptions } = setUp(access);
    server.answer('show:subscribe', () => refusal('ADMISSION_REQUIRED'));
    feed.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refused.mock.calls.map(([error]) => error.code)).toEqual(['ADMISSION_REQUIRED']);
    expect(subscriptions()).toHaveLength(1);
  });
});

describe('LiveSeatFeed: listeners', () => {
  it('tells the canvas of every change at once, and React at most every 250 ms', async () => {
    const { server, show, feed } = await liveFeed();
    await vi.advanceTimersByTimeAsync(1_000);
    const canvas = vi.fn();
    statusSignal(feed.statuses).subscribe(canvas);
    const react = vi.fn();
    feed.subscribe(react);
    const revision = feed.getSnapshot().revision;
    deliver(server, show.change(0, HELD));
    deliver(server, show.change(1, FREE));
    deliver(server, show.change(4, SOLD));
    expect(canvas.mock.calls).toEqual([[[0]], [[0]], [[1]]]);
    await vi.advanceTimersByTimeAsync(0); // the first change after a quiet second goes out at once
    expect(react).toHaveBeenCalledTimes(1);
    deliver(server, show.change(5, SOLD));
    await vi.advanceTimersByTimeAsync(249);
    expect(react).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(react).toHaveBeenCalledTimes(2);
    expect(feed.getSnapshot().revision).toBe(revision + 2);
    expect(feed.getSnapshot().free).toEqual(
      new Map([
        [0, 3],
        [1, 2],
      ]),
    );
  });

  it('tells React at once when the connection drops', async () => {
    const { server, feed } = await liveFeed();
    const react = vi.fn();
    feed.subscribe(react);
    server.drop();
    expect(react).toHaveBeenCalled();
    expect(feed.getSnapshot().status).toBe('offline');
  });

  it('when stopped, leaves the section rooms and hears nothing more', async () => {
    const { server, show, feed } = await liveFeed();
    feed.stop();
    expect(server.last('show:unsubscribe').request).toEqual({ showId: SHOW, sections: 'all' });
    expect(server.socket.listenerCount('seats:delta')).toBe(0);
    expect(server.socket.listenerCount('seats:pulse')).toBe(0);
    const before = shown(feed);
    deliver(server, show.change(2, SOLD));
    server.drop();
    server.accept();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(shown(feed)).toEqual(before);
    expect(server.commands('show:subscribe')).toHaveLength(1);
  });
});
