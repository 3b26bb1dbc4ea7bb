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

  it('names nothing for a kind that is not a wire quirk', () => {
    expect(nameWireQuirk('server-error', exchange(SSE, 'data: {}\r\n\r\n'), [])).toBeUndefined();
  });
});
