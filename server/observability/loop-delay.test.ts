import { describe, expect, it } from 'vitest';
import { startLoopDelayGauge } from './loop-delay';

describe('the event-loop delay gauge', () => {
  it('reads at least as late as its own reading came, even with no sample in the window', () => {
    let now = 1_000_000;
    const gauge = startLoopDelayGauge(1_000, () => now);
    // A turn of the loop that took 4 s: the reading due at +1 s came at +5 s, and no timer of the
    // histogram has run since it was reset.
    now += 5_000;
    const late = gauge.read();
    expect(late.p99Ms).toBeGreaterThanOrEqual(4_000);
    expect(late.maxMs).toBeGreaterThanOrEqual(4_000);
    // On time: only what the histogram saw (a few ms at most here), not the earlier lateness.
    now += 1_000;
    expect(gauge.read().p99Ms).toBeLessThan(1_000);
    gauge.stop();
  });
});
