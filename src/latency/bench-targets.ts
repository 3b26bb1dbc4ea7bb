import type { ProviderEntry } from '../catalog/providers.ts';
import type { RunSettings } from '../config/run-settings.ts';
import type { SkippedCell } from '../core/latency-report.ts';
import { isProtocol } from '../core/protocol-names.ts';
import type { Fixture } from '../fixtures/fixture.ts';
import { FixtureError, loadFixture } from '../fixtures/load-fixture.ts';
import { createProviderLinks } from '../runner/live-context.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import { keyFor } from '../secrets/provider-keys.ts';
import { benchReplayFetch } from './bench-replay.ts';
import type { RequestTarget } from './measure-request.ts';

/** A provider ready to measure (its target, less the per-scenario `stream`), or why it cannot be. */
export type ProviderTarget =
  | {
      provider: ProviderEntry;
      target: Omit<RequestTarget, 'stream'>;
      skip?: undefined;
      missingKey?: undefined;
    }
  /** `missingKey`: the environment variable whose absence is the reason. */
  | { provider: ProviderEntry; target?: undefined; skip: string; missingKey?: string };

function ready(provider: ProviderEntry, apiKey: string, fetch: typeof globalThis.fetch): ProviderTarget {
  if (!isProtocol(provider.protocol)) {
    return {
      provider,
      skip: `latency is read from the wire of the five built-in protocols; '${provider.protocol}' is not one of them`,
    };
  }
  return { provider, target: { provider, protocol: provider.protocol, apiKey, fetch } };
}

/** Recorded mode: every provider answers through the msw replay, each body capped at `maxResponseBytes`. */
export function recordedTargets(
  providers: readonly ProviderEntry[],
  maxResponseBytes: number,
): ProviderTarget[] {
  const fetch = benchReplayFetch(maxResponseBytes);
  return providers.map((provider) => ready(provider, 'recorded-mode', fetch));
}

/**
 * Live mode: the provider's live fetch (timeouts, stall detection) with retries off, since a retry would hide its
 * back-off inside the measured latency, and a cap of `inFlight`, so that no request waits for a slot after the tap
 * has started its clock. A provider without its key, or a keyless server that does not answer, is skipped.
 */
export async function liveTargets(
  settings: RunSettings,
  env: NodeJS.ProcessEnv,
  inFlight: number,
  baseFetch?: typeof fetch,
): Promise<ProviderTarget[]> {
  const links = createProviderLinks(
    { ...settings, live: { ...settings.live, retries: 0, concurrency: inFlight } },
    baseFetch,
  );
  const targets: ProviderTarget[] = [];
  for (const provider of settings.providers) {
    const link = links.get(provider.id);
    if (!link) continue;
    if (provider.keyEnv) {
      const apiKey = keyFor(provider, env);
      targets.push(
        apiKey
          ? ready(provider, apiKey, link.fetch)
          : { provider, skip: `no ${provider.keyEnv}`, missingKey: provider.keyEnv },
      );
      continue;
    }
    const unreachable = await link.unreachable?.();
    targets.push(
      unreachable
        ? { provider, skip: `not reachable at ${provider.baseUrl}: ${unreachable}` }
        : ready(provider, '', link.fetch),
    );
  }
  return targets;
}

/** The fixtures of every provider × scenario; a missing or broken one skips its cell, with the loader's advice. */
export async function loadBenchFixtures(
  settings: RunSettings,
  scenarios: readonly Scenario[],
  skipped: SkippedCell[],
): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const provider of settings.providers) {
    for (const scenario of scenarios) {
      try {
        fixtures.push(await loadFixture(settings.fixtureDir, provider.id, scenario.id));
      } catch (error) {
        if (!(error instanceof FixtureError)) throw error;
        skipped.push({ provider: provider.id, scenario: scenario.id, reason: error.message });
      }
    }
  }
  return fixtures;
}
