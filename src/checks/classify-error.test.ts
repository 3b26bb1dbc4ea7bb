import { describe, expect, it } from 'vitest';
import { failure } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { classifyError, classifyExchange } from './classify-error.ts';
import { readRetryAfter } from './read-retry-after.ts';

function exchange(fields: Partial<TappedExchange> & { body?: string }): TappedExchange {
  const { body, ...rest } = fields;
  return {
    request: { method: 'POST', url: 'https://api.example.com/v1/chat', headers: {} },
    chunks: body === undefined ? [] : [{ t: 10, text: body }],
    complete: true,
    ...rest,
  };
}

const json = { 'content-type': 'application/json' };
const sse = { 'content-type': 'text/event-stream' };

describe('classifyError: status faults', () => {
  it('names a 429 rate-limited with the Retry-After it gave', () => {
    const classified = classifyError(
      new Error('429'),
      exchange({
        status: 429,
        responseHeaders: { ...json, 'retry-after': '20' },
        body: '{"error":{"message":"Rate limit reached"}}',
      }),
    );
    expect(classified).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryAfter: { said: 'Retry-After: 20', seconds: 20 },
    });
    expect(classified.message).toBe(
      'HTTP 429, rate limited: Rate limit reached; it asks to wait 20 s (Retry-After: 20) before retrying',
    );
  });

  it('reads the wait from retry-after-ms, an HTTP date, or Google RetryInfo, and says when there is none', () => {
    const now = Date.parse('2026-11-26T09:00:00Z');
    expect(readRetryAfter({ 'retry-after-ms': '532' }, '', now)).toEqual({
      said: 'retry-after-ms: 532',
      seconds: 0.532,
    });
    expect(readRetryAfter({ 'retry-after': 'Thu, 26 Nov 2026 09:00:30 GMT' }, '', now)?.seconds).toBe(30);
    expect(readRetryAfter({}, '{"details":[{"retryDelay": "34.4s"}]}')).toEqual({
      said: 'RetryInfo.retryDelay: 34.4s',
      seconds: 34.4,
    });
    const none = classifyError(
      new Error('429'),
      exchange({ status: 429, responseHeaders: json, body: '{}' }),
    );
    expect(none.message).toContain('it gave no Retry-After: back off exponentially');
    expect(none.retryAfter).toBeUndefined();
  });

  it('tells overloaded (529, overloaded_error, a 503 that says so) from a server error (500, 502, 503)', () => {
    const kind = (status: number, body: string) =>
      classifyError(new Error(String(status)), exchange({ status, responseHeaders: json, body })).kind;
    expect(kind(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toBe(
      'overloaded',
    );
    expect(kind(503, '{"error":{"message":"The model is overloaded. Please try again later."}}')).toBe(
      'overloaded',
    );
    expect(kind(503, '{"error":"server busy, please try again."}')).toBe('overloaded');
    expect(kind(503, '{"error":{"message":"The service is currently unavailable."}}')).toBe('server-error');
    expect(kind(500, '{"error":{"message":"boom"}}')).toBe('server-error');
    expect(kind(502, '<html><head><title>502 Bad Gateway</title></head></html>')).toBe('server-error');
  });

  it('quotes the title of an HTML error page instead of its markup', () => {
    const classified = classifyError(
      new Error('502'),
      exchange({
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head><body>…</body></html>',
      }),
    );
    expect(classified.message).toContain('an HTML page: "502 Bad Gateway"');
  });

  it('keeps the auth and unknown-model kinds, with their notes', () => {
    const auth = classifyError(
      new Error('400'),
      exchange({ status: 400, responseHeaders: json, body: '{"error":{"message":"API key not valid"}}' }),
    );
    expect(auth).toMatchObject({ kind: 'auth', notes: ['a bad key was answered with HTTP 400, not 401'] });
    const model = classifyError(
      new Error('404'),
      exchange({ status: 404, responseHeaders: json, body: '{"error":{"message":"model x not found"}}' }),
    );
    expect(model.kind).toBe('unknown-model');
  });
});

describe('classifyError: the connection', () => {
  it('names a request timeout first-byte-timeout and an idle timeout stream-stall', () => {
    const noHeaders = new DOMException('no response headers within 300 ms (request timeout)', 'TimeoutError');
    expect(classifyError(noHeaders, exchange({ transportError: noHeaders.message })).kind).toBe(
      'first-byte-timeout',
    );
    const stalled = new DOMException('stream stalled: no bytes for 300 ms (idle timeout)', 'TimeoutError');
    const stall = classifyError(
      stalled,
      exchange({ status: 200, responseHeaders: sse, body: 'data: {}\n\n', transportError: stalled.message }),
    );
    expect(stall).toMatchObject({ kind: 'stream-stall', status: 200 });
    expect(stall.message).toContain('after 1 chunk(s)');
  });

  it('names a connection closed mid-body connection-reset, whatever the SDK wrapped it in', () => {
    const wrapped = new Error('Connection error.', { cause: new TypeError('terminated') });
    const classified = classifyError(
      wrapped,
      exchange({
        status: 200,
        responseHeaders: sse,
        body: 'data: {}\n\n',
        transportError: 'terminated: read ECONNRESET',
      }),
    );
    expect(classified.kind).toBe('connection-reset');
    expect(classified.message).toContain('terminated: read ECONNRESET');
  });

  it('names a body past the size cap oversized, through the error chain or the tap', () => {
    const error = Object.assign(new Error('response too large: 10500000 bytes arrived, past the 10 MB cap'), {
      name: 'ResponseTooLargeError',
    });
    expect(classifyError(new Error('stream failed', { cause: error }), exchange({ status: 200 })).kind).toBe(
      'oversized',
    );
    expect(classifyExchange(exchange({ status: 200, transportError: error.message }))?.kind).toBe(
      'oversized',
    );
  });

  it('leaves a body the client gave up on to its content, and a failure before headers to network', () => {
    const aborted = exchange({
      status: 200,
      responseHeaders: sse,
      body: 'data: {broken\n\n',
      transportError: 'This operation was aborted',
    });
    const wire = [failure('invalid-json-chunk', 'a data event is not a JSON object', '{broken')];
    expect(classifyExchange(aborted, wire, new Error('Could not parse'))?.kind).toBe('invalid-json-chunk');
    expect(
      classifyError(new TypeError('fetch failed'), exchange({ transportError: 'fetch failed' })).kind,
    ).toBe('network');
  });
});

describe('classifyExchange: the body of a 200', () => {
  it('names an HTML page wrong-content-type, quoting its title', () => {
    const classified = classifyExchange(
      exchange({
        status: 200,
        responseHeaders: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Sign in to the network</title></head></html>',
      }),
    );
    expect(classified?.kind).toBe('wrong-content-type');
    expect(classified?.message).toContain('an HTML page ("Sign in to the network")');
  });

  it('names an empty 200 empty-body', () => {
    expect(classifyExchange(exchange({ status: 200, responseHeaders: sse }))?.kind).toBe('empty-body');
  });

  it('reads the wire checks: an error part-way, overloaded_error, a chunk that is not JSON, a missing end', () => {
    const body = exchange({ status: 200, responseHeaders: sse, body: 'data: {"choices":[]}\n\n' });
    const kindOf = (...wire: ReturnType<typeof failure>[]) => classifyExchange(body, wire)?.kind;
    expect(kindOf(failure('mid-stream-error', 'the provider reported an error inside a 200 stream'))).toBe(
      'mid-stream-error',
    );
    expect(
      kindOf(failure('stream-error-event', 'an `error` event, overloaded_error', 'overloaded_error')),
    ).toBe('overloaded');
    expect(kindOf(failure('stream-error-event', 'an `error` event, api_error', 'api_error'))).toBe(
      'mid-stream-error',
    );
    expect(kindOf(failure('no-done-sentinel', 'no [DONE]'), failure('invalid-json-chunk', 'not JSON'))).toBe(
      'invalid-json-chunk',
    );
    expect(kindOf(failure('no-done-sentinel', 'no [DONE]'))).toBe('truncated-stream');
    expect(kindOf(failure('truncated-stream', 'no message_stop'))).toBe('truncated-stream');
    // Whole events and no finish: the finish was dropped (missing-finish); cut mid-event: truncated, marker or not.
    expect(kindOf(failure('no-finish-reason', 'no finishReason'))).toBe('missing-finish');
    expect(kindOf(failure('no-done-sentinel', 'no [DONE]'), failure('no-finish-reason', 'no finish'))).toBe(
      'missing-finish',
    );
    const cut = exchange({ status: 200, responseHeaders: sse, body: 'data: {"choices":[]}\n\ndata: {"cho' });
    expect(classifyExchange(cut, [failure('no-finish-reason', 'no finishReason')])?.kind).toBe(
      'truncated-stream',
    );
    const ndjson = { 'content-type': 'application/x-ndjson' };
    const line = exchange({ status: 200, responseHeaders: ndjson, body: '{"done":false}\n' });
    expect(classifyExchange(line, [failure('no-finish-reason', 'no done_reason')])?.kind).toBe(
      'missing-finish',
    );
    expect(kindOf(failure('not-event-stream', 'a JSON body, not server-sent events'))).toBe(
      'wrong-content-type',
    );
  });

  it('finds nothing in a healthy exchange', () => {
    expect(
      classifyExchange(exchange({ status: 200, responseHeaders: sse, body: 'data: [DONE]\n\n' })),
    ).toBeUndefined();
  });
});
