import { describe, expect, it } from 'vitest';
import type { NodeVitals } from '../observability/node-vitals';
import { governedRate, nextHealthShare, startingShare, worstServingLag } from './admission-governor';

const settings = { lagTargetMs: 200, minShare: 0.1 };

function reading(role: NodeVitals['role'], lagP99Ms: number, at: number): NodeVitals {
  return {
    nodeId: `${role}-${lagP99Ms}`,
    role,
    pid: 1,
    ppid: 0,
    at,
    lagP50Ms: 0,
    lagP99Ms,
    lagMaxMs: lagP99Ms,
    rssBytes: 0,
    heapUsedBytes: 0,
    cpuMicros: 0,
  };
}

describe('[Q17] the admission governor', () => {
  it('cuts the share while a node is over the target, down to the least share, and grows it back under half', () => {
    let share = 1;
    const cuts: number[] = [];
    for (let second = 0; second < 10; second++) cuts.push((share = nextHealthShare(share, 900, settings)));
    expect(cuts.slice(0, 3)).toEqual([0.7, 0.49, 0.343]);
    expect(Math.min(...cuts)).toBe(0.1);
    expect(share).toBe(0.1);

    // Between half the target and the target: held where it is (no see-saw at the edge).
    expect(nextHealthShare(0.343, 150, settings)).toBe(0.343);

    const growth: number[] = [];
    for (let second = 0; second < 12; second++) growth.push((share = nextHealthShare(share, 50, settings)));
    expect(growth.slice(0, 3)).toEqual([0.2, 0.3, 0.4]);
    expect(share).toBe(1);
  });

  it('starts a sale at the least share, or at all of the rate without a governor', () => {
    expect(startingShare(settings)).toBe(0.1);
    expect(startingShare({ lagTargetMs: 0, minShare: 0.1 })).toBe(1);
    expect(startingShare(undefined)).toBe(1);
  });

  it('is off with a target of 0', () => {
    expect(nextHealthShare(0.3, 5_000, { lagTargetMs: 0, minShare: 0.1 })).toBe(1);
  });

  it('reads the slowest serving node, leaves out the primary and processes gone for 5 s', () => {
    const now = 100_000;
    expect(worstServingLag([], now)).toBeUndefined();
    expect(worstServingLag([reading('primary', 3_000, now)], now)).toBeUndefined();
    expect(
      worstServingLag(
        [reading('worker', 40, now), reading('worker', 120, now), reading('primary', 900, now)],
        now,
      ),
    ).toBe(120);
    // A reading 4.5 s old still counts with its own delay (its age is mostly its write's wait).
    expect(worstServingLag([reading('worker', 40, now), reading('worker', 90, now - 4_500)], now)).toBe(90);
    // One not heard of for 6 s has gone (killed before it could remove its entry): left out.
    expect(worstServingLag([reading('worker', 40, now), reading('worker', 10, now - 6_000)], now)).toBe(40);
  });

  it('admits whole fans a second, at least one', () => {
    expect(governedRate(120, 1)).toBe(120);
    expect(governedRate(120, 0.7)).toBe(84);
    expect(governedRate(5, 0.1)).toBe(1);
    expect(governedRate(90, 0.7)).toBe(63); // 62.99999999999999 in floating point
  });
});
