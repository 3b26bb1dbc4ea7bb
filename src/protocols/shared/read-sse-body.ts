import { type Diagnostic, failure } from '../../core/diagnostic.ts';
import { isRecord } from '../../core/is-record.ts';
import { bodyText } from '../../wire/body-text.ts';
import type { TappedExchange } from '../../wire/tap.ts';
import { type DiagnosticList, info } from './diagnostic-list.ts';
import { readWireEvents } from './read-wire-events.ts';
import type { WireComment, WireEvent, WireFormat, WireRest } from './wire-event.ts';

/** How a streamed body ended, once its events were judged. */
export interface SseBodyEnd {
  /** The last event a blank line closed. */
  lastEvent?: WireEvent;
  /** What the body ended in when no blank line closed it. */
  unterminated?: WireEvent | WireRest;
  /** Where the diagnostics of the events begin in the list (after the comment notes). */
  eventsAt: number;
}

/** An event's wire text for evidence, without the line ending after its last field. */
export function eventEvidence(event: WireEvent): string {
  return event.raw.replace(/[\r\n]+$/, '');
}

/** A stream was asked for but the body holds no events and reads like one JSON document. */
function notEventStreamDiagnostic(exchange: TappedExchange): Diagnostic | undefined {
  const trimmed = bodyText(exchange).trim();
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

  add(comment: WireComment): void {
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
 * Reads a streamed body as server-sent events in the protocol's terms, handing each event a blank line closed to
 * `onEvent` as it is read, and notes the comments first in `list`. Returns how the body ended; undefined, with a
 * `not-event-stream` failure added instead, when the body holds no event and is one JSON document.
 */
export function readSseBody(
  exchange: TappedExchange,
  format: WireFormat,
  list: DiagnosticList,
  onEvent: (event: WireEvent) => void,
): SseBodyEnd | undefined {
  const start = list.items.length;
  const comments = new CommentCounts();
  const end: Omit<SseBodyEnd, 'eventsAt'> = {};
  readWireEvents(exchange, format, true, (item) => {
    if (item.kind === 'comment') comments.add(item);
    else if (item.kind === 'rest' || item.unterminated) end.unterminated = item;
    else {
      end.lastEvent = item;
      onEvent(item);
    }
  });
  const notStream = end.lastEvent === undefined ? notEventStreamDiagnostic(exchange) : undefined;
  if (notStream) {
    list.add(notStream);
    return undefined;
  }
  const notes = comments.diagnostics();
  list.insert(start, notes);
  return { ...end, eventsAt: start + notes.length };
}

/**
 * An event's data as a JSON object; undefined, with one `invalid-json-chunk` failure in `list`, when it is not.
 * `message` says which clients break on such an event.
 */
export function eventObject(
  event: WireEvent,
  list: DiagnosticList,
  message: string,
): Record<string, unknown> | undefined {
  if (event.json.ok && isRecord(event.json.value)) return event.json.value;
  list.once(failure('invalid-json-chunk', message, event.data));
  return undefined;
}
