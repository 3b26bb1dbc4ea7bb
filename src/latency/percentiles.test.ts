import { describe, expect, it } from 'vitest';
import { distribution, percentileOfSorted } from './percentiles.ts';

describe('distribution', () => {
  it('is undefined for no values', () => {
    expect(distribution([])).toBeUndefined();
  });

  it('gives the single value for every statistic when n = 1', () => {
    expect(distribution([42])).toEqual({
      n: 1,
      min: 42,
      max: 42,
      mean: 42,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
    });
  });

  it('interpolates between the two values when n = 2', () => {
    const d = distribution([3, 1]);
    expect(d).toMatchObject({ n: 2, min: 1, max: 3, mean: 2, p50: 2 });
    // rank = p/100 × (n − 1): 0.9, 0.95, 0.99 of the way from 1 to 3
    expect(d?.p90).toBeCloseTo(2.8, 12);
    expect(d?.p95).toBeCloseTo(2.9, 12);
    expect(d?.p99).toBeCloseTo(2.98, 12);
  });

  it("matches numpy's linear method on five values", () => {
    // numpy.percentile([15, 20, 35, 40, 50], [50, 90, 95, 99]) → [35, 46, 48, 49.6]
    const d = distribution([50, 15, 40, 20, 35]);
    expect(d).toMatchObject({ n: 5, min: 15, max: 50, mean: 32, p50: 35 });
    expect(d?.p90).toBeCloseTo(46, 12);
    expect(d?.p95).toBeCloseTo(48, 12);
    expect(d?.p99).toBeCloseTo(49.6, 12);
  });

  it('sorts numerically, not as text', () => {
    expect(distribution([100, 9, 20])?.p50).toBe(20);
  });
});

describe('percentileOfSorted', () => {
  it('lands exactly on a value when the rank is whole, between two otherwise', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(percentileOfSorted([1, 2, 3, 4], 100)).toBe(4);
    expect(percentileOfSorted([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileOfSorted([10, 20, 30, 40, 50], 25)).toBe(20);
  });

  it('refuses an empty list and percentiles outside 0..100', () => {
    expect(() => percentileOfSorted([], 50)).toThrow(RangeError);
    expect(() => percentileOfSorted([1], 101)).toThrow(RangeError);
  });
});
