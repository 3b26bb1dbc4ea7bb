import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { RunSettings } from '../config/run-settings.ts';
import {
  LATENCY_REPORT_SCHEMA_VERSION,
  type LatencyCell,
  type LatencyReport,
  type SkippedCell,
} from '../core/latency-report.ts';
import { UsageError } from '../core/usage-error.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import type { DiagnosticsChannels } from '../wire/socket-clock.ts';
import { type BenchReplay, benchReplayFetch, startBenchReplay } from './bench-replay.ts';
import { liveTargets, loadBenchFixtures, type ProviderTarget, recordedTargets } from './bench-targets.ts';
import { benchRequest } from './cell-request.ts';
import { EVENT_LOOP_RESOLUTION_MS, EVENT_LOOP_SKEW_MS } from './event-loop-delay.ts';
import { type BenchClock, type LiveClock, startLiveClock, type UsedClock } from './live-clock.ts';
import { describeLoad, type LoadLevel } from './load-level.ts';
import { measureRequest, type RequestTarget } from './measure-request.ts';
import { runCell } from './run-cell.ts';
import { summarizeCell } from './summarize-cell.ts';

export type { BenchClock } from './live-clock.ts';

/** The scenarios `llmcompat bench` measures unless told otherwise. */
export const LATENCY_SCENARIOS = ['stream.text', 'tools.stream', 'chat.basic'] as const;

export interface BenchProgress {
  /** This cell's position (from 1) among the run's `cells`. */
  cell: number;
  cells: number;
  provider: string;
  scenario: string;
  load: LoadLevel;
  /** Measured requests answered so far in this cell, of `total`. */
  done: number;
  total: number;
  errors: number;
  /** The time to first token of each successful request so far, in arrival order. */
  ttftMs: readonly number[];
}

export interface BenchOptions {
  /** Mode (recorded or live), providers with their overrides, scenarios, fixture folder, timing, live limits. */
  settings: RunSettings;
  loads: readonly LoadLevel[];
  /** Measured requests per cell; a closed-loop cell measures at least its concurrency. */
  requests: number;
  /** Discarded requests per cell, sent first at the same load. */
  warmup: number;
  /**
   * Live mode: give every request's prompt a unique tag (default). False sends the scenarios' requests exactly, for
   * a server that replays recorded answers; recorded mode always does.
   */
  varyPrompts?: boolean;
  /**
   * Live mode: where chunk arrival times are taken. 'relay' (default): on a relay thread of their own between the
   * SDK and the provider (see stamping-relay.ts); 'local': by undici's parser on the harness's own thread, where
   * the SDK's work and the garbage collector can delay them by a few ms under load. 'local' reads undici's
   * diagnostics channels, which it checks first: when they fail, the wire tap's own reads time the run
   * (`run.clock: 'tap'`, and `run.clockFallback` says why).
   */
  clock?: BenchClock;
  /** Where the local clock reads undici's events (default Node's diagnostics channels; tests hand in others). */
  socketChannels?: DiagnosticsChannels;
  /** Seeds the open-loop arrival schedules (default 1). */
  seed?: number;
  /** Where API keys are read (live mode; default process.env). */
  env?: NodeJS.ProcessEnv;
  version: string;
  onProgress?: (progress: BenchProgress) => void;
  /** Each cell as soon as it is measured. */
  onCell?: (cell: LatencyCell) => void;
  /**
   * Stops the run: no new request is sent, those in flight are aborted and not counted, and the report (the cells
   * measured so far) is marked partial, with the signal's reason as `run.stopped`.
   */
  signal?: AbortSignal;
}

/** How many requests a cell may have in flight at once: its concurrency, or (open loop) all of them. */
export function maxInFlight(options: Pick<BenchOptions, 'loads' | 'requests' | 'warmup'>): number {
  const perLoad = options.loads.map((load) =>
    load.kind === 'closed' ? load.concurrency : Math.max(options.requests, options.warmup),
  );
  return Math.max(1, ...perLoad);
}

function clockNote(clock: LiveClock): string {
  if (clock.used === 'relay') {
    return (
      'Chunk times were taken by a relay thread between the SDK and the provider, which does nothing else: the ' +
      "harness's own work and garbage collection cannot delay them."
    );
  }
  if (clock.used === 'local') {
    return (
      "Chunk times were taken on the harness's own thread (--clock local), from undici's diagnostics channels, " +
      'which passed their self-check at start: under load its work and garbage collection can delay them by a ' +
      'few ms.'
    );
  }
  return (
    `--clock local was asked for, but undici's diagnostics channels failed the self-check at start ` +
    `(${clock.fallback}): chunk times are the wire tap's own reads, on the harness's own thread, after the ` +
    'stream handed the bytes on, so they may be later than the socket by more than the local clock would be.'
  );
}

function runNotes(
  settings: RunSettings,
  measured: readonly Scenario[],
  varied: boolean,
  clock: LiveClock | undefined,
): string[] {
  const notes: string[] = [];
  if (settings.mode === 'recorded') {
    notes.push(
      'Recorded mode replays fixtures through msw; prompts are sent exactly as recorded (the replay answers only a ' +
        'matching request), so they are not varied.',
      settings.timing === 'recorded'
        ? 'Timing recorded: every chunk is replayed at its recorded offset, so the figures reproduce the fixtures.'
        : 'Timing fast: every chunk is replayed at once, so the figures measure the harness, not a provider.',
      'Before the first cell, every provider × scenario was sent once, answered at once and discarded, so that no ' +
        "cell pays for loading the harness's code.",
    );
  } else {
    notes.push(
      varied
        ? 'Each prompt carried a unique request tag so that no cache could answer it; streams asked for usage ' +
            'where the protocol needs asking.'
        : 'Prompts were sent exactly as the scenarios define them (--exact-request): caches may flatter the numbers.',
      'Retries were off: a rate-limited or failed request counts as an error, its wait is not hidden in a latency.',
    );
    if (clock) notes.push(clockNote(clock));
  }
  const dropped = settings.scenarios
    .filter((scenario) => scenario.expect.error)
    .map((scenario) => scenario.id);
  if (dropped.length > 0)
    notes.push(`${dropped.join(', ')} left out: they expect an error, there is no answer to time.`);
  const followUps = measured.filter((scenario) => scenario.followUp).map((scenario) => scenario.id);
  if (followUps.length > 0) {
    notes.push(
      `Only the first request of ${followUps.join(', ')} is measured; the follow-up turn is not sent.`,
    );
  }
  const late =
    clock?.used === 'relay'
      ? 'any request may then have been sent that late (the relay thread, which stamps the chunks, is not watched)'
      : 'any chunk may then have been stamped that late';
  notes.push(
    `The harness thread's event-loop delay is sampled every ${EVENT_LOOP_RESOLUTION_MS} ms; a cell is flagged ` +
      `skewed when its p99 delay beyond that exceeds ${EVENT_LOOP_SKEW_MS} ms, since ${late}.`,
  );
  return notes;
}

interface CellJob {
  provider: string;
  scenario: Scenario;
  model: string;
  target: RequestTarget;
  load: LoadLevel;
}

/**
 * Recorded mode: each provider × scenario is sent once, answered at once and discarded, before the first cell, so
 * that no cell pays for loading and compiling the harness's own code paths (live mode's warm-up requests do that).
 */
async function warmHarness(jobs: readonly CellJob[], maxResponseBytes: number): Promise<void> {
  const fetch = benchReplayFetch(maxResponseBytes, { instant: true });
  const seen = new Set<string>();
  for (const job of jobs) {
    const key = `${job.provider}/${job.scenario.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await measureRequest({ ...job.target, fetch }, benchRequest(job.scenario, { model: job.model }));
  }
}

/** A closed loop at concurrency c measures at least c requests: with fewer, c would never be in flight. */
export function requestsAt(load: LoadLevel, requests: number): number {
  return load.kind === 'closed' ? Math.max(requests, load.concurrency) : requests;
}

/** Unique prompt tags for this run (`<run id>.<n>`), or none when prompts are sent as they are. */
function requestTags(varied: boolean): () => string | undefined {
  if (!varied) return () => undefined;
  const runId = randomBytes(3).toString('hex');
  let sent = 0;
  return () => `${runId}.${(++sent).toString(36)}`;
}

async function measureCell(
  job: CellJob,
  options: BenchOptions,
  nextTag: () => string | undefined,
  position: Pick<BenchProgress, 'cell' | 'cells'>,
): Promise<{ cell: LatencyCell; aborted: boolean }> {
  const { scenario, model, load } = job;
  const requests = requestsAt(load, options.requests);
  const progress = { ...position, provider: job.provider, scenario: scenario.id, load, total: requests };
  let done = 0;
  let errors = 0;
  const ttftMs: number[] = [];
  const outcome = await runCell({
    load,
    requests,
    warmup: options.warmup,
    seed: options.seed ?? 1,
    send: async () => {
      const tag = nextTag();
      const sample = await measureRequest(
        job.target,
        benchRequest(scenario, tag === undefined ? { model } : { model, tag }),
        options.signal,
      );
      // A request the stop cut short measured nothing.
      return options.signal?.aborted && !sample.ok ? undefined : sample;
    },
    onSample(sample) {
      done++;
      if (sample.ttftMs !== undefined) ttftMs.push(sample.ttftMs);
      if (!sample.ok) errors++;
      options.onProgress?.({ ...progress, done, errors, ttftMs });
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const cell = summarizeCell({
    provider: job.provider,
    scenario: scenario.id,
    model,
    ...(load.kind === 'closed' ? { concurrency: load.concurrency } : { ratePerSecond: load.ratePerSecond }),
    warmup: options.warmup,
    samples: outcome.samples,
    wallMs: outcome.wallMs,
    eventLoop: outcome.eventLoop,
  });
  if (outcome.aborted && outcome.samples.length < requests) cell.partial = true;
  return { cell, aborted: outcome.aborted };
}

function cellOrder(jobs: CellJob[], cell: LatencyCell): number {
  return jobs.findIndex(
    (job) =>
      job.provider === cell.provider &&
      job.scenario.id === cell.scenario &&
      describeLoad(job.load) === describeLoad(loadOf(cell)),
  );
}

function loadOf(cell: LatencyCell): LoadLevel {
  return cell.ratePerSecond === undefined
    ? { kind: 'closed', concurrency: cell.concurrency ?? 1 }
    : { kind: 'open', ratePerSecond: cell.ratePerSecond };
}

/** Why the run stopped early: the abort reason when it is a message (the CLI's are), else 'aborted'. */
function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (typeof reason === 'string' && reason !== '') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message !== '') return reason.message;
  return 'aborted';
}

/**
 * Measures latency for every selected provider × scenario × load level: warm-up requests, then the measured ones.
 * Live cells run one after the other, never overlapping, so they do not load each other. Recorded mode replays the
 * fixtures through msw; live mode sends to the real endpoints and skips a provider without its key (or a keyless
 * server that does not answer). Scenarios that expect an error are left out.
 */
export async function runBench(options: BenchOptions): Promise<LatencyReport> {
  const { settings } = options;
  if (settings.mode === 'record') {
    throw new UsageError('bench measures, it does not record: use --mode recorded or --mode live.');
  }
  const mode = settings.mode;
  const startedAt = new Date().toISOString();
  const scenarios = settings.scenarios.filter((scenario) => !scenario.expect.error);
  const varied = mode === 'live' && options.varyPrompts !== false;
  const skipped: SkippedCell[] = [];
  const cells: LatencyCell[] = [];
  let replay: BenchReplay | undefined;
  let clock: LiveClock | undefined;
  let targets: ProviderTarget[];
  if (mode === 'recorded') {
    replay = startBenchReplay(await loadBenchFixtures(settings, scenarios, skipped), settings.timing);
    targets = recordedTargets(settings.providers, settings.maxResponseBytes);
  } else {
    clock = await startLiveClock(options.clock ?? 'relay', options.socketChannels);
    try {
      targets = await liveTargets(
        settings,
        options.env ?? process.env,
        maxInFlight(options),
        clock.baseFetch,
      );
    } catch (error) {
      await clock.close();
      throw error;
    }
  }
  const jobs: CellJob[] = [];
  for (const { provider, target, skip, missingKey } of targets) {
    for (const scenario of scenarios) {
      if (!target) {
        const cell = { provider: provider.id, scenario: scenario.id, reason: skip };
        skipped.push(missingKey === undefined ? cell : { ...cell, missingKey });
        continue;
      }
      if (skipped.some((cell) => cell.provider === provider.id && cell.scenario === scenario.id)) continue;
      for (const load of options.loads) {
        const job = { provider: provider.id, scenario, model: provider.defaultModel, load };
        jobs.push({ ...job, target: { ...target, stream: scenario.stream } });
      }
    }
  }

  const next = requestTags(varied);
  let aborted = false;
  try {
    if (mode === 'recorded') await warmHarness(jobs, settings.maxResponseBytes);
    const measureAll = async (queue: [number, CellJob][]) => {
      for (const [index, job] of queue) {
        if (options.signal?.aborted || aborted) {
          aborted = true;
          return;
        }
        const measured = await measureCell(job, options, next, { cell: index + 1, cells: jobs.length });
        if (measured.aborted) aborted = true;
        if (measured.cell.requests === 0 && measured.aborted) return;
        cells.push(measured.cell);
        options.onCell?.(measured.cell);
      }
    };
    // Live cells run one after the other so they never load each other. Recorded cells replay local timers: the
    // providers run side by side (each provider's cells still in turn), and the event-loop watch flags any skew.
    const queues = new Map<string, [number, CellJob][]>();
    for (const entry of jobs.entries()) {
      const key = mode === 'recorded' ? entry[1].provider : 'all';
      queues.set(key, [...(queues.get(key) ?? []), entry]);
    }
    await Promise.all([...queues.values()].map(measureAll));
    cells.sort((a, b) => cellOrder(jobs, a) - cellOrder(jobs, b));
  } finally {
    replay?.close();
    await clock?.close();
  }
  const used: UsedClock | undefined = clock?.used;
  const stopped = aborted ? stopReason(options.signal) : undefined;
  const report: LatencyReport = {
    schema: LATENCY_REPORT_SCHEMA_VERSION,
    kind: 'latency',
    tool: { name: 'llmcompat', version: options.version },
    run: {
      mode,
      ...(mode === 'recorded' ? { timing: settings.timing } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      complete: !aborted,
      ...(stopped !== undefined ? { stopped } : {}),
      cellsPlanned: jobs.length,
      ...(used ? { clock: used } : {}),
      ...(clock?.fallback !== undefined ? { clockFallback: clock.fallback } : {}),
      prompts: varied ? 'varied' : 'fixed',
      notes: runNotes(settings, scenarios, varied, clock),
    },
    cells,
  };
  if (skipped.length > 0) report.skipped = skipped;
  return report;
}
