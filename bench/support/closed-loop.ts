import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoopRun<T> {
  results: T[];
  failures: number;
  firstFailure?: string;
  /** The client's event-loop delay during the run, p99, ms. */
  loopDelayP99Ms: number;
  /** The client process's CPU time over the wall time of the run (1 = one core busy). */
  cpuShare: number;
  wallMs: number;
}

/**
 * Closed loop: `concurrency` workers each send a request as soon as their previous one is done, until `total` were
 * sent. Worker starts are spread over `staggerMs` so requests don't all keep the same phase.
 */
export async function closedLoop<T>(
  send: () => Promise<T>,
  concurrency: number,
  total: number,
  staggerMs: number,
): Promise<LoopRun<T>> {
  const results: T[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let started = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const begin = performance.now();
  const cpuBefore = process.cpuUsage();
  const worker = async (index: number) => {
    if (staggerMs > 0) await sleep((index * staggerMs) / concurrency);
    while (started < total) {
      started++;
      try {
        results.push(await send());
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const wallMs = performance.now() - begin;
  const cpu = process.cpuUsage(cpuBefore);
  delay.disable();
  const run: LoopRun<T> = {
    results,
    failures,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    wallMs,
  };
  if (firstFailure !== undefined) run.firstFailure = firstFailure;
  return run;
}
