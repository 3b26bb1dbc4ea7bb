import type { ProviderEntry } from '../catalog/providers.ts';
import type { RunSettings } from '../config/run-settings.ts';
import type { CaseResult } from '../core/case-result.ts';
import { MAX_TIMER_MS } from '../core/wait-until.ts';
import type { Scenario } from '../scenarios/scenarios.ts';
import { checkKeyLengths, loadedSecrets, runKeyEnvs } from '../secrets/provider-keys.ts';
import { createRedactor } from '../secrets/redact-secrets.ts';
import { createLiveFetch } from './live-fetch.ts';
import { probeEndpoint } from './probe-endpoint.ts';
import { runLiveCase } from './run-live-case.ts';

export interface ProviderLink {
  /** Timeouts, retries and this provider's concurrency cap, shared by all its cases. */
  fetch: typeof fetch;
  /** Keyless providers only: probed once, on first need. */
  unreachable?: () => Promise<string | undefined>;
}

/** One link per provider, so a slow or failing provider holds only its own slots. */
/** `baseFetch`: what the live fetch sends with (default `globalThis.fetch`; bench: the stamping relay's). */
export function createProviderLinks(
  settings: RunSettings,
  baseFetch?: typeof fetch,
): Map<string, ProviderLink> {
  const links = new Map<string, ProviderLink>();
  for (const provider of settings.providers) links.set(provider.id, linkFor(provider, settings, baseFetch));
  return links;
}

function linkFor(provider: ProviderEntry, settings: RunSettings, baseFetch?: typeof fetch): ProviderLink {
  const fetch = createLiveFetch({
    ...(baseFetch ? { fetch: baseFetch } : {}),
    name: provider.id,
    requestTimeoutMs: settings.live.requestTimeoutMs,
    idleTimeoutMs: settings.live.idleTimeoutMs,
    retries: settings.live.retries,
    concurrency: settings.live.concurrency,
    maxResponseBytes: settings.maxResponseBytes,
  });
  if (provider.keyEnv) return { fetch };
  let probe: Promise<string | undefined> | undefined;
  return {
    fetch,
    unreachable: () => {
      probe ??= probeEndpoint(provider.baseUrl);
      return probe;
    },
  };
}

/** A whole case may take all its exchanges' timeouts and retries, and a little more; never forever. */
export function caseTimeoutMs(settings: RunSettings): number {
  const { retries, requestTimeoutMs, idleTimeoutMs } = settings.live;
  return Math.min(2 * (retries + 1) * (requestTimeoutMs + idleTimeoutMs), MAX_TIMER_MS);
}

/**
 * Live or record mode: runs one case through its provider's link, with the run's limits. Every key value in `env`
 * that a provider (of the catalog or the config) reads is a secret kept out of results and fixtures.
 */
export interface LiveCaseRunner {
  (provider: ProviderEntry, scenario: Scenario, signal?: AbortSignal): Promise<CaseResult>;
  /**
   * Probes every keyless provider now, side by side. Call it before the cases start: a probe sent while five SDKs
   * load and other cases parse their streams may wait out its short timeout on a busy event loop.
   */
  probeKeyless(): Promise<void>;
  /** Removes every loaded key, in every form redaction knows, from a text the run will show. */
  redact(text: string): string;
}

/** Throws a `UsageError` before anything is sent when a loaded key is too short for the mode (checkKeyLengths). */
export function liveCaseRunner(settings: RunSettings, env: NodeJS.ProcessEnv): LiveCaseRunner {
  const keyNames = runKeyEnvs(settings.providers);
  const mode = settings.mode === 'record' ? 'record' : 'live';
  checkKeyLengths(env, keyNames, mode, (warning) => process.stderr.write(`llmcompat: ${warning}\n`));
  const secrets = loadedSecrets(env, keyNames);
  const links = createProviderLinks(settings);
  const timeout = caseTimeoutMs(settings);
  const run = (provider: ProviderEntry, scenario: Scenario, signal?: AbortSignal) => {
    const link = links.get(provider.id);
    if (!link)
      throw new Error(`no live link for provider '${provider.id}': it is not among the run's providers`);
    return runLiveCase({
      provider,
      scenario,
      mode,
      env,
      fetch: link.fetch,
      ...(link.unreachable ? { unreachable: link.unreachable } : {}),
      requireKeys: settings.requireKeys,
      repeat: settings.repeat,
      fixtureDir: settings.fixtureDir,
      secrets,
      caseTimeoutMs: timeout,
      maxResponseBytes: settings.maxResponseBytes,
      ...(signal ? { signal } : {}),
    });
  };
  const probeKeyless = async () => {
    await Promise.all([...links.values()].map((link) => link.unreachable?.()));
  };
  const redactor = createRedactor(secrets);
  return Object.assign(run, { probeKeyless, redact: (text: string) => redactor.text(text) });
}
