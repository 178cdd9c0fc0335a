import type { NodeVitals } from '../observability/node-vitals';

/**
 * Admission follows the cluster's health [Q17]. Past saturation more shoppers do not buy more
 * seats: every node's event loop turns slower, answers time out, heartbeats are missed, sockets
 * drop and come back as retries, and the sale collapses instead of slowing down (docs/benchmarks.md,
 * the full surge). So the pacer admits a share of the sale's rate, set once a second from the
 * serving nodes' event-loop delay, as TCP sets its window: halved-ish while a node is over the
 * target, grown back step by step while every node is well under it.
 */

export interface GovernorSettings {
  /** Event-loop delay (p99 over a second) of the slowest serving node to admit under; 0: no governor. */
  lagTargetMs: number;
  /** The least share of the sale's rate admitted however loaded the nodes are, so the sale moves. */
  minShare: number;
}

/** Multiplicative decrease while a node is over the target. */
const DECREASE = 0.7;
/** Additive increase while every node is under half the target. */
const INCREASE = 0.1;
/**
 * A reading older than this is a process that is gone (killed before it could remove its entry),
 * not a slow one: it is left out rather than cutting admission for a node that no longer serves.
 * A reading's age says little more: under load it is mostly the time its write waited behind the
 * node's other Redis commands (1-2.5 s in the full surge, with event-loop delays of 50-700 ms),
 * and a loop stuck for seconds reports the delay itself in its next reading.
 */
const GONE_AFTER_MS = 5_000;

/**
 * The share a sale starts at, at T0: the least one, grown as the nodes keep up (as TCP starts slow),
 * since until the rush has run a few seconds their delay cannot show what it costs them; all of
 * the rate without a governor.
 */
export function startingShare(settings: GovernorSettings | undefined): number {
  return settings && settings.lagTargetMs > 0 ? settings.minShare : 1;
}

/** The share of the sale's rate to admit next, from the share now and the slowest node's delay. */
export function nextHealthShare(share: number, worstLagMs: number, settings: GovernorSettings): number {
  if (settings.lagTargetMs <= 0) return 1;
  if (worstLagMs > settings.lagTargetMs) return round(Math.max(settings.minShare, share * DECREASE));
  if (worstLagMs <= settings.lagTargetMs / 2) return round(Math.min(1, share + INCREASE));
  return share;
}

/**
 * The event-loop delay (p99 over its last second) of the slowest node serving fans (the cluster's
 * primary only routes), or undefined without a recent reading.
 */
export function worstServingLag(vitals: readonly NodeVitals[], now = Date.now()): number | undefined {
  const serving = vitals.filter((reading) => reading.role !== 'primary' && now - reading.at < GONE_AFTER_MS);
  if (serving.length === 0) return undefined;
  return Math.max(...serving.map((reading) => reading.lagP99Ms));
}

/** The rate admitted with a share of the sale's rate: whole fans a second, at least one. */
export function governedRate(ratePerSecond: number, share: number): number {
  // Rounded first: 90 x 0.7 is 62.99999999999999 in floating point.
  return Math.max(1, Math.floor(Math.round(ratePerSecond * share * 1000) / 1000));
}

function round(share: number): number {
  return Math.round(share * 1000) / 1000;
}
