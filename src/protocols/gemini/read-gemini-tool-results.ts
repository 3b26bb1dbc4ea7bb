import { isRecord } from '../../core/is-record.ts';
import { records } from '../shared/wire-view.ts';

/**
 * The call ids a Gemini request's `functionResponse` parts answer, in order; '' where one has none (Gemini matches
 * a response to its call by name, and sends call ids only on some models).
 */
export function geminiToolResultIds(body: unknown): string[] {
  return partIds(body, 'functionResponse');
}

/** The ids of the `functionCall` parts a Gemini request's history carries, in order; '' where one has none. */
export function geminiToolCallIds(body: unknown): string[] {
  return partIds(body, 'functionCall');
}

function partIds(body: unknown, field: 'functionCall' | 'functionResponse'): string[] {
  const contents = isRecord(body) ? records(body.contents) : [];
  return contents
    .flatMap((content) => records(content.parts))
    .flatMap((part) => {
      const value = part[field];
      return isRecord(value) ? [value] : [];
    })
    .map((value) => (typeof value.id === 'string' ? value.id : ''));
}
