import { afterAll, beforeAll, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { ENV, isSelected, settingsFromEnv } from '../src/config/run-settings.ts';
import { type CaseResult, failsRun } from '../src/core/case-result.ts';
import { MAX_TIMER_MS } from '../src/core/wait-until.ts';
import { createReplayServer, type ReplayServer } from '../src/fixtures/replay.ts';
import { UNFINISHED_CASE } from '../src/report/case-meta.ts';
import { describeFailure } from '../src/report/describe-failure.ts';
import { caseTimeoutMs, liveCaseRunner } from '../src/runner/live-context.ts';
import { unrunCase } from '../src/runner/run-case.ts';
import { runRecordedCase } from '../src/runner/run-recorded-case.ts';
import { loadDotenv } from '../src/secrets/provider-keys.ts';

// One test per provider × scenario. The verdict follows the catalog: only a declared capability that fails, or an
// error, fails the test; a known gap passes the test and is shown by the matrix reporter. Settings come from
// LLMCOMPAT_* variables (the CLI sets them from its flags) and llmcompat.config.*.
const settings = settingsFromEnv(process.env, await loadConfig(process.env[ENV.config]));
const recorded = settings.mode === 'recorded';
if (!recorded) loadDotenv(process.env[ENV.envFile]);
const runLive = recorded ? undefined : liveCaseRunner(settings, process.env);
let replay: ReplayServer | undefined;

beforeAll(async () => {
  if (recorded) replay = createReplayServer();
  await runLive?.probeKeyless();
});
afterAll(async () => {
  await replay?.close();
});

function runOne(providerIndex: number, scenarioIndex: number): Promise<CaseResult> {
  const provider = settings.providers[providerIndex]!;
  const scenario = settings.scenarios[scenarioIndex]!;
  if (recorded) {
    return runRecordedCase({
      provider,
      scenario,
      replay: replay!,
      fixtureDir: settings.fixtureDir,
      timing: settings.timing,
      maxResponseBytes: settings.maxResponseBytes,
      limits: settings.live,
      signal: AbortSignal.timeout(caseTimeoutMs(settings)),
    });
  }
  return runLive!(provider, scenario);
}

// Live cases wait on the network, so they run side by side (each provider capped by its own link).
const test = recorded ? it : it.concurrent;
settings.providers.forEach((provider, p) => {
  settings.scenarios.forEach((scenario, s) => {
    if (!isSelected(settings, provider.id, scenario.id)) return;
    // The case bounds itself; vitest's own timeout is the last resort, past which the placeholder below stays.
    test(`${provider.id} › ${scenario.id}`, {
      timeout: Math.min(caseTimeoutMs(settings) + 5_000, MAX_TIMER_MS),
    }, async ({ task, skip }) => {
      task.meta.llmcompat = unrunCase(provider, scenario, settings.mode, 'error', UNFINISHED_CASE);
      const result = await runOne(p, s);
      task.meta.llmcompat = result;
      if (result.status === 'skipped') skip(result.reason);
      if (failsRun(result.outcome)) throw new Error(describeFailure(result));
    });
  });
});
