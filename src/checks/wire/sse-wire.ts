import { createSseParser, type ParsedSse, type SseComment, type SseEvent } from '../../wire/sse.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { type Diagnostic, failure } from '../diagnostic.ts';
import { type DiagnosticList, info } from './diagnostic-list.ts';
import { isRecord, parseJson } from './read-wire.ts';

/** An event's wire text for evidence, without the line ending after its last field. */
export function eventEvidence(event: SseEvent): string {
  return event.raw.replace(/[\r\n]+$/, '');
}

/** A stream was asked for but the body holds no events and reads like one JSON document. */
export function notEventStreamDiagnostic(
  text: string,
  parsed: Pick<ParsedSse, 'events'>,
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

/** Distinct comment texts noted one by one; any others are counted together. */
const MAX_COMMENT_NOTES = 10;

/** How often each comment text came: counted, not kept, so a body of millions of `:` lines costs a few entries. */
class CommentCounts {
  readonly #counts = new Map<string, { raw: string; count: number }>();
  #others = 0;

  add(comment: SseComment): void {
    const seen = this.#counts.get(comment.text);
    if (seen) seen.count++;
    else if (this.#counts.size < MAX_COMMENT_NOTES)
      this.#counts.set(comment.text, { raw: comment.raw, count: 1 });
    else this.#others++;
  }

  /** One `sse-comment` note per distinct comment text, with how often it came. */
  diagnostics(): Diagnostic[] {
    const notes = [...this.#counts.values()].map(({ raw, count }) =>
      info(
        'sse-comment',
        `the stream carried ${count === 1 ? 'an SSE comment line' : `${count} SSE comment lines`} ` +
          '(keep-alives); SSE clients must ignore them',
        raw,
      ),
    );
    if (this.#others > 0) {
      notes.push(
        info(
          'sse-comment',
          `the stream carried ${this.#others} more SSE comment line(s) with other texts; SSE clients must ignore them`,
        ),
      );
    }
    return notes;
  }
}

/**
 * A streamed body parsed as server-sent events, its comment notes added to `list`; undefined, with a
 * `not-event-stream` failure added instead, when the body is one JSON document.
 */
export function parseStreamBody(
  text: string,
  exchange: TappedExchange,
  list: DiagnosticList,
): Omit<ParsedSse, 'comments'> | undefined {
  const events: SseEvent[] = [];
  const comments = new CommentCounts();
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.add(comment),
  });
  parser.feed(text);
  const unterminated = parser.end();
  const parsed = unterminated ? { events, unterminated } : { events };
  const notStream = notEventStreamDiagnostic(text, parsed, exchange);
  if (notStream) {
    list.add(notStream);
    return undefined;
  }
  for (const diagnostic of comments.diagnostics()) list.add(diagnostic);
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
