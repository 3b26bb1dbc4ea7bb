import { distribution } from '../../src/latency/percentiles.ts';

/** The median of the values (the harness's own percentile), NaN when there are none: such a row prints as NaN. */
export function median(values: readonly number[]): number {
  return distribution(values)?.p50 ?? Number.NaN;
}
