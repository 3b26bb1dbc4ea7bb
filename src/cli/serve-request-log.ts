import type { Fixture } from '../fixtures/fixture.ts';
import type { ReceivedRequest } from '../fixtures/fixture-server.ts';
import { exchangesOf, matchExchange, type ServedExchange } from '../fixtures/match-exchange.ts';
import type { ServeFault } from './serve-fault-option.ts';

const MAX_DRIFT_LINES = 8;
const MAX_DRIFT_CHARS = 200;

function describeFault(fault: ServeFault): string {
  const { fault: what } = fault;
  switch (what.kind) {
    case 'status':
      return `injected HTTP ${what.status}`;
    case 'never-respond':
      return 'injected never-respond (no headers, ever)';
    case 'reset-mid-stream':
      return `injected reset after ${what.afterChunks} chunk(s)`;
    case 'stall':
      return `injected stall after ${what.afterChunks} chunk(s)`;
  }
}

/**
 * One line per request `llmcompat serve` receives: which fixture answered, or why none did (no fixture for the
 * provider; or the closest exchange with each field that differs, as `run` words request drift), and the fault
 * injected instead, if one was.
 */
export function createRequestLog(fixtures: readonly Fixture[]) {
  const byProvider = new Map<string, ServedExchange[]>();
  const byId = new Map<string, ServedExchange>();
  for (const fixture of fixtures) {
    const exchanges = exchangesOf(fixture);
    byProvider.set(fixture.provider, [...(byProvider.get(fixture.provider) ?? []), ...exchanges]);
    for (const exchange of exchanges) byId.set(exchange.id, exchange);
  }
  return (request: ReceivedRequest, index: number, fault: ServeFault | undefined): string => {
    const head = `#${index + 1} ${request.method} /${request.provider}${request.path}`;
    const injected = fault ? ` · ${describeFault(fault)}` : '';
    if (request.fixture !== undefined) {
      const status = byId.get(request.fixture)?.exchange.response.status ?? '?';
      return `${head} → ${status} ${request.fixture}${injected}`;
    }
    const candidates = byProvider.get(request.provider);
    if (!candidates) {
      return `${head} → 404, no fixtures served for provider '${request.provider}'${injected}`;
    }
    const match = matchExchange(candidates, {
      method: request.method,
      target: request.path,
      body: request.body,
    });
    if (match.matched || !match.closest) return `${head} → 404, no fixture matches${injected}`;
    const shown = match.drift.slice(0, MAX_DRIFT_LINES).map((line) => line.slice(0, MAX_DRIFT_CHARS));
    const more = match.drift.length - shown.length;
    return (
      `${head} → 404, no fixture matches; closest ${match.closest.id} (${match.drift.length} difference(s)): ` +
      `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}${injected}`
    );
  };
}
