import type { ProviderEntry } from '../catalog/providers.ts';
import { classifyError } from '../checks/classify-error.ts';
import type { Adapter, AdapterConfig, ChatRequest } from '../core/adapter-contract.ts';
import type { RequestSample } from '../core/latency-report.ts';
import { createAdapter } from '../protocols/create-adapter.ts';
import type { Protocol } from '../protocols/index.ts';
import { createWireTap, type TappedExchange } from '../wire/tap.ts';
import { REPLAY_MISS, REPLAY_MISS_HEADER } from './bench-replay.ts';
import { requestMetrics } from './request-metrics.ts';

export interface RequestTarget {
  /** With base URL and model overrides applied. */
  provider: ProviderEntry;
  /** The wire protocol the figures are read in (the provider's, narrowed to a built-in one). */
  protocol: Protocol;
  apiKey: string;
  /** The transport under the wire tap: msw-patched fetch (recorded) or the provider's live fetch. */
  fetch: typeof fetch;
  stream: boolean;
}

function errorKind(error: unknown, exchange: TappedExchange | undefined): string {
  if (exchange?.responseHeaders?.[REPLAY_MISS_HEADER] === REPLAY_MISS) return 'request-drift';
  return classifyError(error, exchange).kind;
}

function adapterFor(target: RequestTarget, tapFetch: typeof fetch): Adapter {
  const config: AdapterConfig = {
    baseUrl: target.provider.baseUrl,
    apiKey: target.apiKey,
    fetch: tapFetch,
    quirks: target.provider.quirks ?? {},
  };
  // A custom adapter from the config may stand in for a built-in protocol's.
  return target.provider.adapter
    ? target.provider.adapter(config)
    : createAdapter(target.provider.protocol, config);
}

async function send(
  target: RequestTarget,
  request: ChatRequest,
  tapFetch: typeof fetch,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const adapter = adapterFor(target, tapFetch);
  try {
    if (!target.stream) {
      await adapter.complete(request, signal);
      return undefined;
    }
    // Consumed as a client would, event by event: the adapter's own cost is part of what a user pays.
    for await (const _event of adapter.stream(request, signal)) {
      // nothing to keep: the figures come from the wire
    }
    return undefined;
  } catch (error) {
    return error ?? new Error('undefined was thrown');
  }
}

/** Every request of the tap carries `signal` too, whatever the adapter does with the one it is handed. */
function abortable(base: typeof fetch, signal: AbortSignal | undefined): typeof fetch {
  if (!signal) return base;
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    base(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    })) as typeof fetch;
}

/**
 * One measured request: sent through the provider's adapter (the official SDK) over a wire tap, its figures read
 * from the tapped chunks. Never throws: a failure is a sample with its error kind. `signal` aborts it at any point.
 */
export async function measureRequest(
  target: RequestTarget,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<RequestSample> {
  const tap = createWireTap(abortable(target.fetch, signal));
  const error = await send(target, request, tap.fetch, signal);
  await tap.settled();
  const exchange = tap.exchanges[0];
  if (error !== undefined) return { ok: false, errorKind: errorKind(error, exchange) };
  if (!exchange) return { ok: false, errorKind: 'no-request' };
  const metrics = requestMetrics(exchange, target.protocol, target.stream);
  if (metrics.ttftMs === undefined) return { ok: false, errorKind: 'empty-response' };
  const sample: RequestSample = { ok: true, ttftMs: metrics.ttftMs, chunkGapsMs: metrics.chunkGapsMs };
  if (metrics.e2eMs !== undefined) sample.e2eMs = metrics.e2eMs;
  if (metrics.itlMs !== undefined) sample.itlMs = metrics.itlMs;
  if (metrics.outputTokens !== undefined) sample.outputTokens = metrics.outputTokens;
  if (metrics.tokenSource !== undefined) sample.tokenSource = metrics.tokenSource;
  if (metrics.outputTokensPerSecond !== undefined)
    sample.outputTokensPerSecond = metrics.outputTokensPerSecond;
  return sample;
}
