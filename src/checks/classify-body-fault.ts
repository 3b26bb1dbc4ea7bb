import type { ClassifiedError } from '../core/classified-error.ts';
import { type Diagnostic, trimEvidence } from '../core/diagnostic.ts';
import type { FaultKind } from '../core/fault-kinds.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { bodyText, htmlTitle, looksLikeHtml } from './read-error-body.ts';

const OVERLOADED = /overloaded_error|\boverloaded\b/i;
const STREAM_TYPES = /event-stream|ndjson/i;
const NDJSON = /ndjson/i;

const SSE_EVENT_END = /(?:\r\n\r\n|\n\n|\r\r)$/;

/** An SSE event ends with a blank line and an NDJSON line with a newline: a body without a final one was cut. */
function endsMidEvent(body: string, contentType: string): boolean {
  return NDJSON.test(contentType) ? !body.endsWith('\n') : !SSE_EVENT_END.test(body);
}

function withEvidence(diagnostic: Diagnostic): string {
  return diagnostic.evidence
    ? `${diagnostic.message} (${trimEvidence(diagnostic.evidence, 120)})`
    : diagnostic.message;
}

/**
 * The faults a 2xx body shows: not the API at all (an HTML page), nothing at all, or what the protocol's wire checks
 * found in it: an error reported part-way, a chunk that is not JSON, a stream that stopped before its end marker.
 */
export function classifyBodyFault(
  exchange: TappedExchange,
  wire: readonly Diagnostic[],
): ClassifiedError | undefined {
  const status = exchange.status as number;
  const contentType = exchange.responseHeaders?.['content-type'] ?? '';
  const body = bodyText(exchange);
  const fault = (kind: FaultKind, message: string): ClassifiedError => ({ kind, status, message, notes: [] });
  if (/html|xml/i.test(contentType) || looksLikeHtml(body)) {
    const title = htmlTitle(body);
    return fault(
      'wrong-content-type',
      `HTTP ${status} with content-type ${contentType || '(none)'}: ${title ? `an HTML page ("${title}")` : 'a page'}, ` +
        "not the provider's API; a proxy, captive portal or gateway answered: check the base URL and the network path",
    );
  }
  if (body.trim() === '' && exchange.transportError === undefined) {
    return fault(
      'empty-body',
      `HTTP ${status} with an empty body (content-type ${contentType || '(none)'}): nothing to read; retry, ` +
        'and report it to the provider if it repeats',
    );
  }
  const find = (...codes: string[]) => wire.find((d) => codes.includes(d.code));
  const midStream = find('stream-error-event', 'mid-stream-error');
  if (midStream) {
    const overloaded = OVERLOADED.test(`${midStream.message} ${midStream.evidence ?? ''}`);
    return fault(
      overloaded ? 'overloaded' : 'mid-stream-error',
      `${withEvidence(midStream)}${overloaded ? '; the provider is overloaded: retry later, with backoff' : ''}`,
    );
  }
  const invalid = find('invalid-json-chunk');
  if (invalid) return fault('invalid-json-chunk', withEvidence(invalid));
  const notStream = find('not-event-stream');
  if (notStream) return fault('wrong-content-type', notStream.message);
  const truncated = find('truncated-stream', 'no-done-sentinel');
  const unfinished = STREAM_TYPES.test(contentType) ? find('no-finish-reason') : undefined;
  // Whole events with nothing to say the answer ended: the provider (or the path) dropped the finish, not a byte.
  if (unfinished && !endsMidEvent(body, contentType)) {
    return fault(
      'missing-finish',
      `the stream ended between events with no finish reason${truncated ? ` and no end marker (${withEvidence(truncated)})` : ''}: ` +
        'a client cannot tell a finished answer from a cut one',
    );
  }
  if (truncated) return fault('truncated-stream', withEvidence(truncated));
  // A Gemini stream has no end marker: a cut one shows only as a stream that never said why it stopped.
  if (unfinished) {
    return fault(
      'truncated-stream',
      `the stream ended without saying why it stopped (${unfinished.message}): the answer may be incomplete`,
    );
  }
  return undefined;
}
