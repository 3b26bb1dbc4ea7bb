import { describe, expect, it } from 'vitest';
import { createNdjsonSplitter, type SplitNdjson, splitNdjson } from './ndjson.ts';

function splitInPieces(pieces: string[]): SplitNdjson {
  const lines: string[] = [];
  const splitter = createNdjsonSplitter((line) => lines.push(line));
  for (const piece of pieces) splitter.feed(piece);
  const unterminated = splitter.end();
  return unterminated === undefined ? { lines } : { lines, unterminated };
}

// Ollama /api/chat traffic: a tool call line, then the done line; CRLF and a blank line mixed in.
const STREAM = [
  '{"model":"qwen2.5:7b-instruct","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hé 🙂"},"done":false}\n',
  '{"model":"qwen2.5:7b-instruct","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}\r\n',
  '\n',
  '   \r\n',
  '{"model":"qwen2.5:7b-instruct","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":12}',
].join('');

describe('splitNdjson', () => {
  it('splits on LF and CRLF, skips blank lines and reports the unterminated last line', () => {
    const split = splitNdjson(STREAM);
    expect(split.lines).toHaveLength(2);
    expect(split.lines.map((line) => JSON.parse(line).done)).toEqual([false, false]);
    expect(split.lines[1]?.endsWith('}')).toBe(true);
    expect(JSON.parse(split.unterminated ?? '').done_reason).toBe('stop');
  });

  it('reports no unterminated line when the text ends with a newline', () => {
    expect(splitNdjson('{"a":1}\n{"b":2}\r\n')).toEqual({ lines: ['{"a":1}', '{"b":2}'] });
    expect(splitNdjson('{"a":1}\n  ')).toEqual({ lines: ['{"a":1}'] });
  });

  it('gives the same lines whatever the chunking', () => {
    const whole = splitNdjson(STREAM);
    for (let at = 0; at <= STREAM.length; at++) {
      expect(splitInPieces([STREAM.slice(0, at), STREAM.slice(at)]), `split at ${at}`).toEqual(whole);
    }
    expect(splitInPieces([...STREAM])).toEqual(whole);
  });

  it('emits a line as soon as its newline arrives', () => {
    const lines: string[] = [];
    const splitter = createNdjsonSplitter((line) => lines.push(line));
    splitter.feed('{"a":');
    expect(lines).toEqual([]);
    splitter.feed('1}\r');
    expect(lines).toEqual([]);
    splitter.feed('\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    expect(splitter.end()).toBe('{"b"');
  });
});
