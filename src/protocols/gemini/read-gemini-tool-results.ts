import { isRecord } from '../../core/is-record.ts';
import type { FlaggedToolResult } from '../protocol-definition.ts';
import { records } from '../shared/wire-view.ts';

function partsOf(body: unknown, field: 'functionCall' | 'functionResponse'): Record<string, unknown>[] {
  const contents = isRecord(body) ? records(body.contents) : [];
  return contents
    .flatMap((content) => records(content.parts))
    .flatMap((part) => {
      const value = part[field];
      return isRecord(value) ? [value] : [];
    });
}

const idOf = (value: Record<string, unknown>) => (typeof value.id === 'string' ? value.id : '');

/**
 * The call ids a Gemini request's `functionResponse` parts answer, in order; '' where one has none (Gemini matches
 * a response to its call by name, and sends call ids only on some models).
 */
export function geminiToolResultIds(body: unknown): string[] {
  return partsOf(body, 'functionResponse').map(idOf);
}

/** The ids of the `functionCall` parts a Gemini request's history carries, in order; '' where one has none. */
export function geminiToolCallIds(body: unknown): string[] {
  return partsOf(body, 'functionCall').map(idOf);
}

/**
 * The `functionResponse` parts of a Gemini request, in order, each flagged an error by an `error` key in its
 * `response`, which FunctionResponse documents for a call that failed (else the whole response is the output).
 */
export function geminiToolResultFlags(body: unknown): FlaggedToolResult[] {
  return partsOf(body, 'functionResponse').map((response) => ({
    isError: isRecord(response.response) && 'error' in response.response,
    json: JSON.stringify(response),
  }));
}
