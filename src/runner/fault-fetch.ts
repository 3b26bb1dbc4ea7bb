import type { ScenarioLimits } from '../scenarios/scenarios.ts';
import { createLiveFetch } from './live-fetch.ts';

/**
 * The fetch of a fault scenario, replay included: the scenario's short request and idle timeouts, its size cap (or
 * the run's), and no retries, so the fault the fixture injects is what the case observes (a retried 429 would hide the 429).
 */
export function faultFetch(
  limits: ScenarioLimits,
  maxResponseBytes: number,
  base?: typeof fetch,
): typeof fetch {
  return createLiveFetch({
    retries: 0,
    requestTimeoutMs: limits.requestTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes ?? maxResponseBytes,
    concurrency: 1,
    ...(base ? { fetch: base } : {}),
  });
}
