import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import type { RequestSample } from '../core/latency-report.ts';
import { waitUntil } from '../core/wait-until.ts';
import { type EventLoopStats, type EventLoopWatch, watchEventLoop } from './event-loop-delay.ts';
import type { LoadLevel } from './load-level.ts';
import { poissonArrivals, seededRandom } from './poisson-arrivals.ts';

export interface CellRun {
  load: LoadLevel;
  /** Measured requests. */
  requests: number;
  /** Requests sent first, at the same load, and discarded. */
  warmup: number;
  /** Seeds the open loop's arrival schedule. */
  seed: number;
  /** Sends one request; never throws. Undefined: the request was cut short by the stop and measured nothing. */
  send: () => Promise<RequestSample | undefined>;
  /** After each measured request. */
  onSample?: (sample: RequestSample) => void;
  /** Stops sending; what finished is kept (`send` aborts what is in flight, with the same signal). */
  signal?: AbortSignal;
}

export interface CellOutcome {
  samples: RequestSample[];
  /** From the measured phase's first send to its last answer. */
  wallMs: number;
  eventLoop: EventLoopStats;
  aborted: boolean;
}

/** Whether the arrival time came before the run was aborted. */
function arrived(deadline: number, signal: AbortSignal | undefined): Promise<boolean> {
  return waitUntil(deadline, signal).then(
    () => true,
    () => false,
  );
}

/**
 * One provider × scenario × load cell, driven by tinybench: one tinybench iteration is one request, and the
 * warm-up phase (tinybench's own, `warmupIterations` exactly) is sent and thrown away. Closed loop at concurrency c
 * runs tinybench's task concurrency with `threshold: c`: c workers, each sending its next request as soon as its
 * previous one is answered, until N have been sent (N/c batches would idle while the slowest of a batch finishes).
 * Open loop gives every request its own worker, which sleeps until its Poisson arrival time before sending.
 * `time: 0` makes the iteration counts exact.
 */
export async function runCell(run: CellRun): Promise<CellOutcome> {
  const { load } = run;
  const total = Math.max(run.requests, run.warmup);
  const arrivals =
    load.kind === 'open' ? poissonArrivals(total, load.ratePerSecond, seededRandom(run.seed)) : undefined;
  const inFlight = load.kind === 'closed' ? load.concurrency : total;
  const samples: RequestSample[] = [];
  let measuring = false;
  let issued = 0;
  let phaseStart = 0;
  let wallMs = 0;
  let watch: EventLoopWatch | undefined;
  let eventLoop: EventLoopStats = { p99Ms: 0, maxMs: 0, skewed: false };

  const bench = new Bench({
    iterations: run.requests,
    time: 0,
    warmup: run.warmup > 0,
    warmupIterations: run.warmup,
    warmupTime: 0,
    concurrency: inFlight > 1 ? 'task' : null,
    threshold: inFlight,
    throws: false,
    ...(run.signal ? { signal: run.signal } : {}),
  });
  bench.add(
    'request',
    async () => {
      const n = issued++;
      if (arrivals && !(await arrived(phaseStart + (arrivals[n] ?? 0), run.signal))) return;
      const sample = await run.send();
      if (!measuring || sample === undefined) return;
      samples.push(sample);
      run.onSample?.(sample);
    },
    {
      async: true,
      beforeAll(mode) {
        measuring = mode === 'run';
        issued = 0;
        if (measuring) watch = watchEventLoop();
        phaseStart = performance.now();
      },
      afterAll(mode) {
        if (mode !== 'run') return;
        wallMs = performance.now() - phaseStart;
        if (watch) eventLoop = watch.stop();
      },
    },
  );
  const [task] = await bench.run();
  if (task?.result.state === 'errored') throw task.result.error;
  return { samples, wallMs, eventLoop, aborted: run.signal?.aborted === true };
}
