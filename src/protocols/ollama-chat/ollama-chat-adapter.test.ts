import { describe, expect, it } from 'vitest';
import type { AdapterConfig, ChatRequest, StreamEvent } from '../../core/adapter-contract.ts';
import { collectStream } from '../shared/collect-stream.ts';
import { abortInFlight, fakeFetch, jsonResponse, ndjsonResponse } from '../shared/test-support/fake-fetch.ts';
import { collectEvents, replayEvents } from '../shared/test-support/stream-events.ts';
import { buildOllamaRequest, createOllamaChatAdapter } from './ollama-chat-adapter.ts';

function ndjson(lines: Record<string, unknown>[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

function config(fetch: typeof globalThis.fetch, apiKey = ''): AdapterConfig {
  return { baseUrl: 'http://localhost:11434', apiKey, fetch };
}

const CREATED = '2025-01-01T00:00:00Z';
const DONE_FIELDS = {
  total_duration: 812_000_000,
  load_duration: 12_000_000,
  prompt_eval_count: 26,
  prompt_eval_duration: 30_000_000,
  eval_count: 8,
  eval_duration: 700_000_000,
};

const TEXT_RESPONSE = {
  model: 'qwen2.5:7b-instruct',
  created_at: CREATED,
  message: { role: 'assistant', content: 'Paris.' },
  done: true,
  done_reason: 'stop',
  ...DONE_FIELDS,
};

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Get the weather.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const base: ChatRequest = {
  model: 'qwen2.5:7b-instruct',
  messages: [{ role: 'user', content: 'Capital of France?' }],
};

describe('ollama-chat adapter: request', () => {
  it('posts to /api/chat with stream: false and no Authorization header when there is no key', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createOllamaChatAdapter(config(fetch)).complete(base);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('http://localhost:11434/api/chat');
    expect(request?.headers.get('authorization')).toBeNull();
    expect(request?.body).toEqual({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      stream: false,
    });
  });

  it('sends the key as a bearer token when there is one', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createOllamaChatAdapter(config(fetch, 'ollama-cloud-key')).complete(base);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer ollama-cloud-key');
  });

  it('maps the conversation, tools, format and options, and never sends a tool choice', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    const schema = { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'] };
    await createOllamaChatAdapter(config(fetch)).complete({
      model: 'qwen2.5:7b-instruct',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: '', name: 'get_time', arguments: '' },
          ],
        },
        { role: 'tool', toolCallId: '', toolName: 'get_weather', content: '{"temp":21}' },
        { role: 'tool', toolCallId: '', toolName: 'get_time', content: '14:00' },
      ],
      tools: [WEATHER_TOOL],
      toolChoice: 'required',
      responseFormat: { type: 'json-schema', name: 'country', schema },
      maxTokens: 256,
      temperature: 0,
    });
    expect(requests[0]?.body).toEqual({
      model: 'qwen2.5:7b-instruct',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { function: { name: 'get_weather', arguments: { city: 'Paris' } } },
            { function: { name: 'get_time', arguments: {} } },
          ],
        },
        { role: 'tool', content: '{"temp":21}', tool_name: 'get_weather' },
        { role: 'tool', content: '14:00', tool_name: 'get_time' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Get the weather.',
            parameters: WEATHER_TOOL.parameters,
          },
        },
      ],
      format: schema,
      options: { num_predict: 256, temperature: 0 },
      stream: false,
    });
  });

  it('sends no tool choice for a tool forced by name either: /api/chat has no such field', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createOllamaChatAdapter(config(fetch)).complete({
      ...base,
      tools: [WEATHER_TOOL],
      toolChoice: { name: 'get_weather' },
    });
    expect(Object.keys(requests[0]?.body ?? {}).sort()).toEqual(['messages', 'model', 'stream', 'tools']);
  });

  it('sends stream: true when streaming', async () => {
    const { fetch, requests } = fakeFetch(() => ndjsonResponse(ndjson([TEXT_RESPONSE])));
    await collectStream(createOllamaChatAdapter(config(fetch)).stream(base));
    expect(requests[0]?.url).toBe('http://localhost:11434/api/chat');
    expect(requests[0]?.body?.stream).toBe(true);
  });
});

describe('ollama-chat adapter: complete', () => {
  it('maps text, usage, model and finish reason', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    const result = await createOllamaChatAdapter(config(fetch)).complete(base);
    expect(result).toEqual({
      text: 'Paris.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 8 },
      model: 'qwen2.5:7b-instruct',
    });
  });

  it('maps tool calls (no ids, object arguments) and thinking; stop with calls is tool-calls', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({
        ...TEXT_RESPONSE,
        message: {
          role: 'assistant',
          content: '',
          thinking: 'The user wants the weather.',
          tool_calls: [
            { function: { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } } },
            { function: { name: 'get_time', arguments: {} } },
          ],
        },
      }),
    );
    const result = await createOllamaChatAdapter(config(fetch)).complete(base);
    expect(result.reasoning).toBe('The user wants the weather.');
    expect(result.toolCalls).toEqual([
      { id: '', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { id: '', name: 'get_time', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('stop');
  });

  it('gives a call without a name or arguments strings all the same (a wire that leaves them out)', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({
        ...TEXT_RESPONSE,
        message: { role: 'assistant', content: '', tool_calls: [{ function: {} }] },
      }),
    );
    const result = await createOllamaChatAdapter(config(fetch)).complete(base);
    expect(result.toolCalls).toEqual([{ id: '', name: '', arguments: '{}' }]);
  });

  it('maps length', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ ...TEXT_RESPONSE, done_reason: 'length' }));
    const result = await createOllamaChatAdapter(config(fetch)).complete(base);
    expect(result.finishReason).toBe('length');
  });

  it('rejects on HTTP 401', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse({ error: 'unauthorized' }, 401));
    await expect(createOllamaChatAdapter(config(fetch, 'bad-key')).complete(base)).rejects.toMatchObject({
      status_code: 401,
      message: 'unauthorized',
    });
    expect(requests).toHaveLength(1);
  });

  it('passes the abort signal through to fetch', async () => {
    const call = abortInFlight((fetch, signal) =>
      createOllamaChatAdapter(config(fetch)).complete(base, signal),
    );
    await expect(call).rejects.toThrow();
  });
});

async function streamEvents(wire: string): Promise<StreamEvent[]> {
  const { fetch } = fakeFetch(() => ndjsonResponse(wire));
  return collectEvents(createOllamaChatAdapter(config(fetch)).stream(base));
}

function line(message: Record<string, unknown>): Record<string, unknown> {
  return { model: 'qwen2.5:7b-instruct', created_at: CREATED, message, done: false };
}

describe('ollama-chat adapter: stream', () => {
  it('streams text and thinking, then usage and finish from the done line', async () => {
    const wire = ndjson([
      line({ role: 'assistant', content: '', thinking: 'Easy one.' }),
      line({ role: 'assistant', content: 'Pa' }),
      line({ role: 'assistant', content: 'ris — of course.' }),
      { ...TEXT_RESPONSE, message: { role: 'assistant', content: '' } },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'Pa' },
      { type: 'text', text: 'ris — of course.' },
    ]);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(await collectStream(replayEvents(events))).toEqual({
      text: 'Paris — of course.',
      reasoning: 'Easy one.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 8 },
      model: 'qwen2.5:7b-instruct',
    });
  });

  it('gives every whole tool call the next index and finishes with tool-calls', async () => {
    const wire = ndjson([
      line({
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
      }),
      line({
        role: 'assistant',
        content: '',
        tool_calls: [
          { function: { name: 'get_time', arguments: { timezone: 'Europe/Paris' } } },
          { function: { name: 'list_cities', arguments: {} } },
        ],
      }),
      { ...TEXT_RESPONSE, message: { role: 'assistant', content: '' } },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, name: 'get_weather', argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-delta', index: 1, name: 'get_time', argumentsDelta: '{"timezone":"Europe/Paris"}' },
      { type: 'tool-call-delta', index: 2, name: 'list_cities', argumentsDelta: '{}' },
    ]);
    const result = await collectStream(replayEvents(events));
    expect(result.toolCalls).toEqual([
      { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: '', name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
      { id: '', name: 'list_cities', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('stop');
  });

  it('ends without a finish event when the body stops before done: true', async () => {
    const events = await streamEvents(ndjson([line({ role: 'assistant', content: 'Pa' })]));
    expect(events).toContainEqual({ type: 'text', text: 'Pa' });
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });

  it('throws on an error line sent mid-stream', async () => {
    const wire = `${ndjson([line({ role: 'assistant', content: 'Pa' })])}{"error":"model runner has unexpectedly stopped"}\n`;
    await expect(streamEvents(wire)).rejects.toThrow('model runner has unexpectedly stopped');
  });

  it('rejects on HTTP 401', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ error: 'unauthorized' }, 401));
    await expect(collectStream(createOllamaChatAdapter(config(fetch)).stream(base))).rejects.toMatchObject({
      status_code: 401,
    });
  });
});

describe('ollama-chat request: JSON mode', () => {
  it('sends format "json"', () => {
    const body = buildOllamaRequest({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      responseFormat: { type: 'json-object' },
    });
    expect(body.format).toBe('json');
  });
});
