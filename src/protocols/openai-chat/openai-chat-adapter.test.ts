import { APIError, APIUserAbortError, AuthenticationError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { AdapterConfig, ChatRequest } from '../../core/adapter-contract.ts';
import { DONE_EVENT } from '../shared/test-support/chat-completion-sse.ts';
import { fakeFetch, jsonResponse, sseResponse } from '../shared/test-support/fake-fetch.ts';
import { readFixture } from '../shared/test-support/read-fixture.ts';
import { collectEvents } from '../shared/test-support/stream-events.ts';
import { buildOpenAIChatParams } from './build-openai-chat-params.ts';
import { createOpenAIChatAdapter } from './openai-chat-adapter.ts';

const fixture = (name: string) => JSON.parse(readFixture(import.meta.url, `__fixtures__/${name}`));

function adapterWith(respond: () => Response, overrides: Partial<AdapterConfig> = {}) {
  const fake = fakeFetch(respond);
  const adapter = createOpenAIChatAdapter({
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-test',
    fetch: fake.fetch,
    ...overrides,
  });
  return { adapter, requests: fake.requests };
}

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const textCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
};

function completionWith(message: object, finishReason: string | null) {
  return { ...textCompletion, choices: [{ index: 0, message, finish_reason: finishReason }] };
}

describe('openai-chat adapter: request mapping', () => {
  it('posts every message role, tools, tool choice, response format and limits to /chat/completions', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    const request: ChatRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temp":21}' },
      ],
      tools: [weatherTool],
      toolChoice: 'required',
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' } },
      maxTokens: 64,
      temperature: 0,
    };
    await adapter.complete(request);

    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(sent?.headers.get('authorization')).toBe('Bearer sk-test');
    expect(sent?.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: weatherTool.parameters,
          },
        },
      ],
      tool_choice: 'required',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      max_tokens: 64,
      temperature: 0,
      stream: false,
    });
  });

  it.each([
    ['gpt-4o-mini', 'max_tokens'],
    ['o3-mini', 'max_completion_tokens'],
    ['gpt-5', 'max_completion_tokens'],
    ['openai/o3', 'max_tokens'],
  ])('sends the output limit of %s as %s, and stop sequences as stop', async (model, field) => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    await adapter.complete({
      model,
      messages: [{ role: 'user', content: 'x' }],
      maxTokens: 16,
      stop: ['END'],
    });
    const body = requests[0]?.body as Record<string, unknown>;
    expect(body[field]).toBe(16);
    expect(Object.keys(body).filter((key) => key.startsWith('max_'))).toEqual([field]);
    expect(body.stop).toEqual(['END']);
  });

  it.each(['auto', 'required', 'none'] as const)('passes toolChoice %s through', async (toolChoice) => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    await adapter.complete({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [weatherTool],
      toolChoice,
    });
    expect(requests[0]?.body).toMatchObject({ tool_choice: toolChoice });
  });

  it('sends a tool forced by name as {type: "function", function: {name}}', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    await adapter.complete({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [weatherTool],
      toolChoice: { name: 'get_weather' },
    });
    expect(requests[0]?.body?.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
  });

  it('leaves out every optional field the neutral request does not set', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    await adapter.complete({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      includeUsage: true,
    });
    expect(requests[0]?.body).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    });
  });

  it.each([
    ['https://api.cohere.com/compatibility/v1', 'https://api.cohere.com/compatibility/v1/chat/completions'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1/chat/completions'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai',
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    ],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions'],
  ])('appends /chat/completions to the base URL %s', async (baseUrl, expected) => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion), { baseUrl });
    await adapter.complete({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    expect(requests[0]?.url).toBe(expected);
  });

  it('starts without a key (Ollama) by sending a placeholder bearer token', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion), { apiKey: '' });
    await adapter.complete({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] });
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer no-key');
  });

  it('asks for usage in the stream with stream_options when includeUsage is set', async () => {
    const { adapter, requests } = adapterWith(() => sseResponse(DONE_EVENT));
    await collectEvents(
      adapter.stream({
        model: 'm',
        messages: [{ role: 'user', content: 'Hi' }],
        includeUsage: true,
      }),
    );
    expect(requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('never sends stream_options to a provider with the noStreamOptions quirk (Cohere)', async () => {
    const { adapter, requests } = adapterWith(() => sseResponse(DONE_EVENT), {
      baseUrl: 'https://api.cohere.com/compatibility/v1',
      quirks: { noStreamOptions: true },
    });
    await collectEvents(
      adapter.stream({
        model: 'c',
        messages: [{ role: 'user', content: 'Hi' }],
        includeUsage: true,
      }),
    );
    expect(requests[0]?.body).toMatchObject({ stream: true });
    expect(requests[0]?.body).not.toHaveProperty('stream_options');
  });

  it('sends no stream_options when usage was not asked for', async () => {
    const { adapter, requests } = adapterWith(() => sseResponse(DONE_EVENT));
    await collectEvents(adapter.stream({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }));
    expect(requests[0]?.body).not.toHaveProperty('stream_options');
  });

  it('hands the caller signal to fetch', async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse(textCompletion));
    const controller = new AbortController();
    await adapter.complete({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }, controller.signal);
    const sentSignal = requests[0]?.signal;
    expect(sentSignal?.aborted).toBe(false);
    controller.abort();
    expect(sentSignal?.aborted).toBe(true);
  });
});

describe('openai-chat adapter: abort', () => {
  it('rejects when the caller signal is already aborted', async () => {
    const { adapter } = adapterWith(() => jsonResponse(textCompletion));
    const call = adapter.complete(
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      AbortSignal.abort(),
    );
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('openai-chat adapter: complete', () => {
  it('maps a real OpenAI text completion', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixture('openai-text.json')));
    const result = await adapter.complete({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 16, outputTokens: 363 });
    expect(result.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(result.reasoning).toBeUndefined();
  });

  it('maps a real xAI tool call with reasoning_content', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixture('xai-tool-call.json')));
    const result = await adapter.complete({
      model: 'grok-3-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.toolCalls).toEqual([
      { id: 'call_93562515', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('tool_calls');
    expect(result.reasoning).toMatch(/^First, the user is asking about the weather/);
    expect(result.text).toBe('');
    expect(result.usage).toEqual({ inputTokens: 291, outputTokens: 26, reasoningTokens: 189 });
  });

  it('maps a real Groq tool call', async () => {
    const { adapter } = adapterWith(() => jsonResponse(fixture('groq-tool-call.json')));
    const result = await adapter.complete({ model: 'llama', messages: [{ role: 'user', content: 'x' }] });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]?.name).toBe('weather');
    expect(JSON.parse(result.toolCalls[0]?.arguments ?? '')).toEqual(expect.any(Object));
    expect(result.finishReason).toBe('tool-calls');
  });

  it('keeps Cohere\'s "null" arguments for a no-parameter tool as sent', async () => {
    const body = completionWith(
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'currentTime_tf4dywn8wgnk',
            type: 'function',
            function: { name: 'currentTime', arguments: 'null' },
          },
        ],
      },
      'tool_calls',
    );
    const { adapter } = adapterWith(() => jsonResponse(body));
    const result = await adapter.complete({ model: 'command-r', messages: [{ role: 'user', content: 'x' }] });
    expect(result.toolCalls).toEqual([
      { id: 'currentTime_tf4dywn8wgnk', name: 'currentTime', arguments: 'null' },
    ]);
    expect(result.text).toBe('');
  });

  it('keeps an empty id, and serialises object arguments from a lenient server', async () => {
    const body = completionWith(
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: '', type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
        ],
      },
      'stop',
    );
    const { adapter } = adapterWith(() => jsonResponse(body));
    const result = await adapter.complete({
      model: 'gemini-2.0-flash',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.toolCalls).toEqual([{ id: '', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(result.finishReason).toBe('stop');
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['end_turn', 'other'],
  ])('maps finish_reason %s to %s', async (raw, expected) => {
    const { adapter } = adapterWith(() =>
      jsonResponse(completionWith({ role: 'assistant', content: 'x' }, raw)),
    );
    const result = await adapter.complete({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(result.finishReason).toBe(expected);
    expect(result.rawFinishReason).toBe(raw);
  });

  it('rejects on HTTP 401 without retrying', async () => {
    const { adapter, requests } = adapterWith(() =>
      jsonResponse({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }, 401),
    );
    const call = adapter.complete({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    await expect(call).rejects.toBeInstanceOf(AuthenticationError);
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(requests).toHaveLength(1);
  });

  it("does not retry a 503 either: retries are the harness's business", async () => {
    const { adapter, requests } = adapterWith(() => jsonResponse({ error: { message: 'busy' } }, 503));
    await expect(
      adapter.complete({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(APIError);
    expect(requests).toHaveLength(1);
  });
});

describe('openai-chat request: JSON mode', () => {
  it('sends response_format json_object, without a schema', () => {
    const params = buildOpenAIChatParams({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      responseFormat: { type: 'json-object' },
    });
    expect(params.response_format).toEqual({ type: 'json_object' });
  });

  it('sends strict as asked, strict when the format does not say', () => {
    const request = (strict?: boolean) => ({
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'Hi' }],
      responseFormat: {
        type: 'json-schema' as const,
        name: 'a',
        schema: { type: 'object' },
        ...(strict === undefined ? {} : { strict }),
      },
    });
    const strictOf = (strict?: boolean) => {
      const format = buildOpenAIChatParams(request(strict)).response_format;
      return format?.type === 'json_schema' ? format.json_schema.strict : 'no json_schema';
    };
    expect([strictOf(), strictOf(true), strictOf(false)]).toEqual([true, true, false]);
  });
});
