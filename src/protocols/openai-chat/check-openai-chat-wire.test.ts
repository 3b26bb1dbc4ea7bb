import { describe, expect, it } from 'vitest';
import { codes, exchangeFromChunks, sseData } from '../shared/test-support/wire-exchange.ts';
import type { WireCheckContext } from '../shared/wire-check-context.ts';
import { checkOpenAiChatWire } from './check-openai-chat-wire.ts';

const STREAM: WireCheckContext = { stream: true, toolsOffered: true, usageRequested: true };
const NON_STREAM: WireCheckContext = { stream: false, toolsOffered: true, usageRequested: true };

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'gpt-4o-2024-08-06' };
const chunk = (delta: object, finish_reason: string | null = null) => ({
  ...base,
  choices: [{ index: 0, delta, finish_reason }],
});
const usageChunk = {
  ...base,
  choices: [],
  usage: { prompt_tokens: 110, completion_tokens: 14, total_tokens: 124 },
};

// OpenAI gpt-4o, one tool call with fragmented arguments and include_usage (llama-stack recording c4b7e163).
const OPENAI_TOOL_CALL = [
  chunk({
    role: 'assistant',
    content: null,
    tool_calls: [
      {
        index: 0,
        id: 'call_EkZjX6UsBjxWxhWiw0FxVhix',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chunk({}, 'tool_calls'),
  usageChunk,
  '[DONE]',
];

// Together Llama-3.3-70B answering with the call as JSON text (llama-stack recording 33b71fb85bfb), one token a chunk.
const TOGETHER_JSON_TEXT = [
  ...[
    '{"',
    'type',
    '":',
    ' "',
    'function',
    '",',
    ' "',
    'name',
    '":',
    ' "',
    'get',
    '_weather',
    '",',
    ' "',
  ].map((content) => chunk({ role: 'assistant', content })),
  ...['parameters', '":', ' {"', 'city', '":', ' "', 'Tok', 'yo', '"}}'].map((content) => chunk({ content })),
  {
    ...chunk({ content: '' }, 'stop'),
    usage: { prompt_tokens: 193, completion_tokens: 24, total_tokens: 217 },
  },
  '[DONE]',
];

function check(body: string, context: WireCheckContext = STREAM) {
  return checkOpenAiChatWire(exchangeFromChunks([body]), context);
}

describe('checkOpenAiChatWire (stream)', () => {
  it('stays quiet on a clean tool call stream', () => {
    expect(check(sseData(OPENAI_TOOL_CALL))).toEqual([]);
  });

  it('gives the same verdict however the body was chunked', () => {
    const body = sseData(TOGETHER_JSON_TEXT);
    const whole = check(body);
    for (let at = 1; at < body.length; at += 37) {
      expect(checkOpenAiChatWire(exchangeFromChunks([body.slice(0, at), body.slice(at)]), STREAM)).toEqual(
        whole,
      );
    }
  });

  it('flags a tool call streamed as JSON text in delta.content (Together)', () => {
    const diagnostics = check(sseData(TOGETHER_JSON_TEXT));
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]).toMatchObject({ severity: 'failure' });
    expect(diagnostics[0]?.message).toContain('JSON {"type":"function"');
    expect(diagnostics[0]?.message).toContain('delta.content instead of delta.tool_calls');
    expect(diagnostics[0]?.evidence).toBe(
      '{"type": "function", "name": "get_weather", "parameters": {"city": "Tokyo"}}',
    );
  });

  it('does not call JSON text a tool call when no tools were offered', () => {
    expect(check(sseData(TOGETHER_JSON_TEXT), { ...STREAM, toolsOffered: false })).toEqual([]);
  });

  it('names the <|python_tag|> shape', () => {
    const body = sseData([
      chunk({ role: 'assistant', content: '<|python_tag|>' }),
      chunk({ content: '{"name": "get_weather", "parameters": {"city": "Tokyo"}}' }),
      { ...chunk({}, 'stop'), usage: usageChunk.usage },
      '[DONE]',
    ]);
    const [diagnostic] = check(body);
    expect(diagnostic?.code).toBe('tool-call-as-text');
    expect(diagnostic?.message).toContain('`<|python_tag|>` text in delta.content');
  });

  it('flags malformed call JSON in content (Ollama llama3.2, recording 37e10e6a)', () => {
    const body = sseData([
      chunk({ role: 'assistant', content: '{"name":"get_time","parameters>{"timezone":"UTC"}}' }),
      chunk({ role: 'assistant', content: '' }, 'stop'),
      '[DONE]',
    ]);
    const diagnostics = check(body, { ...STREAM, usageRequested: false });
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]?.message).toContain('not valid JSON');
  });

  it('notes the Gemini OpenAI-compat tool call: no index, empty id, finish_reason "stop"', () => {
    const body = sseData([
      chunk({
        role: 'assistant',
        tool_calls: [
          { function: { arguments: '{"city":"Tokyo"}', name: 'get_weather' }, id: '', type: 'function' },
        ],
      }),
      { ...chunk({}, 'stop'), usage: usageChunk.usage },
      '[DONE]',
    ]);
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['missing-index', 'empty-tool-call-id', 'finish-reason-mismatch']);
    expect(diagnostics.every((d) => d.severity === 'deviation')).toBe(true);
    expect(diagnostics[0]?.evidence).toContain('"name":"get_weather"');
  });

  it('tracks calls without index by id and name (Mistral-style whole calls)', () => {
    const body = sseData([
      chunk({ tool_calls: [{ id: 'gSIMJiOkT', function: { name: 'weather', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ id: 'hTJNKjPlU', function: { name: 'time', arguments: '{}' } }] }, 'tool_calls'),
      usageChunk,
      '[DONE]',
    ]);
    expect(codes(check(body))).toEqual(['missing-index']);
  });

  it('names a call whose arguments stay empty ("" then nothing), and accepts "{}" sent in pieces', () => {
    const opening = {
      index: 0,
      id: 'call_t',
      type: 'function',
      function: { name: 'get_time', arguments: '' },
    };
    const empty = sseData([chunk({ tool_calls: [opening] }), chunk({}, 'tool_calls'), usageChunk, '[DONE]']);
    const diagnostics = check(empty);
    expect(codes(diagnostics)).toEqual(['empty-arguments-string']);
    expect(diagnostics[0]).toMatchObject({ severity: 'deviation', evidence: JSON.stringify(opening) });
    const pieces = sseData([
      chunk({ tool_calls: [opening] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }, 'tool_calls'),
      usageChunk,
      '[DONE]',
    ]);
    expect(check(pieces)).toEqual([]);
  });

  it('fails two calls streamed under one index without ids of their own: {..}{..}', () => {
    const opening = (id?: string) =>
      chunk({
        tool_calls: [{ index: 0, ...(id ? { id } : {}), function: { name: 'get_weather', arguments: '' } }],
      });
    const body = sseData([
      opening('call_a'),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Paris"}' } }] }),
      opening(),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Tokyo"}' } }] }, 'tool_calls'),
      usageChunk,
      '[DONE]',
    ]);
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['parallel-index-collision']);
    expect(diagnostics[0]).toMatchObject({
      severity: 'failure',
      evidence: '{"city": "Paris"}{"city": "Tokyo"}',
    });
    expect(diagnostics[0]?.message).toContain('2 tool calls were streamed under one index');
  });

  it('does not call one call with braces inside its strings a collision', () => {
    const body = sseData([
      chunk({
        tool_calls: [{ index: 0, id: 'call_a', function: { name: 'note', arguments: '{"t": "}{"}' } }],
      }),
      chunk({}, 'tool_calls'),
      usageChunk,
      '[DONE]',
    ]);
    expect(check(body)).toEqual([]);
  });

  it('flags a new call that reuses an index', () => {
    const body = sseData([
      chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'weather', arguments: '{}' } }] }),
      chunk(
        { tool_calls: [{ index: 0, id: 'call_b', function: { name: 'time', arguments: '{}' } }] },
        'tool_calls',
      ),
      usageChunk,
      '[DONE]',
    ]);
    expect(codes(check(body))).toEqual(['reused-index']);
  });

  it('reports OpenRouter comments as info and its in-stream error as a failure', () => {
    const body =
      ': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n' +
      sseData([
        chunk({ role: 'assistant', content: 'Hel' }),
        {
          ...chunk({ content: '' }, 'error'),
          error: { code: 502, message: 'Provider returned error' },
        },
        '[DONE]',
      ]);
    const diagnostics = check(body, { ...STREAM, usageRequested: false });
    expect(codes(diagnostics)).toEqual(['sse-comment', 'mid-stream-error']);
    expect(diagnostics[0]).toMatchObject({ severity: 'info', evidence: ': OPENROUTER PROCESSING' });
    expect(diagnostics[0]?.message).toContain('2 SSE comment lines');
    expect(diagnostics[1]?.severity).toBe('failure');
    expect(diagnostics[1]?.message).toContain('502 Provider returned error');
  });

  it('fails a stream without [DONE], and one cut mid-event', () => {
    const complete = sseData(OPENAI_TOOL_CALL);
    const noDone = complete.slice(0, complete.indexOf('data: [DONE]'));
    expect(codes(check(noDone))).toEqual(['no-done-sentinel']);
    const cut = complete.slice(0, complete.indexOf('Paris'));
    const diagnostics = checkOpenAiChatWire(
      exchangeFromChunks([cut], { transportError: 'other side closed' }),
      STREAM,
    );
    expect(codes(diagnostics)).toEqual(['no-done-sentinel', 'no-finish-reason', 'usage-missing']);
    expect(diagnostics[0]?.message).toContain('in the middle of an event');
    expect(diagnostics[0]?.message).toContain('other side closed');
    expect(diagnostics[0]?.evidence).toMatch(/^data: \{"id":"chatcmpl-1".*"arguments":"\\"$/);
  });

  it('accepts a [DONE] without its blank line as a deviation', () => {
    const body = sseData(OPENAI_TOOL_CALL).replace(/data: \[DONE\]\n\n$/, 'data: [DONE]');
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['unterminated-event']);
    expect(diagnostics[0]?.severity).toBe('deviation');
  });

  it('puts the notes known only at the end first: the comments, then an unterminated last event', () => {
    const body = `${sseData([chunk({ content: 'Hi' }), '{"choices":[{', chunk({}, 'stop'), usageChunk])}: late keep-alive\n\ndata: [DONE]`;
    expect(codes(check(body))).toEqual(['sse-comment', 'unterminated-event', 'invalid-json-chunk']);
  });

  it('fails a stream that never gives a finish_reason, and one without the requested usage', () => {
    const body = sseData([chunk({ role: 'assistant', content: 'Hi' }), '[DONE]']);
    expect(codes(check(body))).toEqual(['no-finish-reason', 'usage-missing']);
  });

  it('fails a data event that is not JSON', () => {
    const body = sseData([
      chunk({ content: 'Hi' }),
      '{"id":"chatcmpl-1","choices":[{',
      chunk({}, 'stop'),
      usageChunk,
      '[DONE]',
    ]);
    const diagnostics = check(body);
    expect(codes(diagnostics)).toEqual(['invalid-json-chunk']);
    expect(diagnostics[0]?.evidence).toBe('{"id":"chatcmpl-1","choices":[{');
  });

  it('notes events after [DONE]', () => {
    const body = sseData([...OPENAI_TOOL_CALL, usageChunk]);
    expect(codes(check(body))).toEqual(['data-after-done']);
  });

  it('flags finish_reason "tool_calls" without any tool call', () => {
    const body = sseData([chunk({ content: 'Sunny.' }), chunk({}, 'tool_calls'), usageChunk, '[DONE]']);
    expect(codes(check(body))).toEqual(['finish-reason-mismatch']);
  });

  it('reads each chunk as the latency figures do: legacy `text` is text, reasoning is not', () => {
    const call = '{"name": "get_weather", "parameters": {"city": "Tokyo"}}';
    const legacy = sseData([
      { ...base, choices: [{ index: 0, text: call, finish_reason: null }] },
      { ...chunk({}, 'stop'), usage: usageChunk.usage },
      '[DONE]',
    ]);
    expect(codes(check(legacy))).toEqual(['tool-call-as-text']);
    const reasoning = sseData([
      chunk({ reasoning_content: call }),
      chunk({ content: 'Sunny.' }, 'stop'),
      usageChunk,
      '[DONE]',
    ]);
    expect(check(reasoning)).toEqual([]);
  });

  it('fails a JSON body where a stream was asked for', () => {
    const diagnostics = checkOpenAiChatWire(
      exchangeFromChunks(['{"id":"chatcmpl-1","choices":[]}'], {
        responseHeaders: { 'content-type': 'application/json' },
      }),
      STREAM,
    );
    expect(codes(diagnostics)).toEqual(['not-event-stream']);
    expect(diagnostics[0]?.message).toContain('application/json');
  });
});

describe('checkOpenAiChatWire (non-stream)', () => {
  const completion = (message: object, finish_reason: string | null, extra: object = {}) =>
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      ...extra,
    });

  it('stays quiet on a clean tool call', () => {
    const body = completion(
      {
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
      'tool_calls',
    );
    expect(check(body, NON_STREAM)).toEqual([]);
  });

  it('flags a tool call returned as content (Fireworks) and a tool call finished with "stop"', () => {
    const asText = completion(
      {
        content:
          '{"type": "function", "name": "get_weather", "parameters": {"location": "San Francisco, CA"}}',
      },
      'stop',
    );
    const diagnostics = check(asText, NON_STREAM);
    expect(codes(diagnostics)).toEqual(['tool-call-as-text']);
    expect(diagnostics[0]?.message).toContain('message.content instead of message.tool_calls');
    const stop = completion(
      { tool_calls: [{ id: '', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      'stop',
    );
    expect(codes(check(stop, NON_STREAM))).toEqual(['empty-tool-call-id', 'finish-reason-mismatch']);
  });

  it('names arguments "" or null in place of "{}", each a tolerated deviation', () => {
    const withArguments = (args: unknown) =>
      completion(
        { tool_calls: [{ id: 'call_t', type: 'function', function: { name: 'get_time', arguments: args } }] },
        'tool_calls',
      );
    for (const empty of ['', null]) {
      const diagnostics = check(withArguments(empty), NON_STREAM);
      expect(codes(diagnostics)).toEqual(['empty-arguments-string']);
      expect(diagnostics[0]?.severity).toBe('deviation');
    }
    expect(check(withArguments('{}'), NON_STREAM)).toEqual([]);
  });

  it('fails a body that is not JSON, and one without finish_reason or usage', () => {
    expect(codes(check('{"id": "chatcmpl-1", "choi', NON_STREAM))).toEqual(['invalid-json-chunk']);
    const body = JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' } }] });
    expect(codes(check(body, NON_STREAM))).toEqual(['no-finish-reason', 'usage-missing']);
  });
});
