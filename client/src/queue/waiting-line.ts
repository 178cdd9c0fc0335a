import { parseSeedHex, queuePermutation, type QueuePermutation } from '../../../shared/queue-permutation';
import type { QueueCursor, QueueEntryView } from '../../../shared/protocol/views';

/**
 * Pure functions of the waiting line, as a fan's client sees it (docs/queue-spec.md Q8): the
 * server sends one "now serving" cursor to everyone; people ahead, the ETA range and the progress
 * are worked out here, from one's own place.
 */

/** The slow end of an ETA range assumes admissions at this share of the announced rate. */
export const ETA_SLOW_RATE_SHARE = 0.7;

/** Fans still to be dealt with before this place (the cursor has dealt with places up to nowServing). */
export function peopleAhead(place: number, nowServing: number): number {
  return Math.max(0, place - nowServing - 1);
}

export interface EtaRange {
  minSeconds: number;
  maxSeconds: number;
}

/**
 * Seconds until one's turn: at the announced rate, and at 70% of it. Undefined when nothing is
 * being admitted (no rate yet), since no honest estimate exists then.
 */
export function etaRange(ahead: number, admitRatePerSecond: number): EtaRange | undefined {
  if (!Number.isFinite(admitRatePerSecond) || admitRatePerSecond <= 0) return undefined;
  return {
    minSeconds: ahead / admitRatePerSecond,
    maxSeconds: ahead / (admitRatePerSecond * ETA_SLOW_RATE_SHARE),
  };
}

export type EtaUnit = 'minute' | 'hour';

/** An ETA range in words: "any moment", or low-high in one unit (minutes, or half hours past 90 min). */
export type EtaDisplay = { kind: 'soon' } | { kind: 'range'; unit: EtaUnit; low: number; high: number };

const SOON_S = 60;
const HOURS_FROM_S = 90 * 60;

export function etaDisplay(range: EtaRange): EtaDisplay {
  if (range.maxSeconds < SOON_S) return { kind: 'soon' };
  if (range.maxSeconds < HOURS_FROM_S) {
    const low = Math.max(1, Math.floor(range.minSeconds / 60));
    return { kind: 'range', unit: 'minute', low, high: Math.max(low, Math.ceil(range.maxSeconds / 60)) };
  }
  const halfHours = (seconds: number, round: (x: number) => number) => round(seconds / 1800) / 2;
  const low = Math.max(0.5, halfHours(range.minSeconds, Math.floor));
  return { kind: 'range', unit: 'hour', low, high: Math.max(low, halfHours(range.maxSeconds, Math.ceil)) };
}

/** Share of the fans ahead of this place (from the front of the line) already dealt with, 0 to 1. */
export function queueProgress(place: number, nowServing: number): number {
  if (place <= 1) return 1;
  return Math.min(1, Math.max(0, nowServing / (place - 1)));
}

const phaseRank = (cursor: QueueCursor) => (cursor.phase === 'live' ? 1 : 0);

/**
 * The later of two cursors. The cursor only moves forward (pre-queue, then live; nowServing never
 * drops), so a message that arrives late, or from a node that read Redis a moment earlier, cannot
 * move the fan back; for the same position the newer reading wins (rate or pause changed).
 */
export function laterCursor(current: QueueCursor | undefined, next: QueueCursor): QueueCursor {
  if (!current) return next;
  if (phaseRank(next) !== phaseRank(current)) return phaseRank(next) > phaseRank(current) ? next : current;
  if (next.nowServing !== current.nowServing) return next.nowServing > current.nowServing ? next : current;
  return next.at >= current.at ? next : current;
}

/**
 * The fan's place from the shuffle the cursor reveals (Q5, Q7): computed here, from the seed and
 * the fan's arrival number, exactly as the server computes it, so T0 needs no request per fan.
 * Null before the shuffle, or if the cursor's seed cannot be read (then ask the server).
 */
export function placeAfterShuffle(arrival: number, cursor: QueueCursor): number | null {
  const shuffle = cursor.phase === 'live' ? cursor.shuffle : null;
  if (!shuffle) return null;
  if (arrival >= shuffle.size) return arrival + 1;
  try {
    return permutationOf(shuffle.seed, shuffle.size).permute(arrival) + 1;
  } catch {
    return null;
  }
}

let lastPermutation: { key: string; permutation: QueuePermutation } | undefined;

function permutationOf(seed: string, size: number): QueuePermutation {
  const key = `${seed}:${size}`;
  if (lastPermutation?.key !== key) {
    lastPermutation = { key, permutation: queuePermutation(parseSeedHex(seed), size) };
  }
  return lastPermutation.permutation;
}

/**
 * Whether the fan's own standing may have changed with this cursor, so it is worth asking the
 * server: the shuffle has happened and the place is not known yet, or the cursor reached the place
 * (admitted, or passed as a no-show). No per-fan messages exist (Q8): this is how one learns.
 */
export function standingMayHaveChanged(entry: QueueEntryView, cursor: QueueCursor): boolean {
  if (entry.standing === 'prequeue') return cursor.phase === 'live';
  if (entry.standing !== 'waiting' || entry.place === null) return false;
  return cursor.nowServing >= entry.place;
}

/** Checks of one's own turn, between cursors: the first a moment after the expected time, then backing off. */
export const TURN_CHECK_FIRST_MS = 2_000;
export const TURN_CHECK_MAX_MS = 30_000;
/** Further ahead than this, the next cursor will say more: no check is planned. */
export const TURN_CHECK_HORIZON_MS = 60_000;

/**
 * Whether admission is held: paused by staff, or no seat is free (nobody is admitted to a full
 * map until one comes back). [Q8, Q12]
 */
export function admissionHeld(cursor: QueueCursor): boolean {
  return cursor.paused || cursor.soldOut;
}

/**
 * When (server clock, ms) the cursor should reach the fan's place if the queue moves at its
 * advertised rate from where the cursor was. In a large room the cursor comes only every few
 * seconds (Q8), so a fan near the front asks at about this time rather than waiting for the next
 * one. Undefined when not waiting, the place is unknown, or admission is held.
 */
export function expectedTurnAt(entry: QueueEntryView, cursor: QueueCursor): number | undefined {
  if (entry.standing !== 'waiting' || entry.place === null) return undefined;
  if (cursor.phase !== 'live' || admissionHeld(cursor) || cursor.admitRatePerSecond <= 0) return undefined;
  return cursor.at + (peopleAhead(entry.place, cursor.nowServing) / cursor.admitRatePerSecond) * 1000;
}

/**
 * How long to wait before checking one's turn: until the expected time plus a pause that doubles
 * with each check that found the turn not come yet (the pacer may run below its rate, under its
 * cap). `spread` in [0, 1) spreads fans' checks apart. Undefined: do not plan one.
 */
export function turnCheckDelay(
  expectedAt: number | undefined,
  now: number,
  checksSoFar: number,
  spread: number,
): number | undefined {
  if (expectedAt === undefined || expectedAt - now > TURN_CHECK_HORIZON_MS) return undefined;
  const pause = Math.min(TURN_CHECK_MAX_MS, TURN_CHECK_FIRST_MS * 2 ** checksSoFar);
  return Math.max(0, expectedAt - now) + pause * (0.5 + spread / 2);
}
