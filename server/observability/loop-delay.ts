import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The event loop's delay over windows: read() gives the delay p99 since the previous read, ms.
 *
 * The histogram samples on a timer, once per turn of the loop at most: when turns take longer than
 * the window (an on-sale's turns took 5.5 s, docs/benchmarks.md, tenth sitting), a window can end
 * with no sample in it, and its p99 read 0 for a loop that was seconds late (run S's vitals).
 * So a reading is also at least how late it came itself, for a reader on a timer of `windowMs`.
 */
export interface LoopDelayGauge {
  read(): { p50Ms: number; p99Ms: number; maxMs: number };
  stop(): void;
}

export function startLoopDelayGauge(windowMs: number, clock: () => number = Date.now): LoopDelayGauge {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastReadAt = clock();
  return {
    read() {
      const now = clock();
      const lateMs = Math.max(0, now - lastReadAt - windowMs);
      lastReadAt = now;
      const sampled = delay.count > 0;
      const reading = {
        p50Ms: sampled ? delay.percentile(50) / 1e6 : lateMs,
        p99Ms: Math.max(lateMs, sampled ? delay.percentile(99) / 1e6 : 0),
        maxMs: Math.max(lateMs, sampled ? delay.max / 1e6 : 0),
      };
      delay.reset();
      return reading;
    },
    stop: () => delay.disable(),
  };
}
