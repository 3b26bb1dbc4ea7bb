import { describe, expect, it } from 'vitest';
import type { AdapterConfig, ChatRequest, StreamEvent } from '../../core/adapter-contract.ts';
import { collectStream } from '../shared/collect-stream.ts';
import { abortInFlight, fakeFetch, jsonResponse, sseResponse } from '../shared/test-support/fake-fetch.ts';
import { collectEvents, replayEvents } from '../shared/test-support/stream-events.ts';
import { buildGeminiParams, createGeminiAdapter } from './gemini-adapter.ts';

/** Google frames each chunk as `data: <json>` followed by a CRLF blank line. */
function sse(chunks: Record<string, unknown>[]): string {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('');
}

function config(fetch: typeof globalThis.fetch): AdapterConfig {
  return { baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'gm-test-key', fetch };
}

const USAGE = { promptTokenCount: 9, candidatesTokenCount: 5, totalTokenCount: 14 };

const TEXT_RESPONSE = {
  candidates: [{ content: { parts: [{ text: 'Paris.' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
  usageMetadata: USAGE,
  modelVersion: 'gemini-2.0-flash-001',
  responseId: 'resp-1',
};

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Get the weather.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

const base: ChatRequest = {
  model: 'gemini-2.0-flash',
  messages: [{ role: 'user', content: 'Capital of France?' }],
};

describe('gemini adapter: request', () => {
  it('posts generateContent under /v1beta/models with the x-goog-api-key header', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createGeminiAdapter(config(fetch)).complete(base);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent',
    );
    expect(request?.headers.get('x-goog-api-key')).toBe('gm-test-key');
    // The SDK always sends a generationConfig, empty when nothing is set.
    expect(request?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Capital of France?' }] }],
      generationConfig: {},
    });
  });

  it('maps system, the conversation with function calls and responses, tools and generation config', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createGeminiAdapter(config(fetch)).complete({
      model: 'gemini-2.0-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather and time in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'call-2', name: 'get_time', arguments: '' },
          ],
        },
        { role: 'tool', toolCallId: '', toolName: 'get_weather', content: '{"temp":21}' },
        { role: 'tool', toolCallId: 'call-2', toolName: 'get_time', content: '14:00' },
        { role: 'assistant', content: 'Sunny, 21°C, 14:00.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [WEATHER_TOOL],
      toolChoice: 'required',
      maxTokens: 256,
      temperature: 0,
    });
    const body = requests[0]?.body;
    expect(body?.systemInstruction).toMatchObject({ parts: [{ text: 'Be brief.' }] });
    expect(body?.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { id: 'call-2', name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
          { functionResponse: { id: 'call-2', name: 'get_time', response: { result: '14:00' } } },
        ],
      },
      { role: 'model', parts: [{ text: 'Sunny, 21°C, 14:00.' }] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
    expect(body?.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Get the weather.',
            parametersJsonSchema: WEATHER_TOOL.parameters,
          },
        ],
      },
    ]);
    expect(body?.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body?.generationConfig).toEqual({ temperature: 0, maxOutputTokens: 256 });
    // Client-side options stay on the client.
    expect(JSON.stringify(body)).not.toMatch(/automatic|abortSignal/i);
  });

  it.each([
    ['auto', 'AUTO'],
    ['required', 'ANY'],
    ['none', 'NONE'],
  ] as const)('maps toolChoice %s to mode %s', async (choice, mode) => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createGeminiAdapter(config(fetch)).complete({ ...base, tools: [WEATHER_TOOL], toolChoice: choice });
    expect(requests[0]?.body?.toolConfig).toEqual({ functionCallingConfig: { mode } });
  });

  it('forces a tool by name with mode ANY and allowedFunctionNames', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    await createGeminiAdapter(config(fetch)).complete({
      ...base,
      tools: [WEATHER_TOOL],
      toolChoice: { name: 'get_weather' },
    });
    expect(requests[0]?.body?.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
  });

  it('asks for JSON with the schema when a response format is set', async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    const schema = { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'] };
    await createGeminiAdapter(config(fetch)).complete({
      ...base,
      responseFormat: { type: 'json-schema', name: 'country', schema },
    });
    expect(requests[0]?.body?.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('streams from :streamGenerateContent?alt=sse with the same body', async () => {
    const { fetch, requests } = fakeFetch(() => sseResponse(sse([TEXT_RESPONSE])));
    await collectStream(createGeminiAdapter(config(fetch)).stream(base));
    expect(requests[0]?.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
    );
    expect(requests[0]?.headers.get('x-goog-api-key')).toBe('gm-test-key');
    expect(requests[0]?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Capital of France?' }] }],
      generationConfig: {},
    });
  });
});

describe('gemini adapter: complete', () => {
  it('maps text, usage, model and finish reason', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(TEXT_RESPONSE));
    const result = await createGeminiAdapter(config(fetch)).complete(base);
    expect(result).toEqual({
      text: 'Paris.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 9, outputTokens: 5 },
      model: 'gemini-2.0-flash-001',
    });
  });

  it('maps function calls (STOP becomes tool-calls) and thought parts', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'I should call the tools.', thought: true },
                {
                  functionCall: { name: 'get_weather', args: { city: 'San Francisco' } },
                  thoughtSignature: 'c2ln',
                },
                { functionCall: { id: 'fc-2', name: 'get_time' } },
              ],
            },
            finishReason: 'STOP',
            index: 0,
            finishMessage: 'Model generated function call(s).',
          },
        ],
        usageMetadata: { promptTokenCount: 29, candidatesTokenCount: 15, thoughtsTokenCount: 45 },
        modelVersion: 'gemini-3-pro-preview',
      }),
    );
    const result = await createGeminiAdapter(config(fetch)).complete(base);
    expect(result.text).toBe('');
    expect(result.reasoning).toBe('I should call the tools.');
    expect(result.toolCalls).toEqual([
      // A signed call keeps its thought signature, to send back with it.
      { id: '', name: 'get_weather', arguments: '{"city":"San Francisco"}', signature: 'c2ln' },
      { id: 'fc-2', name: 'get_time', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('STOP');
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content-filter'],
    ['RECITATION', 'content-filter'],
    ['PROHIBITED_CONTENT', 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', 'other'],
  ] as const)('maps finishReason %s to %s', async (raw, neutral) => {
    const body = { ...TEXT_RESPONSE, candidates: [{ ...TEXT_RESPONSE.candidates[0], finishReason: raw }] };
    const { fetch } = fakeFetch(() => jsonResponse(body));
    const result = await createGeminiAdapter(config(fetch)).complete(base);
    expect(result.finishReason).toBe(neutral);
    expect(result.rawFinishReason).toBe(raw);
  });

  it('reports a blocked prompt as content-filter with the block reason', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
        modelVersion: 'gemini-2.0-flash-001',
      }),
    );
    const result = await createGeminiAdapter(config(fetch)).complete(base);
    expect(result).toEqual({
      text: '',
      toolCalls: [],
      finishReason: 'content-filter',
      rawFinishReason: 'PROHIBITED_CONTENT',
      usage: { inputTokens: 8 },
      model: 'gemini-2.0-flash-001',
    });
  });

  it('rejects on HTTP 401, without retrying', async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse(
        {
          error: {
            code: 401,
            message: 'API key not valid. Please pass a valid API key.',
            status: 'UNAUTHENTICATED',
          },
        },
        401,
      ),
    );
    await expect(createGeminiAdapter(config(fetch)).complete(base)).rejects.toMatchObject({ status: 401 });
    expect(requests).toHaveLength(1);
  });

  it('does not retry a 429 either', async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse(
        { error: { code: 429, message: 'Resource exhausted.', status: 'RESOURCE_EXHAUSTED' } },
        429,
      ),
    );
    await expect(createGeminiAdapter(config(fetch)).complete(base)).rejects.toMatchObject({ status: 429 });
    expect(requests).toHaveLength(1);
  });

  it('passes the abort signal through to fetch', async () => {
    const call = abortInFlight((fetch, signal) => createGeminiAdapter(config(fetch)).complete(base, signal));
    await expect(call).rejects.toThrow();
  });
});

async function streamEvents(wire: string): Promise<StreamEvent[]> {
  const { fetch } = fakeFetch(() => sseResponse(wire));
  return collectEvents(createGeminiAdapter(config(fetch)).stream(base));
}

describe('gemini adapter: stream', () => {
  it('streams text chunks, takes the last running usage and finishes once', async () => {
    const wire = sse([
      {
        candidates: [{ content: { parts: [{ text: 'There are **3**' }], role: 'model' }, index: 0 }],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 5, totalTokenCount: 199 },
        modelVersion: 'gemini-2.0-flash-001',
      },
      {
        candidates: [{ content: { parts: [{ text: ' "r"s — in strawberry.' }], role: 'model' }, index: 0 }],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 23, totalTokenCount: 217 },
        modelVersion: 'gemini-2.0-flash-001',
      },
      {
        candidates: [
          {
            content: { parts: [{ text: '', thoughtSignature: 'c2ln' }], role: 'model' },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 23, totalTokenCount: 217 },
        modelVersion: 'gemini-2.0-flash-001',
      },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'text')).toEqual([
      { type: 'text', text: 'There are **3**' },
      { type: 'text', text: ' "r"s — in strawberry.' },
    ]);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(await collectStream(replayEvents(events))).toEqual({
      text: 'There are **3** "r"s — in strawberry.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 9, outputTokens: 23 },
      model: 'gemini-2.0-flash-001',
    });
  });

  it('gives each whole functionCall part its own index and finishes with tool-calls', async () => {
    const wire = sse([
      {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'Reading the theme first.', thought: true }] },
            index: 0,
          },
        ],
        modelVersion: 'gemini-3-flash-preview',
      },
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
                { functionCall: { name: 'get_time', args: { timezone: 'Europe/Paris' } } },
              ],
            },
            index: 0,
          },
        ],
        modelVersion: 'gemini-3-flash-preview',
      },
      {
        candidates: [
          { content: { role: 'model', parts: [{ functionCall: { name: 'list_cities' } }] }, index: 0 },
        ],
        modelVersion: 'gemini-3-flash-preview',
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 29, candidatesTokenCount: 15, totalTokenCount: 89 },
        modelVersion: 'gemini-3-flash-preview',
      },
    ]);
    const events = await streamEvents(wire);
    expect(events.filter((event) => event.type === 'tool-call-delta')).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        name: 'get_weather',
        argumentsDelta: '{"city":"Paris"}',
        signature: 'c2ln',
      },
      { type: 'tool-call-delta', index: 1, name: 'get_time', argumentsDelta: '{"timezone":"Europe/Paris"}' },
      { type: 'tool-call-delta', index: 2, name: 'list_cities', argumentsDelta: '{}' },
    ]);
    const result = await collectStream(replayEvents(events));
    expect(result.reasoning).toBe('Reading the theme first.');
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([
      { id: '', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'c2ln' },
      { id: '', name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
      { id: '', name: 'list_cities', arguments: '{}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 29, outputTokens: 15 });
  });

  it('reports a blocked prompt in a stream as content-filter', async () => {
    const wire = sse([
      {
        promptFeedback: { blockReason: 'SAFETY' },
        usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
        modelVersion: 'gemini-2.0-flash-001',
      },
    ]);
    const finishes = (await streamEvents(wire)).filter((event) => event.type === 'finish');
    expect(finishes).toEqual([{ type: 'finish', finishReason: 'content-filter', rawFinishReason: 'SAFETY' }]);
  });

  it('emits no finish when the stream ends without a finishReason', async () => {
    const wire = sse([
      {
        candidates: [{ content: { parts: [{ text: 'Par' }], role: 'model' }, index: 0 }],
        modelVersion: 'gemini-2.0-flash-001',
      },
    ]);
    const events = await streamEvents(wire);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    expect(events).toContainEqual({ type: 'text', text: 'Par' });
  });

  it('throws on an error object sent mid-stream', async () => {
    const wire = `${sse([
      { candidates: [{ content: { parts: [{ text: 'Par' }], role: 'model' }, index: 0 }] },
    ])}data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n`;
    await expect(streamEvents(wire)).rejects.toMatchObject({ status: 503 });
  });

  it('rejects on HTTP 401', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ error: { code: 401, message: 'API key not valid.', status: 'UNAUTHENTICATED' } }, 401),
    );
    await expect(collectStream(createGeminiAdapter(config(fetch)).stream(base))).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('gemini request: JSON mode', () => {
  it('sets the JSON MIME type and no schema', () => {
    const { config } = buildGeminiParams({
      model: 'gemini-2.0-flash',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      responseFormat: { type: 'json-object' },
    });
    expect(config?.responseMimeType).toBe('application/json');
    expect(config?.responseJsonSchema).toBeUndefined();
  });
});
