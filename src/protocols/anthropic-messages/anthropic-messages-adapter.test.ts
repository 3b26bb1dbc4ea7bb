import { describe, expect, it } from 'vitest';
import type { AdapterConfig, ChatRequest, StreamEvent } from '../../core/adapter-contract.ts';
import { collectStream } from '../shared/collect-stream.ts';
import {
  abortInFlight,
  fakeFetch,
  jsonResponse,
  respondInTurn,
  sseResponse,
} from '../shared/test-support/fake-fetch.ts';
import { collectEvents, replayEvents } from '../shared/test-support/stream-events.ts';
import {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  buildAnthropicParams,
  createAnthropicMessagesAdapter,
} from './anthropic-messages-adapter.ts';

function sse(events: Record<string, unknown>[]): string {
  return events.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

function config(fetch: typeof globalThis.fetch): AdapterConfig {
  return { baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-test', fetch };
}

const TEXT_MESSAGE = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-20250514',
  content: [{ type: 'text', text: 'Paris.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
};

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Get the weather.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const base: ChatRequest = {
  model: 'claude-sonnet-4-0',
  messages: [{ role: 'user', content: 'Capital of France?' }],
};

describe('anthropic-messages adapter: request', () => {
  it('posts to /v1/messages with the key, the SDK version header and default max_tokens', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_MESSAGE));
    await createAnthropicMessagesAdapter(config(fetch)).complete(base);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://api.anthropic.com/v1/messages');
    // SDK 1.x sends the API key as a bearer token, not as `x-api-key`.
    expect(request?.headers.get('authorization')).toBe('Bearer sk-ant-test');
    expect(request?.headers.get('anthropic-version')).toBeTruthy();
    expect(request?.body).toEqual({
      model: 'claude-sonnet-4-0',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
    });
  });

  it('maps system, tools, tool choice, max tokens, temperature and the conversation', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_MESSAGE));
    await createAnthropicMessagesAdapter(config(fetch)).complete({
      model: 'claude-sonnet-4-0',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', toolName: 'get_weather', content: 'sunny' },
      ],
      tools: [WEATHER_TOOL],
      toolChoice: 'required',
      maxTokens: 256,
      temperature: 0,
    });
    expect(requests[0]?.body).toEqual({
      model: 'claude-sonnet-4-0',
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
      tools: [
        { name: 'get_weather', description: 'Get the weather.', input_schema: WEATHER_TOOL.parameters },
      ],
      tool_choice: { type: 'any' },
      max_tokens: 256,
      temperature: 0,
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [{ name: 'get_weather' }, { type: 'tool', name: 'get_weather' }],
  ] as const)('maps toolChoice %j', async (choice, wire) => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_MESSAGE));
    await createAnthropicMessagesAdapter(config(fetch)).complete({
      ...base,
      tools: [WEATHER_TOOL],
      toolChoice: choice,
    });
    expect(requests[0]?.body?.tool_choice).toEqual(wire);
  });

  it('asks for JSON in the system prompt, with the schema, when a response format is set', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_MESSAGE));
    const schema = { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'] };
    await createAnthropicMessagesAdapter(config(fetch)).complete({
      ...base,
      messages: [{ role: 'system', content: 'Be brief.' }, ...base.messages],
      responseFormat: { type: 'json-schema', name: 'country', schema },
    });
    const system = requests[0]?.body?.system;
    expect(typeof system).toBe('string');
    expect(String(system).startsWith('Be brief.\n\n')).toBe(true);
    expect(String(system)).toContain('JSON');
    expect(String(system)).toContain(JSON.stringify(schema));
  });

  it('sets stream: true only when streaming', async () => {
    const wire = sse([
      { type: 'message_start', message: { ...TEXT_MESSAGE, content: [], stop_reason: null } },
      { type: 'message_stop' },
    ]);
    const { fetch, requests } = fakeFetch(respondInTurn(jsonResponse(TEXT_MESSAGE), sseResponse(wire)));
    const adapter = createAnthropicMessagesAdapter(config(fetch));
    await adapter.complete(base);
    await collectStream(adapter.stream(base));
    expect(requests[0]?.body?.stream).toBeUndefined();
    expect(requests[1]?.body?.stream).toBe(true);
  });
});

describe('anthropic-messages adapter: complete', () => {
  it('maps text, usage, model and finish reason', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(TEXT_MESSAGE));
    const result = await createAnthropicMessagesAdapter(config(fetch)).complete(base);
    expect(result).toEqual({
      text: 'Paris.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 12, outputTokens: 3 },
      model: 'claude-sonnet-4-20250514',
    });
  });

  it('maps thinking and tool_use blocks', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({
        ...TEXT_MESSAGE,
        content: [
          { type: 'thinking', thinking: 'Need the weather tool.', signature: 'sig' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'San Francisco' } },
          { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
        ],
        stop_reason: 'tool_use',
      }),
    );
    const result = await createAnthropicMessagesAdapter(config(fetch)).complete(base);
    expect(result.text).toBe('Checking.');
    expect(result.reasoning).toBe('Need the weather tool.');
    expect(result.toolCalls).toEqual([
      { id: 'toolu_01', name: 'get_weather', arguments: '{"city":"San Francisco"}' },
      { id: 'toolu_02', name: 'get_time', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('tool_use');
  });

  it('gives a tool_use block that lacks its id and name empty strings, as the neutral types promise', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ ...TEXT_MESSAGE, content: [{ type: 'tool_use', input: {} }], stop_reason: 'tool_use' }),
    );
    const result = await createAnthropicMessagesAdapter(config(fetch)).complete(base);
    expect(result.toolCalls).toEqual([{ id: '', name: '', arguments: '{}' }]);
  });

  it('maps max_tokens and refusal', async () => {
    const { fetch } = fakeFetch(
      respondInTurn(
        jsonResponse({ ...TEXT_MESSAGE, stop_reason: 'max_tokens' }),
        jsonResponse({ ...TEXT_MESSAGE, content: [], stop_reason: 'refusal' }),
      ),
    );
    const adapter = createAnthropicMessagesAdapter(config(fetch));
    expect((await adapter.complete(base)).finishReason).toBe('length');
    expect((await adapter.complete(base)).finishReason).toBe('content-filter');
  });

  it('rejects on HTTP 401, without retrying', async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
        401,
      ),
    );
    await expect(createAnthropicMessagesAdapter(config(fetch)).complete(base)).rejects.toMatchObject({
      status: 401,
    });
    expect(requests).toHaveLength(1);
  });

  it('does not retry a 529 either', async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 529),
    );
    await expect(createAnthropicMessagesAdapter(config(fetch)).complete(base)).rejects.toMatchObject({
      status: 529,
    });
    expect(requests).toHaveLength(1);
  });

  it('passes the abort signal through to fetch', async () => {
    const call = abortInFlight((fetch, signal) =>
      createAnthropicMessagesAdapter(config(fetch)).complete(base, signal),
    );
    await expect(call).rejects.toThrow();
  });
});

const MESSAGE_START = {
  type: 'message_start',
  message: {
    id: 'msg_02',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-20250514',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: {
      input_tokens: 565,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    },
  },
};

async function streamEvents(wire: string, request: ChatRequest = base): Promise<StreamEvent[]> {
  const { fetch } = fakeFetch(() => sseResponse(wire));
  return collectEvents(createAnthropicMessagesAdapter(config(fetch)).stream(request));
}

describe('anthropic-messages adapter: stream', () => {
  it('streams text deltas, skips pings and unknown events, and reports usage, model and finish', async () => {
    const wire = sse([
      MESSAGE_START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Héllo' } },
      { type: 'some_future_event', detail: 1 },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ', world' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 30 },
      },
      { type: 'message_stop' },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'Héllo' },
      { type: 'text', text: ', world' },
    ]);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    const result = await collectStream(replayEvents(events));
    expect(result).toEqual({
      text: 'Héllo, world',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 565, outputTokens: 30 },
      model: 'claude-sonnet-4-20250514',
    });
  });

  it('indexes tool calls by their ordinal among tool_use blocks and assembles their arguments', async () => {
    const wire = sse([
      MESSAGE_START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking both.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: {} },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'ris"}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_B', name: 'get_time', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 48 },
      },
      { type: 'message_stop' },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'toolu_A', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city": "Pa' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ris"}' },
      { type: 'tool-call-delta', index: 1, id: 'toolu_B', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
    ]);
    const { fetch } = fakeFetch(() => sseResponse(wire));
    const result = await collectStream(createAnthropicMessagesAdapter(config(fetch)).stream(base));
    expect(result.text).toBe('Checking both.');
    expect(result.toolCalls).toEqual([
      { id: 'toolu_A', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'toolu_B', name: 'get_time', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 565, outputTokens: 48 });
  });

  it('maps thinking deltas to reasoning and takes input tokens from message_delta when sent there', async () => {
    // Shape of Ollama's Anthropic-compatible /v1/messages: no stop_sequence, usage without cache fields.
    const wire = [
      'event: message_start',
      'data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"gpt-oss:20b","content":[],"usage":{"input_tokens":7,"output_tokens":0}}}',
      '',
      'event: content_block_start',
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}',
      '',
      'event: content_block_delta',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user"}}',
      '',
      'event: content_block_delta',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" says hi"}}',
      '',
      'event: content_block_stop',
      'data: {"type":"content_block_stop","index":0}',
      '',
      'event: message_delta',
      'data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"input_tokens":73,"output_tokens":64}}',
      '',
      'event: message_stop',
      'data: {"type":"message_stop"}',
      '',
      '',
    ].join('\n');
    const { fetch } = fakeFetch(() => sseResponse(wire));
    const result = await collectStream(createAnthropicMessagesAdapter(config(fetch)).stream(base));
    expect(result).toEqual({
      text: '',
      reasoning: 'The user says hi',
      toolCalls: [],
      finishReason: 'length',
      rawFinishReason: 'max_tokens',
      usage: { inputTokens: 73, outputTokens: 64 },
      model: 'gpt-oss:20b',
    });
  });

  it('maps a streamed refusal', async () => {
    const wire = sse([
      MESSAGE_START,
      { type: 'ping' },
      {
        type: 'message_delta',
        delta: {
          stop_reason: 'refusal',
          stop_sequence: null,
          stop_details: { type: 'refusal', category: 'cyber' },
        },
        usage: { output_tokens: 5 },
      },
      { type: 'message_stop' },
    ]);
    const finishes = (await streamEvents(wire)).filter((event) => event.type === 'finish');
    expect(finishes).toEqual([
      { type: 'finish', finishReason: 'content-filter', rawFinishReason: 'refusal' },
    ]);
  });

  it('emits no finish when the stream ends before message_delta', async () => {
    const wire = sse([
      MESSAGE_START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
    ]);
    const events = await streamEvents(wire);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    expect(events.filter((event) => event.type === 'text')).toEqual([{ type: 'text', text: 'Hel' }]);
  });

  it('throws on a mid-stream error event, after yielding what came before', async () => {
    const wire = sse([
      MESSAGE_START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    const { fetch } = fakeFetch(() => sseResponse(wire));
    const seen: StreamEvent[] = [];
    const consume = async () => {
      for await (const event of createAnthropicMessagesAdapter(config(fetch)).stream(base)) seen.push(event);
    };
    await expect(consume()).rejects.toMatchObject({ type: 'overloaded_error' });
    expect(seen).toContainEqual({ type: 'text', text: 'Hel' });
  });

  it('rejects on HTTP 401 before any event', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
        401,
      ),
    );
    await expect(
      collectStream(createAnthropicMessagesAdapter(config(fetch)).stream(base)),
    ).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('anthropic-messages request: JSON mode', () => {
  it('asks for a bare JSON object in the system prompt, with no schema', () => {
    const params = buildAnthropicParams({
      model: 'claude-sonnet-4-0',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      responseFormat: { type: 'json-object' },
    });
    expect(params.system).toContain('JSON object');
    expect(params.system).not.toContain('Schema:');
  });
});
