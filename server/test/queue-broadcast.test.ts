import { describe, expect, it } from 'vitest';
import type { QueueCursor } from '../../shared/protocol/views';
import { broadcastDue } from '../queue/queue-pacer';

const options = { stepMs: 1000, broadcastFansPerSecond: 10_000 };
const cursor = (change: Partial<QueueCursor> = {}): QueueCursor => ({
  saleId: 's',
  phase: 'live',
  nowServing: 100,
  admitRatePerSecond: 500,
  paused: false,
  soldOut: false,
  allSold: false,
  joined: 5_000,
  startsAt: 0,
  shuffle: null,
  at: 0,
  ...change,
});
const sent = (change: Partial<QueueCursor>, at: number) => cursor({ ...change, at });

describe('[Q8] when the pacer broadcasts the cursor', () => {
  it('sends the first cursor, the shuffle and pauses at once', () => {
    expect(broadcastDue(undefined, cursor(), options, 0)).toBe(true);
    expect(broadcastDue(sent({ phase: 'prequeue' }, 0), cursor(), options, 10)).toBe(true);
    expect(broadcastDue(sent({}, 0), cursor({ paused: true }), options, 10)).toBe(true);
  });

  it('sends every seat sold, and seats put back on sale, at once', () => {
    const big = { joined: 100_100 };
    const allSold = { soldOut: true, allSold: true };
    expect(broadcastDue(sent(big, 0), cursor({ ...big, ...allSold }), options, 10)).toBe(true);
    expect(broadcastDue(sent({ ...big, ...allSold }, 0), cursor(big), options, 10)).toBe(true);
    expect(broadcastDue(sent(allSold, 0), cursor(allSold), options, 10)).toBe(false);
  });

  it('sends the last seats going into baskets, and coming back, as a moving cursor', () => {
    // A small room hears within the step; a large one within the budget, however often it flips.
    expect(broadcastDue(sent({}, 0), cursor({ soldOut: true }), options, 1_000)).toBe(true);
    expect(broadcastDue(sent({ soldOut: true }, 0), cursor(), options, 1_000)).toBe(true);
    expect(broadcastDue(sent({ soldOut: true }, 0), cursor({ soldOut: true }), options, 1_000)).toBe(false);
    const big = { joined: 100_100 };
    expect(broadcastDue(sent(big, 0), cursor({ ...big, soldOut: true }), options, 1_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), cursor({ ...big, soldOut: true }), options, 10_000)).toBe(true);
  });

  it('sends a moving cursor every step to a small room', () => {
    expect(broadcastDue(sent({}, 0), cursor({ nowServing: 150 }), options, 1_000)).toBe(true);
    expect(broadcastDue(sent({}, 0), cursor({ nowServing: 100 }), options, 1_000)).toBe(false);
  });

  it('spaces broadcasts to a large room to stay within the budget of messages a second', () => {
    const big = { joined: 100_100 }; // 100,000 waiting: one broadcast every 10 s at 10,000 a second
    expect(broadcastDue(sent(big, 0), cursor({ ...big, nowServing: 600 }), options, 1_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), cursor({ ...big, nowServing: 600 }), options, 9_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), cursor({ ...big, nowServing: 600 }), options, 10_000)).toBe(true);
  });

  it('sends a heartbeat when nothing moves', () => {
    expect(broadcastDue(sent({}, 0), cursor(), options, 29_000)).toBe(false);
    expect(broadcastDue(sent({}, 0), cursor(), options, 30_000)).toBe(true);
  });

  it('[Q17] shrinks the budget with the admission share while the nodes are late, to a quarter at most', () => {
    const big = { joined: 100_100 };
    const moved = cursor({ ...big, nowServing: 600 });
    const halved = { ...options, healthShare: 0.5 }; // 5,000 a second: every 20 s
    expect(broadcastDue(sent(big, 0), moved, halved, 10_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), moved, halved, 19_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), moved, halved, 20_000)).toBe(true);
    const floored = { ...options, healthShare: 0.1 }; // a quarter of the budget: every 40 s
    expect(broadcastDue(sent(big, 0), moved, floored, 39_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), moved, floored, 40_000)).toBe(true);
    // The heartbeat keeps to the budget too, and the sale selling out for good still goes out at once.
    expect(broadcastDue(sent(big, 0), cursor(big), floored, 30_000)).toBe(false);
    expect(broadcastDue(sent(big, 0), cursor(big), floored, 40_000)).toBe(true);
    expect(broadcastDue(sent(big, 0), cursor({ ...big, soldOut: true, allSold: true }), floored, 10)).toBe(
      true,
    );
  });
});
