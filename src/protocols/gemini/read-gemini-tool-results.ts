import { isRecord } from '../../core/is-record.ts';
import { records } from '../shared/wire-view.ts';

/**
 * The call ids a Gemini request's `functionResponse` parts answer, in order; '' where one has none (Gemini matches
 * a response to its call by name, and sends call ids only on some models).
 */
export function geminiToolResultIds(body: unknown): string[] {
  const contents = isRecord(body) ? records(body.contents) : [];
  return contents
    .flatMap((content) => records(content.parts))
    .flatMap((part) => (isRecord(part.functionResponse) ? [part.functionResponse] : []))
    .map((response) => (typeof response.id === 'string' ? response.id : ''));
}
