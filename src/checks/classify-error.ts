import type { TappedExchange } from '../wire/tap.ts';

export type ErrorKind =
  | 'auth'
  | 'unknown-model'
  | 'bad-request'
  | 'rate-limited'
  | 'overloaded'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'other';

export interface ClassifiedError {
  kind: ErrorKind;
  status?: number;
  /** The provider's own message when the body had one, else the thrown error's. */
  message: string;
  /** Notes on how the provider strayed from the usual signal (e.g. a bad key answered 400, not 401). */
  notes: string[];
}

function bodyText(exchange: TappedExchange | undefined): string {
  return exchange ? exchange.chunks.map((chunk) => chunk.text).join('') : '';
}

/** Digs the human message out of the error bodies providers send (`{error:{message}}`, arrays, `{message}`). */
export function providerMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() ? body.trim().slice(0, 300) : undefined;
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== 'object' || first === null) return undefined;
  const record = first as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return typeof record.message === 'string' ? record.message : undefined;
}

const AUTH_WORDS = /api[ _-]?key|unauthori[sz]ed|authenticat|invalid[ _]key|API_KEY_INVALID|permission/i;
const MODEL_WORDS = /model/i;

/** Classifies why a request failed, from what crossed the wire first and the thrown error second. */
export function classifyError(error: unknown, exchange: TappedExchange | undefined): ClassifiedError {
  const thrown = error instanceof Error ? error.message : String(error);
  const status = exchange?.status;
  const body = bodyText(exchange);
  const message = providerMessage(body) ?? thrown;
  const notes: string[] = [];
  if (status === undefined || (status < 400 && exchange?.transportError)) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || /timed? ?out/i.test(thrown));
    return { kind: timeout ? 'timeout' : 'network', message: exchange?.transportError ?? thrown, notes };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, message, notes };
  if (status === 429) return { kind: 'rate-limited', status, message, notes };
  if (status === 529) return { kind: 'overloaded', status, message, notes };
  if (status >= 500) return { kind: 'server-error', status, message, notes };
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
