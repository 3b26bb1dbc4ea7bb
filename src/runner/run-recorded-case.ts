import { modelFor } from '../catalog/catalog.ts';
import type { ProviderEntry } from '../catalog/providers.ts';
import { LIVE_DEFAULTS } from '../config/run-settings.ts';
import type { CaseProvenance, CaseResult } from '../core/case-result.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import { FixtureError, loadFixture } from '../fixtures/load-fixture.ts';
import type { ReplayServer } from '../fixtures/replay.ts';
import type { ReplayTiming } from '../fixtures/response-plan.ts';
import type { Scenario, ScenarioLimits } from '../scenarios/scenarios.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../wire/limit-response-size.ts';
import { faultFetch } from './fault-fetch.ts';
import { runCase, unrunCase } from './run-case.ts';

export interface RecordedCaseInput {
  provider: ProviderEntry;
  scenario: Scenario;
  replay: ReplayServer;
  fixtureDir: string;
  timing?: ReplayTiming;
  /** A response body past this many bytes fails the case (default 10 MB). */
  maxResponseBytes?: number;
  /** The run's request and idle timeouts hold for replayed answers too: a fixture that stalls is an error. */
  limits?: ScenarioLimits;
  /** Stops the case (an interrupted run). */
  signal?: AbortSignal;
}

function provenanceOf(fixture: Fixture): CaseProvenance {
  const { provenance } = fixture;
  return provenance.kind === 'synthesized'
    ? { kind: 'synthesized', date: provenance.date, sources: provenance.sources }
    : { kind: 'recorded', date: provenance.date };
}

/**
 * A fixture answers the request it was recorded for: another model or base URL (a --model / --base-url override or
 * a config entry) gets a sentence naming the difference and the fix, not a verdict on the provider.
 */
function recordedForAnotherRun(fixture: Fixture, provider: ProviderEntry, scenario: Scenario) {
  const model = modelFor(provider, scenario);
  const record = `record fixtures for it with \`llmcompat record --provider ${provider.id}\` and the same override`;
  // Worded the same for every case of the provider, so the matrix shows it once.
  if (fixture.model !== model) {
    return (
      `the ${provider.id} fixtures were recorded for model ${fixture.model}, but this run asks for ${model} ` +
      `(a --model or config override): drop the override to replay them, or ${record}.`
    );
  }
  const url = fixture.exchanges[0]?.request.url;
  const base = provider.baseUrl.replace(/\/+$/, '');
  if (url !== undefined && !url.startsWith(`${base}/`) && url !== base) {
    return (
      `the ${provider.id} fixtures were recorded from ${new URL(url).origin}, but this run sends ${provider.id} to ` +
      `${base} (a --base-url or config override): drop the override to replay them, or ${record}.`
    );
  }
  return undefined;
}

/** Replays a case from its fixture. A missing or broken fixture is an `error` whose reason says how to fix it. */
export async function runRecordedCase(input: RecordedCaseInput): Promise<CaseResult> {
  const { provider, scenario } = input;
  let fixture: Fixture;
  try {
    fixture = await loadFixture(input.fixtureDir, provider.id, scenario.id);
  } catch (error) {
    if (error instanceof FixtureError)
      return unrunCase(provider, scenario, 'recorded', 'error', error.message);
    throw error;
  }
  const provenance = provenanceOf(fixture);
  const mismatch = recordedForAnotherRun(fixture, provider, scenario);
  if (mismatch) return { ...unrunCase(provider, scenario, 'recorded', 'error', mismatch), provenance };
  const maxBytes = input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { limits } = scenario;
  // A fault is about what the bytes say, not when they come: fault fixtures always replay at once.
  const session = input.replay.serve(fixture, limits ? 'fast' : input.timing);
  const fetch = faultFetch(limits ?? input.limits ?? LIVE_DEFAULTS, maxBytes, session.fetch);
  let result: CaseResult;
  try {
    result = await runCase({
      provider,
      scenario,
      mode: 'recorded',
      apiKey: 'recorded-mode',
      transport: { fetch, diagnostics: () => session.diagnostics() },
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } finally {
    session.end();
  }
  result.provenance = provenance;
  return result;
}
