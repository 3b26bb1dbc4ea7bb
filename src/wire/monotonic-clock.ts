import { performance } from 'node:perf_hooks';

/**
 * CLOCK_MONOTONIC in ms: the same clock in every thread and process of the machine, so the stamping relay's thread
 * (and, in the benchmarks, a server in a child process) can compare timestamps with this one.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * `performance.now()` counts from this process's start on the same monotonic clock: the offset between the two is
 * a constant, taken here from the tightest of a few paired readings.
 */
export function performanceToMonotonicOffset(): number {
  let best = Number.POSITIVE_INFINITY;
  let offset = 0;
  for (let i = 0; i < 20; i++) {
    const before = performance.now();
    const mono = monotonicMs();
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      offset = mono - (before + after) / 2;
    }
  }
  return offset;
}
