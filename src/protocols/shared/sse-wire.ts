import { type Diagnostic, failure } from '../../checks/diagnostic.ts';
import { type ParsedSse, parseSse, type SseComment, type SseEvent } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { type DiagnosticList, info } from './diagnostic-list.ts';
import { isRecord, parseJson } from './read-wire.ts';

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

/**
 * A streamed body parsed as server-sent events, its comment notes added to `list`; undefined, with a
 * `not-event-stream` failure added instead, when the body is one JSON document.
 */
export function parseStreamBody(
  text: string,
  exchange: TappedExchange,
  list: DiagnosticList,
): ParsedSse | undefined {
  const parsed = parseSse(text);
  const notStream = notEventStreamDiagnostic(text, parsed, exchange);
  if (notStream) {
    list.add(notStream);
    return undefined;
  }
  for (const diagnostic of commentDiagnostics(parsed.comments)) list.add(diagnostic);
  return parsed;
}

/**
 * An event's data as a JSON object; undefined, with one `invalid-json-chunk` failure in `list`, when it is not.
 * `message` says which clients break on such an event.
 */
export function eventObject(
  event: SseEvent,
  list: DiagnosticList,
  message: string,
): Record<string, unknown> | undefined {
  const json = parseJson(event.data);
  if (json.ok && isRecord(json.value)) return json.value;
  list.once(failure('invalid-json-chunk', message, event.data));
  return undefined;
}
