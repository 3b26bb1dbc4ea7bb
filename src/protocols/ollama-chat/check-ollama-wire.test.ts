import { describe, expect, it } from 'vitest';
import { codes, exchangeFromChunks } from '../shared/test-support/wire-exchange.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import { checkOllamaWire } from './check-ollama-wire.ts';

const STREAM: WireCheckContext = { stream: true, toolsOffered: true, usageRequested: true };

const line = (message: object, extra: object = {}) => ({
  model: 'qwen2.5:7b-instruct',
  created_at: '2025-06-01T10:00:00.000000Z',
  message: { role: 'assistant', content: '', ...message },
  done: false,
  ...extra,
});
const doneLine = (extra: object = {}) =>
  line(
    {},
    {
      done: true,
      done_reason: 'stop',
      total_duration: 812_000_000,
      prompt_eval_count: 157,
      eval_count: 12,
      eval_duration: 400_000_000,
      ...extra,
    },
  );

const ndjson = (lines: object[]) => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

// /api/chat: the tool call arrives whole on a done:false line, then the done line (design brief, section 6).
const TOOL_CALL = [
  line({ tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }] }),
  doneLine(),
];
const TEXT = [line({ content: 'The Latin word' }), line({ content: ' for the Sun is "Sol".' }), doneLine()];

function check(body: string, context: WireCheckContext = STREAM) {
  return checkOllamaWire(
    exchangeFromChunks([body], { responseHeaders: { 'content-type': 'application/x-ndjson' } }),
    context,
  );
}

describe('checkOllamaWire (stream)', () => {
  it('stays quiet on clean tool call and text streams, even when the last line has no newline', () => {
    expect(check(ndjson(TOOL_CALL))).toEqual([]);
    expect(check(ndjson(TEXT))).toEqual([]);
    expect(check(ndjson(TEXT).trimEnd())).toEqual([]);
  });

  it('fails a stream without a done:true line', () => {
    const diagnostics = check(ndjson(TEXT.slice(0, 2)));
    expect(codes(diagnostics)).toEqual(['truncated-stream', 'no-finish-reason', 'usage-missing']);
    expect(diagnostics[0]?.evidence).toContain('for the Sun');
  });

  it('fails a stream cut in the middle of a line', () => {
    const body = ndjson(TEXT);
    const diagnostics = checkOllamaWire(
      exchangeFromChunks([body.slice(0, -30)], { transportError: 'aborted' }),
      STREAM,
    );
    expect(codes(diagnostics)).toEqual(['truncated-stream', 'no-finish-reason', 'usage-missing']);
    expect(diagnostics[0]?.message).toContain('in the middle of a line (the connection failed: aborted)');
  });

  it('fails a done line without done_reason', () => {
    const body = ndjson([TEXT[0] ?? {}, doneLine({ done_reason: undefined })]);
    expect(codes(check(body))).toEqual(['no-finish-reason']);
  });

  it('fails a line that is not JSON, and an error line', () => {
    const broken = `${ndjson(TEXT.slice(0, 1))}{"model":"qwen2.5:7b-instruct","message":{"role":\n${ndjson(TEXT.slice(1))}`;
    const diagnostics = check(broken);
    expect(codes(diagnostics)).toEqual(['invalid-json-chunk']);
    expect(diagnostics[0]?.evidence).toBe('{"model":"qwen2.5:7b-instruct","message":{"role":');
    const error = `${ndjson(TEXT.slice(0, 1))}{"error":"an error was encountered while running the model: unexpected EOF"}\n`;
    const errorDiagnostics = check(error);
    expect(codes(errorDiagnostics)[0]).toBe('mid-stream-error');
    expect(errorDiagnostics[0]?.message).toContain('unexpected EOF');
  });

  it('flags a tool call written into message.content', () => {
    const body = ndjson([
      line({ content: '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Tokyo"}}\n</tool_call>' }),
      doneLine(),
    ]);
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]?.message).toContain('message.content instead of message.tool_calls');
  });

  it('notes lines after the done line', () => {
    expect(codes(check(ndjson([...TEXT, TEXT[0] ?? {}])))).toEqual(['data-after-done']);
  });

  it('fails a stream without eval counts when usage was asked for', () => {
    const body = ndjson([TEXT[0] ?? {}, line({}, { done: true, done_reason: 'stop' })]);
    expect(codes(check(body))).toEqual(['usage-missing']);
    expect(check(body, { ...STREAM, usageRequested: false })).toEqual([]);
  });
});

describe('checkOllamaWire (non-stream)', () => {
  const context = { ...STREAM, stream: false };

  it('stays quiet on a clean body and fails one that is not done', () => {
    expect(check(JSON.stringify(doneLine()), context)).toEqual([]);
    expect(codes(check(JSON.stringify(line({ content: 'Hi' })), context))).toEqual([
      'truncated-stream',
      'no-finish-reason',
      'usage-missing',
    ]);
  });

  it('fails a body that is not JSON', () => {
    expect(codes(check('{"model": "qwen', context))).toEqual(['invalid-json-chunk']);
  });
});
