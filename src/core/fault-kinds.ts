/** The ways a provider (or the path to it) can misbehave, each one named so a person knows what to do about it. */
export const FAULT_KINDS = {
  'rate-limited': 'HTTP 429: too many requests; wait as long as Retry-After says',
  'server-error': 'HTTP 500, 502 or 503: the provider failed; retry with backoff',
  overloaded: 'the provider is overloaded (Anthropic 529, overloaded_error, a 503 saying so); retry later',
  'mid-stream-error': 'a 200 stream that reports an error part-way: the answer is cut short',
  'connection-reset': 'the connection was closed mid-stream: the answer is incomplete',
  'truncated-stream':
    'the stream ended cleanly in the middle of an event, or after its finish without the end marker: the answer ' +
    'may be incomplete',
  'missing-finish':
    'the stream ended between events with no finish reason and no end marker: a client cannot tell a finished ' +
    'answer from a cut one',
  'invalid-json-chunk': 'a chunk of the stream is not valid JSON',
  'empty-body': 'HTTP 200 with nothing in the body',
  'wrong-content-type': 'HTTP 200 with a body that is not the API (an HTML page from a proxy or portal)',
  'first-byte-timeout': 'no response headers within the request timeout',
  'stream-stall': 'the body stopped arriving for longer than the idle timeout',
  oversized: 'the response passed the size cap (maxResponseBytes)',
  'keepalive-comments':
    'keep-alive lines between the events (SSE comments such as `: OPENROUTER PROCESSING`, `data: : keepalive`; ' +
    'blank lines in NDJSON): nothing is wrong, a client must skip them',
  'crlf-framing':
    'every line ends in CRLF (`\\r\\n`), which SSE allows and NDJSON readers accept: nothing is wrong, a client ' +
    'must split lines on CR and LF alike',
  'utf8-split':
    'a read ended inside a multi-byte character (its UTF-8 bytes split across two network reads): nothing is wrong, ' +
    'a client must decode the stream, not each read, or it writes U+FFFD',
  'json-split':
    "one event's JSON (an SSE data line, an NDJSON line) split across two network reads: nothing is wrong, a client " +
    'must buffer a line until it ends',
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

/**
 * Faults that are not faults: framings the protocol allows, which break careless parsers. The stream is whole; the
 * harness names what it saw, and a client copes when it returns the whole answer without raising.
 */
export const WIRE_QUIRKS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'keepalive-comments',
  'crlf-framing',
  'utf8-split',
  'json-split',
]);
