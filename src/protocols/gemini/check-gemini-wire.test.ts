import { describe, expect, it } from 'vitest';
import { codes, exchangeFromChunks } from '../shared/test-support/wire-exchange.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import { checkGeminiWire } from './check-gemini-wire.ts';

const STREAM: WireCheckContext = { stream: true, toolsOffered: true, usageRequested: true };

const usageMetadata = { promptTokenCount: 29, candidatesTokenCount: 15, totalTokenCount: 44 };
const response = (parts: object[], finishReason?: string, extra: object = {}) => ({
  candidates: [{ content: { parts, role: 'model' }, index: 0, ...(finishReason ? { finishReason } : {}) }],
  usageMetadata,
  modelVersion: 'gemini-2.0-flash',
  responseId: 'b36LacjwM668nsEP2tbsgQQ',
  ...extra,
});

/** Gemini's alt=sse framing: `data: <json>` and CRLF line endings. */
function geminiSse(payloads: object[]): string {
  return payloads.map((p) => `data: ${JSON.stringify(p)}\r\n\r\n`).join('');
}

// google-tool-call (AI SDK fixture): the whole call in one part, no id, then an empty text part with STOP.
const TOOL_CALL = [
  response([{ functionCall: { name: 'weather', args: { location: 'San Francisco' } } }]),
  response([{ text: '' }], 'STOP'),
];
const TEXT = [
  response([{ text: 'There are **3**' }]),
  response([{ text: ' "r"s in strawberry.' }]),
  response([{ text: '' }], 'STOP'),
];

function check(body: string, context: WireCheckContext = STREAM) {
  return checkGeminiWire(exchangeFromChunks([body]), context);
}

describe('checkGeminiWire (stream)', () => {
  it('stays quiet on a clean text stream', () => {
    expect(check(geminiSse(TEXT))).toEqual([]);
  });

  it('notes a functionCall without id, as info only', () => {
    const diagnostics = check(geminiSse(TOOL_CALL));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'missing-tool-call-id', severity: 'info' });
    const withId = [response([{ functionCall: { id: 'call-1', name: 'weather', args: {} } }], 'STOP')];
    expect(check(geminiSse(withId))).toEqual([]);
  });

  it('fails a blocked prompt', () => {
    const blocked = {
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata,
      modelVersion: 'gemini-2.0-flash',
    };
    const diagnostics = check(geminiSse([blocked]));
    expect(codes(diagnostics)).toEqual(['blocked-prompt']);
    expect(diagnostics[0]).toMatchObject({ severity: 'failure', evidence: 'SAFETY' });
  });

  it('fails a stream in which no candidate gives a finishReason', () => {
    expect(codes(check(geminiSse(TEXT.slice(0, 2))))).toEqual(['no-finish-reason']);
  });

  it('fails a data event that is not a whole JSON response', () => {
    const body = `${geminiSse(TEXT.slice(0, 1))}data: {"candidates": [{"content":\r\n\r\n${geminiSse(TEXT.slice(1))}`;
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['invalid-json-chunk']);
    expect(diagnostics[0]?.evidence).toBe('{"candidates": [{"content":');
  });

  it('fails a last event without its blank line: @google/genai rejects it', () => {
    const body = geminiSse(TEXT).replace(/\r\n\r\n$/, '');
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['truncated-stream']);
    expect(diagnostics[0]?.message).toContain('Incomplete JSON segment');
    const cut = check(body.slice(0, -20));
    expect(codes(cut)).toEqual(['truncated-stream', 'no-finish-reason']);
    expect(cut[0]?.message).toContain('in the middle of an event');
  });

  it('fails a stream cut by the transport', () => {
    const diagnostics = checkGeminiWire(
      exchangeFromChunks([geminiSse(TEXT.slice(0, 1))], { transportError: 'terminated: other side closed' }),
      STREAM,
    );
    expect(codes(diagnostics)).toEqual(['truncated-stream', 'no-finish-reason']);
  });

  it('fails an error object inside the stream', () => {
    const error = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } };
    const diagnostics = check(geminiSse([TEXT[0] ?? {}, error]));
    expect(codes(diagnostics)).toEqual(['mid-stream-error', 'no-finish-reason']);
    expect(diagnostics[0]?.message).toContain('UNAVAILABLE');
  });

  it('flags a tool call written as text, ignoring thought parts', () => {
    const toolCode = [
      response([{ text: '```tool_code\n' }]),
      response([{ text: 'print(default_api.get_weather(city="Tokyo"))\n```' }], 'STOP'),
    ];
    expect(check(geminiSse(toolCode))[0]?.message).toContain('as `` ```tool_code `` text in a text part');
    const json = [response([{ text: '{"name": "get_weather", "arguments": {"city": "Tokyo"}}' }], 'STOP')];
    const diagnostics = check(geminiSse(json));
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]?.message).toContain('in a text part instead of a functionCall part');
    const thought = [response([{ text: '{"name": "get_weather", "arguments": {}}', thought: true }], 'STOP')];
    expect(check(geminiSse(thought))).toEqual([]);
  });

  it('fails a stream without usageMetadata when usage was asked for', () => {
    const noUsage = [
      { candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' }, finishReason: 'STOP' }] },
    ];
    expect(codes(check(geminiSse(noUsage)))).toEqual(['usage-missing']);
    expect(check(geminiSse(noUsage), { ...STREAM, usageRequested: false })).toEqual([]);
  });

  it('fails a JSON array body where SSE was asked for', () => {
    expect(codes(check(JSON.stringify(TEXT)))).toEqual(['not-event-stream']);
  });
});

describe('checkGeminiWire (non-stream)', () => {
  const context = { ...STREAM, stream: false };

  it('stays quiet on a clean response and fails one without finishReason', () => {
    expect(check(JSON.stringify(response([{ text: 'Hi' }], 'STOP')), context)).toEqual([]);
    expect(codes(check(JSON.stringify(response([{ text: 'Hi' }])), context))).toEqual(['no-finish-reason']);
  });

  it('fails a body that is not JSON', () => {
    expect(codes(check('{"candidates": [', context))).toEqual(['invalid-json-chunk']);
  });
});
