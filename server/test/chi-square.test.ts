import { describe, expect, it } from 'vitest';
import { chiSquareIndependence, chiSquareUpperTail } from './support/chi-square';

describe('chi-square support', () => {
  it('gives the textbook upper-tail probabilities', () => {
    expect(chiSquareUpperTail(3.841458820694124, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareUpperTail(23.209251158954356, 10)).toBeCloseTo(0.01, 6);
    expect(chiSquareUpperTail(5, 2)).toBeCloseTo(Math.exp(-2.5), 10); // df 2 is exponential
    expect(chiSquareUpperTail(113.51241047036046, 81)).toBeCloseTo(0.01, 8);
    expect(chiSquareUpperTail(113.14527048, 81)).toBeCloseTo(0.010632863338852291, 10); // scipy.stats.chi2.sf
    expect(chiSquareUpperTail(0, 4)).toBe(1);
  });

  it('finds dependence when there is some, and none when there is none', () => {
    const dependent = Array.from({ length: 1000 }, (_, i) => [i % 10, i % 10] as const);
    expect(chiSquareIndependence(dependent, 10, 10).pValue).toBeLessThan(1e-10);
    const independent = Array.from({ length: 1000 }, (_, i) => [i % 10, Math.floor(i / 10) % 10] as const);
    const result = chiSquareIndependence(independent, 10, 10);
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.degreesOfFreedom).toBe(81);
  });
});
