import { resolve } from 'node:path';
import type { ProviderEntry } from '../catalog/providers.ts';
import { PACKAGE_ROOT, VERSION } from '../cli/package-root.ts';
import { assertValidConfig, type LlmcompatConfig } from '../config/config.ts';
import { createReplayServer, type ReplayTiming } from '../fixtures/replay.ts';
import { buildRunReport } from '../report/build-run-report.ts';
import type { RunReport } from '../report/run-report.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import type { CaseResult } from './case-result.ts';
import { liveCaseRunner } from './live-context.ts';
import { runRecordedCase } from './run-recorded-case.ts';
import { ENV, isSelected, type Mode, type RunSettings, resolveRunSettings } from './run-settings.ts';

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
  /** Called as each case finishes. */
  onCase?: (result: CaseResult, progress: CaseProgress) => void;
  /** Stops starting new cases; the report then says `complete: false`. */
  signal?: AbortSignal;
}

interface Pair {
  provider: ProviderEntry;
  scenario: Scenario;
}

const list = (value: string | readonly string[] | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? value : value.join(',');

/** The options as the LLMCOMPAT_* variables the CLI sets, so both paths validate the same way. */
function settingsOf(options: RunConformanceOptions): RunSettings {
  const config = options.config ?? {};
  assertValidConfig(config);
  const env: NodeJS.ProcessEnv = {
    [ENV.mode]: options.mode ?? 'recorded',
    [ENV.providers]: list(options.providers),
    [ENV.scenarios]: list(options.scenarios),
    [ENV.only]: list(options.only),
    [ENV.fixtures]: resolve(options.fixtureDir ?? resolve(PACKAGE_ROOT, 'fixtures')),
    [ENV.timing]: options.timing,
    [ENV.repeat]: options.repeat === undefined ? undefined : String(options.repeat),
    [ENV.requireKeys]: options.requireKeys ? '1' : undefined,
  };
  return resolveRunSettings(env, config);
}

// msw intercepts fetch for the whole process and serves one fixture at a time: recorded runs take turns.
let replayTurn: Promise<unknown> = Promise.resolve();

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = replayTurn.then(work, work);
  replayTurn = run.catch(() => {});
  return run;
}

async function runRecorded(
  settings: RunSettings,
  pairs: Pair[],
  finish: (result: CaseResult) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  await inTurn(async () => {
    const replay = createReplayServer();
    try {
      for (const { provider, scenario } of pairs) {
        if (signal?.aborted) return;
        finish(
          await runRecordedCase({
            provider,
            scenario,
            replay,
            fixtureDir: settings.fixtureDir,
            timing: settings.timing,
            maxResponseBytes: settings.maxResponseBytes,
          }),
        );
      }
    } finally {
      replay.close();
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

async function runLive(
  settings: RunSettings,
  pairs: Pair[],
  env: NodeJS.ProcessEnv,
  finish: (result: CaseResult) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const runLiveCase = liveCaseRunner(settings, env);
  // Providers side by side, each with as many cases in flight as its own concurrency cap.
  await Promise.all(
    settings.providers.map((provider) => {
      const own = pairs.filter((pair) => pair.provider.id === provider.id);
      return pool(own, settings.live.concurrency, async ({ scenario }) => {
        if (signal?.aborted) return;
        finish(await runLiveCase(provider, scenario));
      });
    }),
  );
}

/**
 * Runs the conformance scenarios in this process, without vitest, through the same case runners as `llmcompat run`,
 * and returns the report the CLI writes as conformance.json. Throws a `UsageError` for a bad option or config.
 */
export async function runConformance(options: RunConformanceOptions = {}): Promise<RunReport> {
  const settings = settingsOf(options);
  const pairs = settings.providers.flatMap((provider) =>
    settings.scenarios
      .filter((scenario) => isSelected(settings, provider.id, scenario.id))
      .map((scenario) => ({ provider, scenario })),
  );
  const startedAt = new Date();
  const cases: CaseResult[] = [];
  const finish = (result: CaseResult) => {
    cases.push(result);
    options.onCase?.(result, { done: cases.length, total: pairs.length });
  };
  if (settings.mode === 'recorded') await runRecorded(settings, pairs, finish, options.signal);
  else await runLive(settings, pairs, options.env ?? process.env, finish, options.signal);
  const report = buildRunReport(cases, {
    mode: settings.mode,
    startedAt,
    finishedAt: new Date(),
    complete: cases.length === pairs.length,
    version: VERSION,
  });
  report.providers = report.providers.map((row) => {
    const entry = settings.providers.find((provider) => provider.id === row.id);
    return entry ? { ...row, name: entry.name, protocol: entry.protocol } : row;
  });
  return report;
}
