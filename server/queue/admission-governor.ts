import type { NodeVitals } from '../observability/node-vitals';

/**
 * Admission follows the cluster's health [Q17]. Past saturation more shoppers do not buy more
 * seats: every node's event loop turns slower, answers time out, heartbeats are missed, sockets
 * drop and come back as retries, and the sale collapses instead of slowing down (docs/benchmarks.md,
 * the full surge). So the pacer admits a share of the sale's rate, set once a second from the
 * serving nodes' event-loop delay, as TCP sets its window: cut while they are over the target,
 * grown back step by step while they are under it, so that it settles where the nodes answer in
 * about the target's delay.
 */

export interface GovernorSettings {
  /** Event-loop delay (p99 over a second) of the median serving node to admit under; 0: no governor. */
  lagTargetMs: number;
  /** The least share of the sale's rate admitted however loaded the nodes are, so the sale moves. */
  minShare: number;
}

/** Multiplicative decrease while the nodes are over the target. */
const DECREASE = 0.7;
/** Additive increase while they are under it. */
const INCREASE = 0.1;
/**
 * A reading older than this is a process that is gone (killed before it could remove its entry),
 * not a slow one: it is left out rather than cutting admission for a node that no longer serves.
 * A reading's age says little more: under load it is mostly the time its write waited behind the
 * node's other Redis commands (1-2.5 s in the full surge, with event-loop delays of 50-700 ms),
 * and a loop stuck for seconds reports the delay itself in its next reading.
 */
const GONE_AFTER_MS = 5_000;

/** The share of the sale's rate to admit next, from the share now and the serving nodes' delay. */
export function nextHealthShare(share: number, lagMs: number, settings: GovernorSettings): number {
  if (settings.lagTargetMs <= 0) return 1;
  if (lagMs > settings.lagTargetMs) return round(Math.max(settings.minShare, share * DECREASE));
  return round(Math.min(1, share + INCREASE));
}

/**
 * The event-loop delay (p99 over its last second) of the median node serving fans (the upper
 * median; the cluster's primary only routes), or undefined without a recent reading. Not the
 * slowest: admitted fans spread over every node, so fewer of them does not cure one node's garbage
 * collection or leader job, and in the full surge the slowest of six was over 250 ms nearly every
 * second whatever the admission, which held it at its least share while the median node answered in
 * half that (docs/benchmarks.md).
 */
export function servingLag(vitals: readonly NodeVitals[], now = Date.now()): number | undefined {
  const lags = vitals
    .filter((reading) => reading.role !== 'primary' && now - reading.at < GONE_AFTER_MS)
    .map((reading) => reading.lagP99Ms)
    .sort((a, b) => a - b);
  return lags[Math.floor(lags.length / 2)];
}

/** The rate admitted with a share of the sale's rate: whole fans a second, at least one. */
export function governedRate(ratePerSecond: number, share: number): number {
  // Rounded first: 90 x 0.7 is 62.99999999999999 in floating point.
  return Math.max(1, Math.floor(Math.round(ratePerSecond * share * 1000) / 1000));
}

function round(share: number): number {
  return Math.round(share * 1000) / 1000;
}
