import { startLoopDelayGauge } from '../observability/loop-delay';

/**
 * Whether a worker turns new Socket.IO sessions away for now: its own event loop has been late by
 * more than SHED_HANDSHAKES_LAG_MS (p99 over the last window). A handshake costs a worker 2.4-5 ms
 * of CPU (docs/benchmarks.md); an overloaded worker that takes them anyway falls further behind,
 * its sockets miss their heartbeats and reconnect, and every reconnection is one more handshake:
 * the surge saw workers answer nothing for minutes that way (run Q, ninth sitting). A refusal costs
 * a read of the request line and a short answer; the fans it turns away come back after
 * Retry-After (socket.io-client retries with its own backoff), while the fans already connected,
 * the shoppers and their checkouts, keep the worker's time.
 */
export interface HandshakeShedder {
  /** True while new sessions are refused. */
  overloaded(): boolean;
  /** Seconds a refused client is asked to wait: spread, so that they do not all come back at once. */
  retryAfterSeconds(): number;
  stop(): void;
}

export interface ShedderOptions {
  /** Refuse while the loop's delay p99 over the last window is over this; 0: never refuse. */
  lagThresholdMs: number;
  /** How often the delay is read (and its window starts again). */
  windowMs?: number;
  /** The delay to judge by, ms: the loop's own by default (tests give their own). */
  readLagMs?: () => number;
  random?: () => number;
}

const WINDOW_MS = 500;
const RETRY_AFTER_MIN_S = 2;
const RETRY_AFTER_SPREAD_S = 4;

export function startHandshakeShedder(options: ShedderOptions): HandshakeShedder {
  const random = options.random ?? Math.random;
  const retryAfterSeconds = () => RETRY_AFTER_MIN_S + Math.floor(random() * (RETRY_AFTER_SPREAD_S + 1));
  if (options.lagThresholdMs <= 0) return { overloaded: () => false, retryAfterSeconds, stop() {} };

  const windowMs = options.windowMs ?? WINDOW_MS;
  const gauge = options.readLagMs ? { read: options.readLagMs, stop() {} } : ownLoopDelay(windowMs);
  let overloaded = false;
  const timer = setInterval(() => {
    overloaded = gauge.read() > options.lagThresholdMs;
  }, windowMs);
  timer.unref();
  return {
    overloaded: () => overloaded,
    retryAfterSeconds,
    stop() {
      clearInterval(timer);
      gauge.stop();
    },
  };
}

/** This process's event-loop delay p99 since the previous read, ms. */
function ownLoopDelay(windowMs: number): { read(): number; stop(): void } {
  const gauge = startLoopDelayGauge(windowMs);
  return { read: () => gauge.read().p99Ms, stop: () => gauge.stop() };
}
