import type { ParsedSse, SseComment, SseEvent } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { type Diagnostic, failure } from '../diagnostic.ts';
import { info } from './diagnostic-list.ts';

/** An event's wire text for evidence, without the line ending after its last field. */
export function eventEvidence(event: SseEvent): string {
  return event.raw.replace(/[\r\n]+$/, '');
}

/** A stream was asked for but the body holds no events and reads like one JSON document. */
export function notEventStreamDiagnostic(
  text: string,
  parsed: ParsedSse,
  exchange: TappedExchange,
): Diagnostic | undefined {
  if (parsed.events.length > 0) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  const contentType = exchange.responseHeaders?.['content-type'] ?? 'no content-type';
  return failure(
    'not-event-stream',
    `a stream was requested but the response is a JSON body (${contentType}), not server-sent events: ` +
      'the provider ignored the stream request or this endpoint does not stream',
    trimmed,
  );
}

/** One `sse-comment` note per distinct comment text, with how often it came. */
export function commentDiagnostics(comments: SseComment[]): Diagnostic[] {
  const counts = new Map<string, { raw: string; count: number }>();
  for (const comment of comments) {
    const seen = counts.get(comment.text);
    if (seen) seen.count++;
    else counts.set(comment.text, { raw: comment.raw, count: 1 });
  }
  return [...counts.values()].map(({ raw, count }) =>
    info(
      'sse-comment',
      `the stream carried ${count === 1 ? 'an SSE comment line' : `${count} SSE comment lines`} ` +
        '(keep-alives); SSE clients must ignore them',
      raw,
    ),
  );
}
