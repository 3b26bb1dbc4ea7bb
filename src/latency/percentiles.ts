import type { Distribution } from '../core/latency-report.ts';

/**
 * The p-th percentile (0–100) of ascending values by linear interpolation between closest ranks: numpy's default
 * (`method='linear'`), rank = p/100 × (n − 1).
 */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

/** n, min, max, mean and p50/p90/p95/p99 of the values; undefined when there are none. */
export function distribution(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const list = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const value of list) sum += value;
  return {
    n: list.length,
    min: list[0] as number,
    max: list[list.length - 1] as number,
    mean: sum / list.length,
    p50: percentileOfSorted(list, 50),
    p90: percentileOfSorted(list, 90),
    p95: percentileOfSorted(list, 95),
    p99: percentileOfSorted(list, 99),
  };
}
