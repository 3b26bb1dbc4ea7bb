import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Node's timers take at most 2³¹ − 1 ms; a longer delay silently becomes 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves at `deadline` (a `performance.now()` instant), never before: Node's timers run on the loop's cached clock
 * and can fire a fraction of a millisecond early as `performance.now()` sees it, so it loops until the deadline has
 * passed, in steps no timer overflows. Rejects with the signal's reason when `signal` aborts.
 */
export async function waitUntil(deadline: number, signal?: AbortSignal): Promise<void> {
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - performance.now();
    if (left <= 0) return;
    await sleep(Math.min(Math.ceil(left), MAX_TIMER_MS), undefined, signal ? { signal } : {});
  }
}
