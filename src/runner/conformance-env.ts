import { PROVIDERS, type ProviderEntry } from '../catalog/providers.ts';
import { DEFAULT_FIXTURE_DIR } from '../fixtures/fixture-path.ts';
import type { ReplayTiming } from '../fixtures/replay.ts';
import { SCENARIOS, type Scenario } from '../scenarios/scenarios.ts';
import { selectIds, UsageError } from './selection.ts';

/** How the CLI hands a run's settings to the vitest suite: environment variables, read once here. */
export const ENV = {
  providers: 'LLMCOMPAT_PROVIDERS',
  scenarios: 'LLMCOMPAT_SCENARIOS',
  fixtures: 'LLMCOMPAT_FIXTURES',
  timing: 'LLMCOMPAT_TIMING',
  reportDir: 'LLMCOMPAT_REPORT_DIR',
} as const;

export interface ConformanceSettings {
  providers: ProviderEntry[];
  scenarios: Scenario[];
  fixtureDir: string;
  timing: ReplayTiming;
}

export function conformanceSettings(env: NodeJS.ProcessEnv = process.env): ConformanceSettings {
  const providerIds = selectIds(
    PROVIDERS.map((p) => p.id),
    env[ENV.providers],
    'provider',
  );
  const scenarioIds = selectIds(
    SCENARIOS.map((s) => s.id),
    env[ENV.scenarios],
    'scenario',
  );
  const timing = env[ENV.timing] ?? 'fast';
  if (timing !== 'fast' && timing !== 'recorded') {
    throw new UsageError(`Unknown timing '${timing}': use 'fast' (default) or 'recorded'.`);
  }
  return {
    providers: PROVIDERS.filter((p) => providerIds.includes(p.id)),
    scenarios: SCENARIOS.filter((s) => scenarioIds.includes(s.id)),
    fixtureDir: env[ENV.fixtures] ?? DEFAULT_FIXTURE_DIR,
    timing,
  };
}
