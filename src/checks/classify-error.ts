import type { ClassifiedError } from '../core/classified-error.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { classifyBodyFault } from './classify-body-fault.ts';
import { classifyTransportError } from './classify-transport-error.ts';
import { bodyText, providerMessage } from './read-error-body.ts';
import { describeRetryAfter, readRetryAfter } from './read-retry-after.ts';

const AUTH_WORDS = /api[ _-]?key|unauthori[sz]ed|authenticat|invalid[ _]key|API_KEY_INVALID|permission/i;
const MODEL_WORDS = /model/i;
const OVERLOADED_WORDS = /overloaded|\bbusy\b|capacity/i;

function failedStatus(
  status: number,
  exchange: TappedExchange | undefined,
  message: string,
): ClassifiedError {
  const body = bodyText(exchange);
  const notes: string[] = [];
  if (status === 401 || status === 403) return { kind: 'auth', status, message, notes };
  if (status === 429) {
    const retryAfter = readRetryAfter(exchange?.responseHeaders, body);
    const classified: ClassifiedError = {
      kind: 'rate-limited',
      status,
      message: `HTTP 429, rate limited: ${message}; ${describeRetryAfter(retryAfter)}`,
      notes,
    };
    if (retryAfter) classified.retryAfter = retryAfter;
    return classified;
  }
  if (status === 529 || (status === 503 && OVERLOADED_WORDS.test(body)) || /overloaded_error/.test(body)) {
    return {
      kind: 'overloaded',
      status,
      message: `HTTP ${status}, the provider is overloaded: ${message}; retry later, with backoff`,
      notes,
    };
  }
  if (status >= 500) {
    return {
      kind: 'server-error',
      status,
      message: `HTTP ${status} from the provider: ${message}; retry with backoff, and check its status page if it lasts`,
      notes,
    };
  }
  if (status === 404) {
    return {
      kind: MODEL_WORDS.test(body) || MODEL_WORDS.test(message) ? 'unknown-model' : 'other',
      status,
      message,
      notes,
    };
  }
  if (status === 400 || status === 422) {
    if (AUTH_WORDS.test(body)) {
      notes.push(`a bad key was answered with HTTP ${status}, not 401`);
      return { kind: 'auth', status, message, notes };
    }
    if (MODEL_WORDS.test(message)) {
      notes.push(`an unknown model was answered with HTTP ${status}, not 404`);
      return { kind: 'unknown-model', status, message, notes };
    }
    return { kind: 'bad-request', status, message, notes };
  }
  return { kind: 'other', status, message, notes };
}

function thrownMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What went wrong in an exchange, whether or not the adapter raised it: the connection first (size cap, timeouts, a
 * reset), then the status, then the body (wrong content, nothing at all, and what the wire checks found in it).
 * Undefined when nothing went wrong and nothing was thrown.
 */
export function classifyExchange(
  exchange: TappedExchange | undefined,
  wire: readonly Diagnostic[] = [],
  error?: unknown,
): ClassifiedError | undefined {
  const transport = classifyTransportError(error, exchange);
  if (transport) return transport;
  const status = exchange?.status;
  if (status === undefined) {
    return error === undefined ? undefined : { kind: 'network', message: thrownMessage(error), notes: [] };
  }
  if (status >= 400) {
    const message = providerMessage(bodyText(exchange)) ?? (error === undefined ? '' : thrownMessage(error));
    return failedStatus(status, exchange, message || `HTTP ${status}`);
  }
  const fault = classifyBodyFault(exchange as TappedExchange, wire);
  if (fault) return fault;
  return error === undefined
    ? undefined
    : { kind: 'other', status, message: thrownMessage(error), notes: [] };
}

/** Classifies why a request failed, from what crossed the wire first and the thrown error second. */
export function classifyError(
  error: unknown,
  exchange: TappedExchange | undefined,
  wire: readonly Diagnostic[] = [],
): ClassifiedError {
  return (
    classifyExchange(exchange, wire, error) ?? { kind: 'other', message: thrownMessage(error), notes: [] }
  );
}
