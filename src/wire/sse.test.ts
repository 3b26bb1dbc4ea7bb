import { describe, expect, it } from 'vitest';
import { createSseParser, type ParsedSse, parseSse, type SseComment, type SseEvent } from './sse.ts';

function parseInPieces(pieces: string[]): ParsedSse {
  const events: SseEvent[] = [];
  const comments: SseComment[] = [];
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
  });
  for (const piece of pieces) parser.feed(piece);
  const unterminated = parser.end();
  return unterminated ? { events, comments, unterminated } : { events, comments };
}

// Anthropic-shaped traffic with the awkward parts mixed in: CRLF, lone CR, a comment, multi-line data.
const STREAM = [
  'event: message_start\r\n',
  'data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":7}}}\r\n',
  '\r\n',
  ': keep-alive\r\n',
  'event: content_block_delta\n',
  'data: {"type":"content_block_delta","index":0,\n',
  'data:"delta":{"type":"text_delta","text":"Hé 🙂"}}\n',
  '\n',
  'event: ping\r',
  'data: {"type": "ping"}\r',
  '\r',
  'id: 42\n',
  'retry: 1500\n',
  'data: [DONE]\n',
  '\n',
  'event: message_stop\n',
  'data: {"type":"message_stop"}',
].join('');

describe('parseSse', () => {
  it('reads fields, multi-line data, comments and every line ending', () => {
    const parsed = parseSse(STREAM);
    expect(parsed.events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_delta',
      'ping',
      undefined,
    ]);
    expect(parsed.events[1]?.data).toBe(
      '{"type":"content_block_delta","index":0,\n"delta":{"type":"text_delta","text":"Hé 🙂"}}',
    );
    expect(parsed.events[2]?.data).toBe('{"type": "ping"}');
    expect(parsed.events[3]).toMatchObject({ data: '[DONE]', id: '42', retry: 1500 });
    expect(parsed.comments).toEqual([{ text: 'keep-alive', raw: ': keep-alive' }]);
  });

  it('keeps the raw field lines of each event for evidence', () => {
    const parsed = parseSse(STREAM);
    expect(parsed.events[0]?.raw).toBe(
      'event: message_start\r\ndata: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":7}}}\r\n',
    );
    expect(parsed.events[2]?.raw).toBe('event: ping\rdata: {"type": "ping"}\r');
  });

  it('does not dispatch a final event without its blank line, but reports it', () => {
    const parsed = parseSse(STREAM);
    expect(parsed.events).toHaveLength(4);
    expect(parsed.unterminated?.raw).toBe('event: message_stop\ndata: {"type":"message_stop"}');
    expect(parsed.unterminated?.event).toMatchObject({
      event: 'message_stop',
      data: '{"type":"message_stop"}',
    });
  });

  it('gives the same result whatever the chunking', () => {
    const whole = parseSse(STREAM);
    for (let at = 0; at <= STREAM.length; at++) {
      expect(parseInPieces([STREAM.slice(0, at), STREAM.slice(at)]), `split at ${at}`).toEqual(whole);
    }
    expect(parseInPieces([...STREAM])).toEqual(whole);
    for (let a = 0; a <= STREAM.length; a += 7) {
      for (let b = a; b <= STREAM.length; b += 11) {
        const pieces = [STREAM.slice(0, a), STREAM.slice(a, b), STREAM.slice(b)];
        expect(parseInPieces(pieces), `split at ${a}, ${b}`).toEqual(whole);
      }
    }
  });

  it('treats a CR at the end of one chunk and a LF at the start of the next as one line ending', () => {
    const parsed = parseInPieces(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(parsed.events).toEqual([{ data: 'a\nb', raw: 'data: a\r\ndata: b\r\n' }]);
    expect(parsed.unterminated).toBeUndefined();
  });

  it('dispatches an event as soon as its blank line arrives', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser({ onEvent: (e) => events.push(e) });
    parser.feed('data: {"a":1}\n');
    expect(events).toHaveLength(0);
    parser.feed('\n');
    expect(events).toHaveLength(1);
    parser.feed('data: {"b":2}\r\n\r');
    expect(events).toHaveLength(2);
    parser.feed('\n');
    expect(events).toHaveLength(2);
    expect(parser.end()).toBeUndefined();
  });

  it('accepts data with or without the space, and a field with no colon', () => {
    const parsed = parseSse('data:x\ndata:  y\ndata\n\n');
    expect(parsed.events[0]?.data).toBe('x\n y\n');
  });

  it('ignores events without data, unknown fields and bad retry values, and strips a BOM', () => {
    const parsed = parseSse('\uFEFFevent: ping\n\nfoo: bar\nretry: 1s\ndata: 1\n\n');
    expect(parsed.events).toEqual([{ data: '1', raw: 'foo: bar\nretry: 1s\ndata: 1\n' }]);
  });

  it('reports nothing unterminated when the stream ends on a blank line or a comment', () => {
    expect(parseSse('data: 1\n\n').unterminated).toBeUndefined();
    expect(parseSse('data: 1\n\n: bye\n').unterminated).toBeUndefined();
    expect(parseSse('data: 1\n\n: bye').comments).toEqual([{ text: 'bye', raw: ': bye' }]);
  });

  it('reports an unterminated remainder that has no data as raw text only', () => {
    expect(parseSse('data: 1\n\nevent: message_st').unterminated).toEqual({ raw: 'event: message_st' });
  });

  it('keeps per-chunk work proportional to the chunk', () => {
    const events: string[] = [];
    const parser = createSseParser({ onEvent: (event) => events.push(event.data) });
    const piece = 'x'.repeat(1000);
    parser.feed('data: ');
    // 20 MB of one line: a parser that re-scans its buffer per feed would take minutes here, far past the test's
    // timeout; one that does not takes a fraction of a second.
    for (let i = 0; i < 20_000; i++) parser.feed(piece);
    parser.feed('\n\n');
    expect(events).toHaveLength(1);
    expect(events[0]?.length).toBe(20_000 * 1000);
  });
});
