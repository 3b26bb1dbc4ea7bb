import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the monitor samples the loop; its histogram counts this interval in every value, so it is taken off. */
export const EVENT_LOOP_RESOLUTION_MS = 10;
/**
 * A cell is flagged `skewed` when the loop's p99 delay (beyond the sampling interval) exceeds this: a chunk that
 * arrived while the loop was blocked that long was stamped up to that late, which is of the order of a fast
 * provider's inter-token latency.
 */
export const EVENT_LOOP_SKEW_MS = 20;

export interface EventLoopStats {
  p99Ms: number;
  maxMs: number;
  skewed: boolean;
}

export interface EventLoopWatch {
  stop(): EventLoopStats;
}

/** Watches the event loop's delay until `stop`. */
export function watchEventLoop(): EventLoopWatch {
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      if (histogram.count === 0) return { p99Ms: 0, maxMs: 0, skewed: false };
      const beyond = (ns: number) => Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS);
      const p99Ms = beyond(histogram.percentile(99));
      return { p99Ms, maxMs: beyond(histogram.max), skewed: p99Ms > EVENT_LOOP_SKEW_MS };
    },
  };
}
