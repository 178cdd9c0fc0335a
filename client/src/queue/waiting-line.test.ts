import { describe, expect, it } from 'vitest';
import type { QueueCursor, QueueEntryView } from '../../../shared/protocol/views';
import { formatClock, formatUnitRange, intlLocaleOf } from '../../../shared/i18n/format';
import {
  etaDisplay,
  etaRange,
  laterCursor,
  peopleAhead,
  expectedTurnAt,
  placeAfterShuffle,
  queueProgress,
  standingMayHaveChanged,
  turnCheckDelay,
} from './waiting-line';
import { parseSeedHex, queuePermutation } from '../../../shared/queue-permutation';

const cursor = (change: Partial<QueueCursor> = {}): QueueCursor => ({
  saleId: 'aurora-bkk-2027',
  phase: 'live',
  nowServing: 0,
  admitRatePerSecond: 100,
  paused: false,
  soldOut: false,
  allSold: false,
  joined: 1_000,
  startsAt: 1_000_000,
  shuffle: null,
  at: 2_000_000,
  ...change,
});

const entry = (change: Partial<QueueEntryView> = {}): QueueEntryView => ({
  saleId: 'aurora-bkk-2027',
  arrival: 41,
  place: 500,
  standing: 'waiting',
  windowEndsAt: null,
  cursor: cursor(),
  ...change,
});

describe('peopleAhead', () => {
  it('[Q8] counts the places between the cursor and one’s own, never below zero', () => {
    expect(peopleAhead(500, 0)).toBe(499);
    expect(peopleAhead(500, 498)).toBe(1);
    expect(peopleAhead(500, 499)).toBe(0);
    expect(peopleAhead(500, 500)).toBe(0);
    expect(peopleAhead(500, 9_000)).toBe(0);
    expect(peopleAhead(1, 0)).toBe(0);
  });
});

describe('etaRange', () => {
  it('[Q8] spans the announced rate and 70% of it', () => {
    expect(etaRange(700, 10)).toEqual({ minSeconds: 70, maxSeconds: 100 });
    expect(etaRange(0, 10)).toEqual({ minSeconds: 0, maxSeconds: 0 });
  });

  it('gives no estimate without a rate', () => {
    expect(etaRange(700, 0)).toBeUndefined();
    expect(etaRange(700, Number.NaN)).toBeUndefined();
  });
});

describe('etaDisplay', () => {
  it('says "any moment" under a minute', () => {
    expect(etaDisplay({ minSeconds: 10, maxSeconds: 59 })).toEqual({ kind: 'soon' });
  });

  it('rounds minutes outwards, at least one', () => {
    expect(etaDisplay({ minSeconds: 40, maxSeconds: 61 })).toEqual({
      kind: 'range',
      unit: 'minute',
      low: 1,
      high: 2,
    });
    expect(etaDisplay({ minSeconds: 7 * 60, maxSeconds: 10 * 60 })).toEqual({
      kind: 'range',
      unit: 'minute',
      low: 7,
      high: 10,
    });
  });

  it('switches to half hours from 90 minutes', () => {
    expect(etaDisplay({ minSeconds: 70 * 60, maxSeconds: 100 * 60 })).toEqual({
      kind: 'range',
      unit: 'hour',
      low: 1,
      high: 2,
    });
    expect(etaDisplay({ minSeconds: 1_000, maxSeconds: 5_500 })).toEqual({
      kind: 'range',
      unit: 'hour',
      low: 0.5,
      high: 2,
    });
    expect(etaDisplay({ minSeconds: 7_920, maxSeconds: 11_160 })).toEqual({
      kind: 'range',
      unit: 'hour',
      low: 2,
      high: 3.5,
    });
  });
});

describe('queueProgress', () => {
  it('is the share of the fans ahead already dealt with', () => {
    expect(queueProgress(501, 0)).toBe(0);
    expect(queueProgress(501, 250)).toBe(0.5);
    expect(queueProgress(501, 500)).toBe(1);
    expect(queueProgress(501, 9_000)).toBe(1);
    expect(queueProgress(1, 0)).toBe(1);
  });
});

describe('laterCursor', () => {
  it('[Q8] never moves the fan back for a late or stale message', () => {
    const ahead = cursor({ nowServing: 300, at: 10 });
    expect(laterCursor(ahead, cursor({ nowServing: 200, at: 20 }))).toBe(ahead);
    expect(laterCursor(cursor({ phase: 'live', at: 10 }), cursor({ phase: 'prequeue', at: 20 })).phase).toBe(
      'live',
    );
    expect(laterCursor(undefined, ahead)).toBe(ahead);
  });

  it('takes the newer reading of the same position (a pause or a new rate)', () => {
    const paused = cursor({ nowServing: 300, paused: true, at: 20 });
    expect(laterCursor(cursor({ nowServing: 300, at: 10 }), paused)).toBe(paused);
    expect(laterCursor(paused, cursor({ nowServing: 300, at: 5 }))).toBe(paused);
  });
});

describe('standingMayHaveChanged', () => {
  it('asks once the cursor reaches the place, not before', () => {
    expect(standingMayHaveChanged(entry({ place: 500 }), cursor({ nowServing: 499 }))).toBe(false);
    expect(standingMayHaveChanged(entry({ place: 500 }), cursor({ nowServing: 500 }))).toBe(true);
  });

  it('asks for the place once the pre-queue has been shuffled', () => {
    const waiting = entry({ place: null, standing: 'prequeue' });
    expect(standingMayHaveChanged(waiting, cursor({ phase: 'prequeue' }))).toBe(false);
    expect(standingMayHaveChanged(waiting, cursor({ phase: 'live' }))).toBe(true);
  });

  it('has nothing to ask once admitted, done or missed', () => {
    for (const standing of ['admitted', 'done', 'missed'] as const) {
      expect(standingMayHaveChanged(entry({ standing }), cursor({ nowServing: 9_000 }))).toBe(false);
    }
  });
});

describe('formatting the wait', () => {
  it('shows ranges of minutes and hours in the fan’s language', () => {
    expect(formatUnitRange(3, 5, 'minute', 'en')).toBe('3–5 minutes');
    expect(formatUnitRange(1, 1, 'minute', 'en')).toBe('1 minute');
    expect(formatUnitRange(1.5, 2.5, 'hour', 'en')).toBe('1.5–2.5 hours');
    expect(formatUnitRange(3, 5, 'minute', intlLocaleOf('th'))).toContain('นาที');
  });

  it('counts down in h:mm:ss from an hour, m:ss below', () => {
    expect(formatClock(3 * 60_000)).toBe('3:00');
    expect(formatClock(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatClock(-1)).toBe('0:00');
  });
});

describe('placeAfterShuffle', () => {
  const seed = 'ab'.repeat(32);
  const shuffled = cursor({ shuffle: { seed, size: 500 } });

  it('computes a pre-queue fan’s place from the revealed seed, as the server does', () => {
    const permutation = queuePermutation(parseSeedHex(seed), 500);
    for (const arrival of [0, 1, 77, 499]) {
      expect(placeAfterShuffle(arrival, shuffled)).toBe(permutation.permute(arrival) + 1);
    }
  });

  it('puts later arrivals after the pre-queue in arrival order, and knows nothing before the shuffle', () => {
    expect(placeAfterShuffle(500, shuffled)).toBe(501);
    expect(placeAfterShuffle(731, shuffled)).toBe(732);
    expect(placeAfterShuffle(3, cursor({ phase: 'prequeue' }))).toBeNull();
    expect(placeAfterShuffle(3, cursor({ shuffle: { seed: 'not hex', size: 10 } }))).toBeNull();
  });
});

describe('checking one’s turn between cursors', () => {
  const waiting = entry({ standing: 'waiting', place: 1_100 });

  it('expects the turn when the cursor would reach the place at the advertised rate', () => {
    // 999 fans ahead at 100 a second: 9.99 s after the cursor was made.
    expect(expectedTurnAt(waiting, cursor({ nowServing: 100, at: 50_000 }))).toBe(59_990);
    expect(expectedTurnAt(waiting, cursor({ paused: true }))).toBeUndefined();
    // No seat free: nobody is admitted until one comes back, so no turn is expected.
    expect(expectedTurnAt(waiting, cursor({ soldOut: true }))).toBeUndefined();
    expect(expectedTurnAt(entry({ standing: 'admitted', place: 5 }), cursor())).toBeUndefined();
  });

  it('checks a moment after the expected time, backs off, and plans nothing far ahead', () => {
    expect(turnCheckDelay(10_000, 0, 0, 0)).toBe(11_000);
    expect(turnCheckDelay(10_000, 0, 0, 0.999)).toBeCloseTo(12_000, -1);
    expect(turnCheckDelay(0, 20_000, 1, 0)).toBe(2_000);
    expect(turnCheckDelay(0, 20_000, 3, 0)).toBe(8_000);
    expect(turnCheckDelay(0, 20_000, 10, 0)).toBe(15_000);
    expect(turnCheckDelay(120_000, 0, 0, 0)).toBeUndefined();
    expect(turnCheckDelay(undefined, 0, 0, 0)).toBeUndefined();
  });
});
