import { describe, expect, it } from 'vitest';
import { deviation } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { nameWireQuirk } from './name-wire-quirk.ts';

function exchange(contentType: string, ...texts: string[]): TappedExchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/chat', headers: {} },
    status: 200,
    responseHeaders: { 'content-type': contentType },
    chunks: texts.map((text, i) => ({ t: i, text })),
    complete: true,
  };
}

const SSE = 'text/event-stream';
const NDJSON = 'application/x-ndjson';

describe('nameWireQuirk', () => {
  it('names CRLF framing when every line break of the body is CRLF, across chunks', () => {
    const crlf = exchange(SSE, 'data: {"a":1}\r\n\r\n', 'data: {"a":2}\r\n\r\ndata: [DONE]\r\n\r\n');
    expect(nameWireQuirk('crlf-framing', crlf, [])).toEqual({
      kind: 'crlf-framing',
      message: 'all 6 line break(s) are CRLF (\\r\\n): a client must split lines on CR and LF alike',
    });
    expect(
      nameWireQuirk('crlf-framing', exchange(NDJSON, '{"done":false}\r\n{"done":true}\r\n'), [])?.kind,
    ).toBe('crlf-framing');
  });

  it('does not name it on LF framing, or where a bare LF shows the body is not CRLF-framed', () => {
    expect(nameWireQuirk('crlf-framing', exchange(SSE, 'data: {"a":1}\n\n'), [])).toBeUndefined();
    expect(nameWireQuirk('crlf-framing', exchange(SSE, 'data: {"a":1}\r\n\n'), [])).toBeUndefined();
  });

  it('names keep-alives from the SSE comments the wire checks noted, and blank NDJSON lines from the body', () => {
    const comment = deviation('sse-comment', 'an SSE comment line', ': OPENROUTER PROCESSING');
    expect(nameWireQuirk('keepalive-comments', exchange(SSE, 'data: {}\n\n'), [comment])?.message).toContain(
      ': OPENROUTER PROCESSING',
    );
    expect(nameWireQuirk('keepalive-comments', exchange(NDJSON, '{"a":1}\n\n{"b":2}\n'), [])?.message).toBe(
      '1 blank line(s) between the NDJSON lines: a client must skip them',
    );
    expect(nameWireQuirk('keepalive-comments', exchange(NDJSON, '{"a":1}\n{"b":2}\n'), [])).toBeUndefined();
  });

  it('names a utf8 split where a read ended inside a character, and none where every read ended between', () => {
    const split = exchange(SSE, 'data: {"text":" 10 ', '€"}\n\n');
    (split.chunks[0] as { carriedBytes?: number }).carriedBytes = 1;
    expect(nameWireQuirk('utf8-split', split, [])).toEqual({
      kind: 'utf8-split',
      message:
        '1 read(s) ended inside a multi-byte character (1 byte(s) into "€" (U+20AC)): a client must decode the ' +
        'stream, not each read',
    });
    expect(nameWireQuirk('utf8-split', exchange(SSE, 'data: {"text":" 10 ', '€"}\n\n'), [])).toBeUndefined();
  });

  it("names a json split where a read ends inside an event's JSON, SSE or NDJSON, once per event", () => {
    const sse = exchange(SSE, 'event: delta\ndata: {"a":', '1', '}\n\ndata: {"b":2}\n\n');
    expect(nameWireQuirk('json-split', sse, [])).toEqual({
      kind: 'json-split',
      message:
        'the JSON of 1 event(s) spans two or more reads (the first cut after "data: {\\"a\\":"): a client must ' +
        'buffer a line until it ends',
    });
    expect(nameWireQuirk('json-split', exchange(NDJSON, '{"a":1}\n{"b"', ':2}\n'), [])?.kind).toBe(
      'json-split',
    );
  });

  it('names no json split where reads end between lines, before a line break, or outside JSON', () => {
    expect(
      nameWireQuirk('json-split', exchange(SSE, 'data: {"a":1}\n\n', 'data: {"b":2}\n\n'), []),
    ).toBeUndefined();
    expect(nameWireQuirk('json-split', exchange(SSE, 'data: {"a":1}', '\n\n'), [])).toBeUndefined();
    expect(
      nameWireQuirk('json-split', exchange(SSE, 'event: message_', 'delta\ndata: {}\n\n'), []),
    ).toBeUndefined();
    // A whole JSON body is read whole, however it arrived.
    expect(nameWireQuirk('json-split', exchange('application/json', '{"a":', '1}'), [])).toBeUndefined();
  });

  it('names nothing for a kind that is not a wire quirk', () => {
    expect(nameWireQuirk('server-error', exchange(SSE, 'data: {}\r\n\r\n'), [])).toBeUndefined();
  });
});
