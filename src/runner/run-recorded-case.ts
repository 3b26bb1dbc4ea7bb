import type { ProviderEntry } from '../catalog/providers.ts';
import { FixtureError, loadFixture } from '../fixtures/load-fixture.ts';
import type { ReplayServer, ReplayTiming } from '../fixtures/replay.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import type { CaseResult } from './case-result.ts';
import { faultFetch } from './fault-fetch.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, withResponseSizeLimit } from './limit-response-size.ts';
import { runCase, unrunCase } from './run-case.ts';

export interface RecordedCaseInput {
  provider: ProviderEntry;
  scenario: Scenario;
  replay: ReplayServer;
  fixtureDir: string;
  timing?: ReplayTiming;
  /** A response body past this many bytes fails the case (default 10 MB). */
  maxResponseBytes?: number;
}

/** Replays a case from its fixture. A missing or broken fixture is an `error` whose reason says how to fix it. */
export async function runRecordedCase(input: RecordedCaseInput): Promise<CaseResult> {
  const { provider, scenario } = input;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  try {
    fixture = await loadFixture(input.fixtureDir, provider.id, scenario.id);
  } catch (error) {
    if (error instanceof FixtureError)
      return unrunCase(provider, scenario, 'recorded', 'error', error.message);
    throw error;
  }
  const maxBytes = input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { limits } = scenario;
  // A fault is about what the bytes say, not when they come: fault fixtures always replay at once.
  const session = input.replay.serve(fixture, limits ? 'fast' : input.timing);
  const fetch = limits ? faultFetch(limits, maxBytes) : withResponseSizeLimit(globalThis.fetch, maxBytes);
  const result = await runCase({
    provider,
    scenario,
    mode: 'recorded',
    // What would be sent now (catalog or --model override): a changed model shows up as request drift.
    model: provider.defaultModel,
    apiKey: 'recorded-mode',
    transport: { fetch, diagnostics: () => session.diagnostics() },
  });
  const { provenance } = fixture;
  result.provenance =
    provenance.kind === 'synthesized'
      ? { kind: 'synthesized', date: provenance.date, sources: provenance.sources }
      : { kind: 'recorded', date: provenance.date };
  return result;
}
