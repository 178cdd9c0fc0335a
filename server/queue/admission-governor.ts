import type { NodeVitals } from '../observability/node-vitals';

/**
 * Admission follows the cluster's health [Q17]. Past saturation more shoppers do not buy more
 * seats: every node's event loop turns slower, answers time out, heartbeats are missed, sockets
 * drop and come back as retries, and the sale collapses instead of slowing down (docs/benchmarks.md,
 * the full surge). So the pacer admits a share of the sale's rate, set once a second from the
 * serving nodes' load, as TCP sets its window: cut while a node is saturated, grown back step by
 * step while every node has room.
 *
 * Saturated is read two ways, as @fastify/under-pressure does: a loop busy nearly all the time
 * (the node has no room left, whatever else the machine runs), or a delay long enough for fans to
 * feel (the node is starved, whatever its cause). The delay alone misleads where nodes share cores
 * with other processes: it counts the time a process waits for a core, so a crowd of idle sockets
 * and its load generators kept it over a quarter-second target with the workers' loops a third
 * idle, and admission at a tenth of the rate for a whole sale (docs/benchmarks.md).
 */

export interface GovernorSettings {
  /**
   * Event-loop delay (p99 over a second) of the slowest serving node to admit under; 0: no
   * governor at all.
   */
  lagTargetMs: number;
  /** Share of its time the busiest serving node's loop may work (0-1) before admission is cut; 0: not read. */
  busyTarget: number;
  /** The least share of the sale's rate admitted however loaded the nodes are, so the sale moves. */
  minShare: number;
}

/** The serving nodes' load, as the governor reads it from their vitals. */
export interface ClusterLoad {
  /** The slowest node's event-loop delay, p99 over its last second, ms. */
  slowestLagMs: number;
  /** The busiest node's event-loop utilization over its last second (0-1). */
  busiest: number;
}

/** Multiplicative decrease while a node is over the target. */
const DECREASE = 0.7;
/** Additive increase while every node is under half the delay target and well under the busy one. */
const INCREASE = 0.1;
/** How far under the busy target every loop must be for the share to grow (hysteresis). */
const BUSY_MARGIN = 0.15;
/**
 * A reading older than this is a process that is gone (killed before it could remove its entry),
 * not a slow one: it is left out rather than cutting admission for a node that no longer serves.
 * A reading's age says little more: under load it is mostly the time its write waited behind the
 * node's other Redis commands (1-2.5 s in the full surge, with event-loop delays of 50-700 ms),
 * and a loop stuck for seconds reports the delay itself in its next reading.
 */
const GONE_AFTER_MS = 5_000;

/** The share of the sale's rate to admit next, from the share now and the serving nodes' load. */
export function nextHealthShare(share: number, load: ClusterLoad, settings: GovernorSettings): number {
  if (settings.lagTargetMs <= 0) return 1;
  const busyRead = settings.busyTarget > 0;
  const saturated =
    load.slowestLagMs > settings.lagTargetMs || (busyRead && load.busiest > settings.busyTarget);
  if (saturated) return round(Math.max(settings.minShare, share * DECREASE));
  const roomy =
    load.slowestLagMs <= settings.lagTargetMs / 2 &&
    (!busyRead || load.busiest <= settings.busyTarget - BUSY_MARGIN);
  if (roomy) return round(Math.min(1, share + INCREASE));
  return share;
}

/**
 * The load of the nodes serving fans (the cluster's primary only routes), or undefined without a
 * recent reading.
 */
export function servingLoad(vitals: readonly NodeVitals[], now = Date.now()): ClusterLoad | undefined {
  const serving = vitals.filter((reading) => reading.role !== 'primary' && now - reading.at < GONE_AFTER_MS);
  if (serving.length === 0) return undefined;
  return {
    slowestLagMs: Math.max(...serving.map((reading) => reading.lagP99Ms)),
    busiest: Math.max(...serving.map((reading) => reading.loopBusy ?? 0)),
  };
}

/** The rate admitted with a share of the sale's rate: whole fans a second, at least one. */
export function governedRate(ratePerSecond: number, share: number): number {
  // Rounded first: 90 x 0.7 is 62.99999999999999 in floating point.
  return Math.max(1, Math.floor(Math.round(ratePerSecond * share * 1000) / 1000));
}

function round(share: number): number {
  return Math.round(share * 1000) / 1000;
}
