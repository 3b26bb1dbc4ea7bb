import { describe, expect, it } from 'vitest';
import type { AdapterConfig, ChatRequest } from '../../core/adapter-contract.ts';
import { collectStream } from '../shared/collect-stream.ts';
import { chunkEventWriter, chunksToSse, DONE_EVENT } from '../shared/test-support/chat-completion-sse.ts';
import { fakeFetch, jsonResponse, sseResponse } from '../shared/test-support/fake-fetch.ts';
import { readFixture } from '../shared/test-support/read-fixture.ts';
import { collectEvents, replayEvents } from '../shared/test-support/stream-events.ts';
import { buildMistralChatRequest } from './build-mistral-chat-request.ts';
import { createMistralChatAdapter } from './mistral-chat-adapter.ts';

const fixtureJson = (name: string) => JSON.parse(readFixture(import.meta.url, `__fixtures__/${name}`));
const fixtureSse = (name: string) => chunksToSse(readFixture(import.meta.url, `__fixtures__/${name}`));

function adapterWith(respond: () => Response, overrides: Partial<AdapterConfig> = {}) {
  const fake = fakeFetch(respond);
  const adapter = createMistralChatAdapter({
    baseUrl: 'https://api.mistral.ai',
    apiKey: 'mistral-test-key',
    fetch: fake.fetch,
    quirks: { noStreamOptions: true },
    ...overrides,
  });
  return { adapter, requests: fake.requests };
}

const hello: ChatRequest = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] };

const weatherTool = {
  name: 'weather',
  description: 'Current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

function completionWith(message: object, finishReason: string) {
  return {
    id: 'cmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'mistral-small-latest',
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    choices: [{ index: 0, message, finish_reason: finishReason }],
  };
}

/** One Mistral stream chunk as an SSE event. */
const data = chunkEventWriter('mistral-small-latest');

describe('mistral-chat adapter: request mapping', () => {
  it('posts every role, tools, tool choice, response format and limits in Mistral wire casing', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    await adapter.complete({
      model: 'mistral-small-latest',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in San Francisco?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }],
        },
        { role: 'tool', toolCallId: 'gSIMJiOkT', toolName: 'weather', content: '{"temp":18}' },
      ],
      tools: [weatherTool],
      toolChoice: 'auto',
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' } },
      maxTokens: 64,
      temperature: 0.2,
    });

    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(sent?.headers.get('authorization')).toBe('Bearer mistral-test-key');
    expect(sent?.body).toEqual({
      model: 'mistral-small-latest',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in San Francisco?' },
        {
          role: 'assistant',
          content: '',
          // The SDK adds `index: 0` to each call and `prefix: false` to the message.
          tool_calls: [
            {
              id: 'gSIMJiOkT',
              type: 'function',
              function: { name: 'weather', arguments: '{"location": "San Francisco"}' },
              index: 0,
            },
          ],
          prefix: false,
        },
        { role: 'tool', tool_call_id: 'gSIMJiOkT', name: 'weather', content: '{"temp":18}' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Current weather for a location',
            parameters: weatherTool.parameters,
          },
        },
      ],
      tool_choice: 'auto',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      max_tokens: 64,
      temperature: 0.2,
      stream: false,
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'any'],
    [{ name: 'get_weather' }, { type: 'function', function: { name: 'get_weather' } }],
  ] as const)('maps toolChoice %j to %j', async (toolChoice, wire) => {
    const { adapter, requests } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    await adapter.complete({ ...hello, tools: [weatherTool], toolChoice });
    expect(requests[0]?.body).toMatchObject({ tool_choice: wire });
  });

  it('leaves out every optional field the neutral request does not set', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    await adapter.complete(hello);
    expect(requests[0]?.body).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    });
  });

  it.each([
    ['https://api.mistral.ai/v1', 'https://api.mistral.ai/v1/chat/completions'],
    ['https://api.mistral.ai/v1/', 'https://api.mistral.ai/v1/chat/completions'],
    ['https://gateway.test/mistral', 'https://gateway.test/mistral/v1/chat/completions'],
  ])('resolves base URL %s to %s', async (baseUrl, expected) => {
    const { adapter, requests } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')), {
      baseUrl,
    });
    await adapter.complete(hello);
    expect(requests[0]?.url).toBe(expected);
  });

  it('streams with stream: true and never sends stream_options, even when usage is asked for', async () => {
    const { adapter, requests } = adapterWith(() => sseResponse(DONE_EVENT));
    await collectEvents(adapter.stream({ ...hello, includeUsage: true }));
    expect(requests[0]?.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(requests[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(requests[0]?.body).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it('hands the caller signal to fetch', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    const controller = new AbortController();
    await adapter.complete(hello, controller.signal);
    const sentSignal = requests[0]?.signal;
    expect(sentSignal?.aborted).toBe(false);
    controller.abort();
    expect(sentSignal?.aborted).toBe(true);
  });
});

describe('mistral-chat adapter: abort', () => {
  it('rejects when the caller signal is already aborted', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    await expect(adapter.complete(hello, AbortSignal.abort())).rejects.toThrow(/abort/i);
  });
});

describe('mistral-chat adapter: complete', () => {
  it('maps a real text completion', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixtureJson('mistral-text.json')));
    const result = await adapter.complete(hello);
    expect(result.text).toMatch(/^\*\*Holiday Name: "World Kindness Day of Sharing"\*\*/);
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 13, outputTokens: 434 });
    expect(result.model).toBe('mistral-small-latest');
  });

  it('maps a real tool call with its 9-character id', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixtureJson('mistral-tool-call.json')));
    const result = await adapter.complete({ ...hello, tools: [weatherTool] });
    expect(result.toolCalls).toEqual([
      { id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' },
    ]);
    expect(result.text).toBe('');
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('tool_calls');
    expect(result.usage).toEqual({ inputTokens: 124, outputTokens: 22 });
  });

  it('splits a real magistral answer into reasoning and text', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixtureJson('mistral-reasoning.json')));
    const result = await adapter.complete(hello);
    expect(result.reasoning).toBe('The user is asking for 2+2. This is basic arithmetic. 2+2=4.');
    expect(result.text).toBe('2 + 2 = 4');
  });

  it('serialises arguments that arrive as an object', async () => {
    const body = completionWith(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'Ab3dE6gH9', function: { name: 'weather', arguments: { location: 'Paris' } } }],
      },
      'tool_calls',
    );
    const { adapter } = adapterWith(() => jsonResponse(body));
    const result = await adapter.complete(hello);
    expect(result.toolCalls).toEqual([
      { id: 'Ab3dE6gH9', name: 'weather', arguments: '{"location":"Paris"}' },
    ]);
  });

  it('reports a call without id as id "" rather than the SDK\'s "null" filler', async () => {
    const body = completionWith(
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'weather', arguments: '{}' } }] },
      'tool_calls',
    );
    const { adapter } = adapterWith(() => jsonResponse(body));
    const result = await adapter.complete(hello);
    expect(result.toolCalls).toEqual([{ id: '', name: 'weather', arguments: '{}' }]);
  });

  it.each([
    ['length', 'length'],
    ['model_length', 'length'],
    ['error', 'error'],
    ['something_new', 'other'],
  ])('maps finish_reason %s to %s and keeps the raw spelling', async (raw, expected) => {
    const { adapter } = adapterWith(() =>
      jsonResponse(completionWith({ role: 'assistant', content: 'x' }, raw)),
    );
    const result = await adapter.complete(hello);
    expect(result.finishReason).toBe(expected);
    expect(result.rawFinishReason).toBe(raw);
  });

  it('rejects on HTTP 401 without retrying', async () => {
    const { adapter, requests } = adapterWith(() =>
      jsonResponse({ message: 'Unauthorized', request_id: 'r' }, 401),
    );
    await expect(adapter.complete(hello)).rejects.toMatchObject({ statusCode: 401 });
    expect(requests).toHaveLength(1);
  });

  it('does not retry a 429 either', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse({ message: 'Rate limit' }, 429));
    await expect(adapter.complete(hello)).rejects.toMatchObject({ statusCode: 429 });
    expect(requests).toHaveLength(1);
  });
});

describe('mistral-chat adapter: stream', () => {
  it('streams real text, usage on the last chunk and one finish', async () => {
    const { adapter } = adapterWith(() => sseResponse(fixtureSse('mistral-text.chunks.txt')));
    const events = await collectEvents(adapter.stream(hello));
    const result = await collectStream(replayEvents(events));
    expect(result.text).toBe('Hello, world! This is a test response.');
    expect(result.usage).toEqual({ inputTokens: 13, outputTokens: 8 });
    expect(result.finishReason).toBe('stop');
    expect(result.model).toBe('mistral-small-latest');
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('streams a real tool call that arrives whole without index', async () => {
    const { adapter } = adapterWith(() => sseResponse(fixtureSse('mistral-tool-call.chunks.txt')));
    const events = await collectEvents(adapter.stream({ ...hello, tools: [weatherTool] }));
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'gSIMJiOkT',
        name: 'weather',
        argumentsDelta: '{"location": "San Francisco"}',
      },
    ]);
    const result = await collectStream(replayEvents(events));
    expect(result.toolCalls).toEqual([
      { id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 124, outputTokens: 22 });
  });

  it('joins an incremental tool call whose second fragment has no id and an empty name', async () => {
    const { adapter } = adapterWith(() =>
      sseResponse(fixtureSse('mistral-incremental-tool-call.chunks.txt')),
    );
    const result = await collectStream(adapter.stream(hello));
    expect(result.toolCalls).toEqual([
      {
        id: 'chatcmpl-tool-9f149c74c42f265b',
        name: 'webSearchTool',
        arguments: '{"query": "current Berlin weather"}',
      },
    ]);
    expect(result.usage).toEqual({ inputTokens: 171, outputTokens: 14 });
  });

  it('streams real magistral thinking chunks as reasoning', async () => {
    const { adapter } = adapterWith(() => sseResponse(fixtureSse('mistral-reasoning.chunks.txt')));
    const events = await collectEvents(adapter.stream(hello));
    expect(events.filter((e) => e.type === 'reasoning')).toEqual([
      { type: 'reasoning', text: 'The user is asking' },
      { type: 'reasoning', text: ' for 2+2. This is basic arithmetic. 2+2=4.' },
    ]);
    const result = await collectStream(replayEvents(events));
    expect(result.text).toBe('2 + 2 = 4');
  });

  it('separates parallel calls that arrive whole in one delta without index', async () => {
    const call = (id: string, location: string) => ({
      id,
      function: { name: 'weather', arguments: JSON.stringify({ location }) },
    });
    const wire =
      data([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]) +
      data(
        [
          {
            index: 0,
            delta: { content: null, tool_calls: [call('aB3dE6gH9', 'Paris'), call('Zy8xW7vU6', 'Rome')] },
            finish_reason: 'tool_calls',
          },
        ],
        { usage: { prompt_tokens: 90, completion_tokens: 30, total_tokens: 120 } },
      ) +
      DONE_EVENT;
    const { adapter } = adapterWith(() => sseResponse(wire));
    const result = await collectStream(adapter.stream(hello));
    expect(result.toolCalls).toEqual([
      { id: 'aB3dE6gH9', name: 'weather', arguments: '{"location":"Paris"}' },
      { id: 'Zy8xW7vU6', name: 'weather', arguments: '{"location":"Rome"}' },
    ]);
  });

  it('serialises object arguments in a streamed call', async () => {
    const wire =
      data([
        {
          index: 0,
          delta: {
            tool_calls: [{ id: 'aB3dE6gH9', function: { name: 'weather', arguments: { location: 'Oslo' } } }],
          },
          finish_reason: 'tool_calls',
        },
      ]) + DONE_EVENT;
    const { adapter } = adapterWith(() => sseResponse(wire));
    const result = await collectStream(adapter.stream(hello));
    expect(result.toolCalls).toEqual([
      { id: 'aB3dE6gH9', name: 'weather', arguments: '{"location":"Oslo"}' },
    ]);
  });

  it('maps a streamed model_length finish to length', async () => {
    const wire =
      data([{ index: 0, delta: { content: 'Once upon' }, finish_reason: null }]) +
      data([{ index: 0, delta: { content: '' }, finish_reason: 'model_length' }], {
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      }) +
      DONE_EVENT;
    const { adapter } = adapterWith(() => sseResponse(wire));
    const events = await collectEvents(adapter.stream(hello));
    expect(events.filter((e) => e.type === 'finish')).toEqual([
      { type: 'finish', finishReason: 'length', rawFinishReason: 'model_length' },
    ]);
  });

  it('emits no finish when the stream ends without a finish_reason', async () => {
    const { adapter } = adapterWith(() =>
      sseResponse(data([{ index: 0, delta: { content: 'cut' }, finish_reason: null }])),
    );
    const events = await collectEvents(adapter.stream(hello));
    expect(events).toEqual([
      { type: 'model', model: 'mistral-small-latest' },
      { type: 'text', text: 'cut' },
    ]);
  });

  it('rejects a stream on HTTP 401', async () => {
    const { adapter } = adapterWith(() => jsonResponse({ message: 'Unauthorized' }, 401));
    await expect(collectEvents(adapter.stream(hello))).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('mistral-chat request: JSON mode', () => {
  it('sends responseFormat json_object, without a schema', () => {
    const body = buildMistralChatRequest({
      model: 'open-mistral-7b',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      responseFormat: { type: 'json-object' },
    });
    expect(body.responseFormat).toEqual({ type: 'json_object' });
  });
});
