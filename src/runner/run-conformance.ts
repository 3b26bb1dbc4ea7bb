import { resolve } from 'node:path';
import type { ProviderEntry } from '../catalog/providers.ts';
import { type ClientRun, startClientRun } from '../clients/client-run.ts';
import { type ClientSpec, resolveClient } from '../config/client-config.ts';
import { assertValidConfig, type LlmcompatConfig } from '../config/config.ts';
import { isSelected, type Mode, type RunSettings, resolveRunSettings } from '../config/run-settings.ts';
import type { CaseResult } from '../core/case-result.ts';
import { PACKAGE_ROOT, VERSION } from '../core/package-root.ts';
import type { RunReport } from '../core/run-report.ts';
import { createReplayServer } from '../fixtures/replay.ts';
import type { ReplayTiming } from '../fixtures/response-plan.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import { buildRunReport } from './build-run-report.ts';
import { caseTimeoutMs, liveCaseRunner } from './live-context.ts';
import { unrunCase } from './run-case.ts';
import { runRecordedCase } from './run-recorded-case.ts';

export interface CaseProgress {
  /** Cases finished so far, this one included. */
  done: number;
  total: number;
}

export interface RunConformanceOptions {
  /** `recorded` (default: replays fixtures, offline), `live` (the real endpoints) or `record` (live, and writes fixtures). */
  mode?: Mode;
  /** Provider ids or globs (`'openai,ollama*'` or `['openai', 'ollama*']`); default all, the config's included. */
  providers?: string | readonly string[];
  /** Scenario ids or globs (`'tools.*'`); default all. */
  scenarios?: string | readonly string[];
  /** Exactly these `provider/scenario` pairs. */
  only?: string | readonly string[];
  /** What `llmcompat.config.ts` holds: extra providers, custom adapters, overrides, live limits. Validated. */
  config?: LlmcompatConfig;
  /** Where provider keys are read from in live and record modes (default `process.env`; `.env` is not read). */
  env?: NodeJS.ProcessEnv;
  /** Fixture folder to replay or record into (default: the package's `fixtures/`). */
  fixtureDir?: string;
  /** Recorded mode: `fast` (default) or each chunk at its recorded arrival time. */
  timing?: ReplayTiming;
  /** Live and record: run each case k times (pass@k, pass^k); default `config.live.repeat` or 1. */
  repeat?: number;
  /** Live and record: a provider without its key is an error instead of a skip. */
  requireKeys?: boolean;
  /**
   * Runs the cases through this external client (docs/client-protocol.md): a name in `config.clients`, or the built-in
   * `python-reference`. Providers of a protocol the client does not speak are skipped. Not with `mode: 'record'`.
   */
  client?: string;
  /** Called as each case finishes. */
  onCase?: (result: CaseResult, progress: CaseProgress) => void;
  /**
   * Stops the run: cases in flight are aborted, no new one starts, and the report holds the cases that had finished,
   * with `complete: false`.
   */
  signal?: AbortSignal;
}

/** What a run engine needs besides its settings. */
export interface RunHooks {
  /** Where provider keys are read from in live and record modes. */
  env: NodeJS.ProcessEnv;
  onCase?: (result: CaseResult, progress: CaseProgress) => void;
  signal?: AbortSignal;
  /** Runs the cases through this external client, started once for the run. */
  client?: ClientSpec;
}

interface Pair {
  provider: ProviderEntry;
  scenario: Scenario;
}

const list = (value: string | readonly string[] | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? value : value.join(',');

/** The options as run inputs, validated as the CLI's flags are. */
function settingsOf(options: RunConformanceOptions): RunSettings {
  const config = options.config ?? {};
  assertValidConfig(config);
  return resolveRunSettings(
    {
      mode: options.mode ?? 'recorded',
      providers: list(options.providers),
      scenarios: list(options.scenarios),
      only: list(options.only),
      fixtures: resolve(options.fixtureDir ?? resolve(PACKAGE_ROOT, 'fixtures')),
      timing: options.timing,
      repeat: options.repeat === undefined ? undefined : String(options.repeat),
      requireKeys: options.requireKeys === true,
    },
    config,
  );
}

// msw intercepts fetch for the whole process, and one replay server holds it: recorded runs take turns.
let replayTurn: Promise<unknown> = Promise.resolve();

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = replayTurn.then(work, work);
  replayTurn = run.catch(() => {});
  return run;
}

/** Replayed cases in flight at once: past a few, cases only compete for the CPU (and memory). */
const RECORDED_CASES_IN_FLIGHT = 4;

type RunPair = (pair: Pair, signal: AbortSignal) => Promise<CaseResult>;

async function runRecorded(settings: RunSettings, each: (run: RunPair) => Promise<void>): Promise<void> {
  await inTurn(async () => {
    const replay = createReplayServer();
    try {
      await each(({ provider, scenario }, signal) =>
        runRecordedCase({
          provider,
          scenario,
          replay,
          fixtureDir: settings.fixtureDir,
          timing: settings.timing,
          maxResponseBytes: settings.maxResponseBytes,
          limits: settings.live,
          signal: AbortSignal.any([signal, AbortSignal.timeout(caseTimeoutMs(settings))]),
        }),
      );
    } finally {
      await replay.close();
    }
  });
}

/** Runs `work` over `items` with at most `width` in flight. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The provider × scenario pairs a run's settings select, in catalog and scenario order. */
export function selectedPairs(settings: RunSettings): Pair[] {
  return settings.providers.flatMap((provider) =>
    settings.scenarios
      .filter((scenario) => isSelected(settings, provider.id, scenario.id))
      .map((scenario) => ({ provider, scenario })),
  );
}

/**
 * The run engine under `llmcompat run`, `record`, `probe` and `runConformance`: every selected case gets a result
 * (anything a case throws is an `error` cell naming it), replayed cases run a few at a time and live ones side by side
 * per provider, and an abort stops the cases in flight and keeps those that had finished.
 */
export async function runSelection(settings: RunSettings, hooks: RunHooks): Promise<RunReport> {
  if (!hooks.client) return runPairs(settings, hooks);
  const client = await startClientRun(hooks.client, settings, {
    harnessVersion: VERSION,
    onWarning: (text) => process.stderr.write(`llmcompat: ${text}\n`),
  });
  try {
    return await runPairs(client.settings, hooks, client);
  } finally {
    await client.close(hooks.signal?.aborted ? 'kill' : 'bye');
  }
}

async function runPairs(settings: RunSettings, hooks: RunHooks, client?: ClientRun): Promise<RunReport> {
  const pairs = selectedPairs(settings);
  const stop = hooks.signal ?? new AbortController().signal;
  const startedAt = new Date();
  const cases: CaseResult[] = [];
  const finish = (result: CaseResult) => {
    // A case that ends after the interrupt was cut short by it: not a result.
    if (stop.aborted) return;
    cases.push(result);
    hooks.onCase?.(result, { done: cases.length, total: pairs.length });
  };
  let redact = (text: string) => text;
  const guarded = async (run: RunPair, pair: Pair) => {
    if (stop.aborted) return;
    let result: CaseResult;
    const skip = client?.skipReason(pair.provider);
    try {
      result = skip
        ? unrunCase(pair.provider, pair.scenario, settings.mode, 'skipped', skip)
        : await run(pair, stop);
    } catch (error) {
      const reason = redact(`harness error: ${describeError(error)}`);
      result = unrunCase(pair.provider, pair.scenario, settings.mode, 'error', reason);
    }
    finish(result);
  };
  if (settings.mode === 'recorded') {
    // Replay sessions are independent, so cases overlap: a fault case waiting out its timeout holds up no other.
    await runRecorded(settings, (run) => pool(pairs, RECORDED_CASES_IN_FLIGHT, (pair) => guarded(run, pair)));
  } else {
    const runLiveCase = liveCaseRunner(settings, hooks.env);
    redact = runLiveCase.redact;
    await runLiveCase.probeKeyless();
    const run: RunPair = ({ provider, scenario }, signal) => runLiveCase(provider, scenario, signal);
    // Providers side by side, each with as many cases in flight as its own concurrency cap.
    await Promise.all(
      settings.providers.map((provider) =>
        pool(
          pairs.filter((pair) => pair.provider.id === provider.id),
          settings.live.concurrency,
          (pair) => guarded(run, pair),
        ),
      ),
    );
  }
  return buildRunReport(cases, {
    mode: settings.mode,
    startedAt,
    finishedAt: new Date(),
    complete: !stop.aborted && cases.length === pairs.length,
    selected: pairs.length,
    version: VERSION,
    providers: settings.providers,
    ...(client ? { client: client.client } : {}),
  });
}

/**
 * Runs the conformance scenarios in this process, without vitest, through the same engine as `llmcompat run`, and
 * returns the report the CLI writes as conformance.json. Throws a `UsageError` for a bad option or config.
 */
export async function runConformance(options: RunConformanceOptions = {}): Promise<RunReport> {
  return runSelection(settingsOf(options), {
    env: options.env ?? process.env,
    ...(options.client ? { client: resolveClient(options.config?.clients, options.client) } : {}),
    ...(options.onCase ? { onCase: options.onCase } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
