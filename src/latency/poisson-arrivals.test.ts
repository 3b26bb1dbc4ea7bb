import { describe, expect, it } from 'vitest';
import { poissonArrivals, seededRandom } from './poisson-arrivals.ts';

describe('poissonArrivals', () => {
  it('starts at 0 and never goes back in time', () => {
    const times = poissonArrivals(50, 5, seededRandom(7));
    expect(times[0]).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
  });

  it('is the same schedule for the same seed, another for another seed', () => {
    expect(poissonArrivals(20, 5, seededRandom(1))).toEqual(poissonArrivals(20, 5, seededRandom(1)));
    expect(poissonArrivals(20, 5, seededRandom(1))).not.toEqual(poissonArrivals(20, 5, seededRandom(2)));
  });

  it('has exponential gaps with mean 1000 / rate ms (and a standard deviation as large)', () => {
    const times = poissonArrivals(20_001, 4, seededRandom(3));
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(250 * 0.97);
    expect(mean).toBeLessThan(250 * 1.03);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => poissonArrivals(3, 0, seededRandom(1))).toThrow(RangeError);
  });
});
