import { describe, expect, it } from 'vitest';
import type { NodeVitals } from '../observability/node-vitals';
import { governedRate, nextHealthShare, servingLoad, type ClusterLoad } from './admission-governor';

const settings = { lagTargetMs: 200, busyTarget: 0.9, minShare: 0.1 };
const calm: ClusterLoad = { slowestLagMs: 50, busiest: 0.5 };

function reading(role: NodeVitals['role'], lagP99Ms: number, at: number, loopBusy?: number): NodeVitals {
  return {
    nodeId: `${role}-${lagP99Ms}-${loopBusy}`,
    role,
    pid: 1,
    ppid: 0,
    at,
    lagP50Ms: 0,
    lagP99Ms,
    lagMaxMs: lagP99Ms,
    ...(loopBusy !== undefined && { loopBusy }),
    rssBytes: 0,
    heapUsedBytes: 0,
    cpuMicros: 0,
  };
}

/** Shares over `seconds` steps of the same load, from `share`. */
function steps(share: number, load: ClusterLoad, seconds: number, governing = settings): number[] {
  const shares: number[] = [];
  for (let second = 0; second < seconds; second++)
    shares.push((share = nextHealthShare(share, load, governing)));
  return shares;
}

describe('[Q17] the admission governor', () => {
  it('cuts the share while a node is late, down to the least share, and grows it back when all are calm', () => {
    const cuts = steps(1, { slowestLagMs: 900, busiest: 0.5 }, 10);
    expect(cuts.slice(0, 3)).toEqual([0.7, 0.49, 0.343]);
    expect(Math.min(...cuts)).toBe(0.1);
    expect(cuts.at(-1)).toBe(0.1);

    // Between half the delay target and the target: held where it is (no see-saw at the edge).
    expect(nextHealthShare(0.343, { slowestLagMs: 150, busiest: 0.5 }, settings)).toBe(0.343);

    const growth = steps(0.1, calm, 12);
    expect(growth.slice(0, 3)).toEqual([0.2, 0.3, 0.4]);
    expect(growth.at(-1)).toBe(1);
  });

  it("cuts the share while a node's loop is busy past the target, even with a short delay", () => {
    expect(steps(1, { slowestLagMs: 20, busiest: 0.95 }, 3)).toEqual([0.7, 0.49, 0.343]);
    // Under the target but within the margin: held. Well under it: grown.
    expect(nextHealthShare(0.343, { slowestLagMs: 20, busiest: 0.8 }, settings)).toBe(0.343);
    expect(nextHealthShare(0.343, { slowestLagMs: 20, busiest: 0.7 }, settings)).toBe(0.443);
  });

  it('reads only the delay with a busy target of 0, and nothing with a delay target of 0', () => {
    const delayOnly = { ...settings, busyTarget: 0 };
    expect(nextHealthShare(0.5, { slowestLagMs: 20, busiest: 1 }, delayOnly)).toBe(0.6);
    expect(nextHealthShare(0.5, { slowestLagMs: 900, busiest: 0 }, delayOnly)).toBe(0.35);
    expect(nextHealthShare(0.3, { slowestLagMs: 5_000, busiest: 1 }, { ...settings, lagTargetMs: 0 })).toBe(
      1,
    );
  });

  it('reads the slowest and the busiest serving node, leaves out the primary and processes gone for 5 s', () => {
    const now = 100_000;
    expect(servingLoad([], now)).toBeUndefined();
    expect(servingLoad([reading('primary', 3_000, now, 1)], now)).toBeUndefined();
    expect(
      servingLoad(
        [reading('worker', 40, now, 0.8), reading('worker', 120, now, 0.3), reading('primary', 900, now, 1)],
        now,
      ),
    ).toEqual({ slowestLagMs: 120, busiest: 0.8 });
    // A reading 4.5 s old still counts with its own figures (its age is mostly its write's wait).
    expect(servingLoad([reading('worker', 40, now), reading('worker', 90, now - 4_500, 0.6)], now)).toEqual({
      slowestLagMs: 90,
      busiest: 0.6,
    });
    // One not heard of for 6 s has gone (killed before it could remove its entry): left out.
    expect(
      servingLoad([reading('worker', 40, now, 0.2), reading('worker', 10, now - 6_000, 0.99)], now),
    ).toEqual({
      slowestLagMs: 40,
      busiest: 0.2,
    });
  });

  it('admits whole fans a second, at least one', () => {
    expect(governedRate(120, 1)).toBe(120);
    expect(governedRate(120, 0.7)).toBe(84);
    expect(governedRate(5, 0.1)).toBe(1);
    expect(governedRate(90, 0.7)).toBe(63); // 62.99999999999999 in floating point
  });
});
