import type { ProviderEntry } from '../catalog/providers.ts';
import { createLiveFetch } from './live-fetch.ts';
import { probeEndpoint } from './probe-endpoint.ts';
import type { RunSettings } from './run-settings.ts';

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
  return 2 * (settings.live.retries + 1) * (settings.live.requestTimeoutMs + settings.live.idleTimeoutMs);
}
