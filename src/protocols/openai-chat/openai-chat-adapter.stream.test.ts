import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../core/adapter-contract.ts';
import { collectStream } from '../shared/collect-stream.ts';
import { chunkEventWriter, chunksToSse, DONE_EVENT } from '../shared/test-support/chat-completion-sse.ts';
import { fakeFetch, sseResponse } from '../shared/test-support/fake-fetch.ts';
import { readFixture } from '../shared/test-support/read-fixture.ts';
import { collectEvents, replayEvents } from '../shared/test-support/stream-events.ts';
import { createOpenAIChatAdapter } from './openai-chat-adapter.ts';

const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'x' }], includeUsage: true };

function streamOf(wireText: string) {
  const fake = fakeFetch(() => sseResponse(wireText));
  const adapter = createOpenAIChatAdapter({
    baseUrl: 'https://example.test/v1',
    apiKey: 'k',
    fetch: fake.fetch,
  });
  return adapter.stream(request);
}

function eventsOf(wireText: string): Promise<StreamEvent[]> {
  return collectEvents(streamOf(wireText));
}

const fixtureSse = (name: string) => chunksToSse(readFixture(import.meta.url, `__fixtures__/${name}`));

/** One OpenAI-wire chunk as the SSE event a provider sends. */
const data = chunkEventWriter('test-model');

describe('openai-chat adapter: stream (real recorded traffic)', () => {
  it('assembles two parallel gpt-4o tool calls streamed in fragments, with the usage chunk', async () => {
    const events = await eventsOf(fixtureSse('openai-parallel-tool-calls.chunks.txt'));
    const result = await collectStream(replayEvents(events));
    expect(result.toolCalls).toEqual([
      { id: 'call_wG7KyJ36I4H4Wx6a63FiSmHb', name: 'get_weather', arguments: '{"location": "Paris"}' },
      { id: 'call_AhQ9MuvnRiJsuhSAOJ4bFHNx', name: 'get_time', arguments: '{"location": "Paris"}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('tool_calls');
    expect(result.usage).toEqual({ inputTokens: 110, outputTokens: 44 });
    expect(result.model).toBe('gpt-4o-2024-08-06');
    const firstFragments = events.filter((e) => e.type === 'tool-call-delta' && e.name !== undefined);
    expect(firstFragments).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_wG7KyJ36I4H4Wx6a63FiSmHb', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, id: 'call_AhQ9MuvnRiJsuhSAOJ4bFHNx', name: 'get_time' },
    ]);
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('reads a raw gateway SSE trace whose tool call index starts at 1', async () => {
    const wire = readFixture(import.meta.url, '__fixtures__/anthropic-fallback-tool-call.sse');
    const result = await collectStream(streamOf(wire));
    expect(result.text).toBe('Reading it.');
    expect(result.toolCalls).toEqual([
      { id: 'toolu_sanitized', name: 'read_file', arguments: '{"path": "a.txt"}' },
    ]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.model).toBe('claude-haiku-4-5-20251001');
  });

  it('streams xAI reasoning_content, a whole tool call and the trailing usage chunk', async () => {
    const events = await eventsOf(fixtureSse('xai-tool-call.chunks.txt'));
    const result = await collectStream(replayEvents(events));
    expect(result.reasoning).toMatch(/^First, the user is/);
    expect(result.toolCalls).toEqual([
      { id: 'call_55117580', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(result.usage).toEqual({ inputTokens: 291, outputTokens: 26, reasoningTokens: 196 });
    expect(result.finishReason).toBe('tool-calls');
    expect(events.filter((e) => e.type === 'reasoning').length).toBeGreaterThan(1);
  });

  it('streams a Groq tool call with {} arguments and usage on the finish chunk', async () => {
    const result = await collectStream(streamOf(fixtureSse('groq-tool-call.chunks.txt')));
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ id: 'tk85n1k4m', name: 'weather', arguments: '{}' });
    expect(result.usage).toEqual({ inputTokens: 210, outputTokens: 15 });
  });

  it('streams Azure text: skips the empty leading model, keeps text and usage', async () => {
    const events = await eventsOf(fixtureSse('azure-model-router.1.chunks.txt'));
    const result = await collectStream(replayEvents(events));
    expect(result.text.length).toBeGreaterThan(10);
    expect(result.usage).toEqual({ inputTokens: 15, outputTokens: 78, reasoningTokens: 64 });
    expect(result.finishReason).toBe('stop');
    expect(events.filter((e) => e.type === 'model')).toEqual([
      { type: 'model', model: 'gpt-5-nano-2025-08-07' },
    ]);
  });

  it('streams an Ollama tool call that arrives whole in one chunk, then usage with choices []', async () => {
    const result = await collectStream(streamOf(fixtureSse('ollama-tool-call-usage.chunks.txt')));
    expect(result.toolCalls).toEqual([{ id: 'call_gpplkhwq', name: 'get_current_time', arguments: '{}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 157, outputTokens: 12 });
  });

  it('takes the usage Together puts on its final chunk without being asked', async () => {
    const result = await collectStream(streamOf(fixtureSse('together-tool-call.chunks.txt')));
    expect(result.toolCalls).toEqual([
      { id: 'call_jy63yt7kp8hfof3sy4pim94o', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
    expect(result.usage).toEqual({ inputTokens: 193, outputTokens: 24 });
    expect(result.finishReason).toBe('tool-calls');
  });
});

describe('openai-chat adapter: stream (provider quirks)', () => {
  it('Gemini-compat: a whole tool call without index, with id "", extra_content, finishing "stop"', async () => {
    const wire =
      data([{ index: 0, delta: { role: 'assistant' } }]) +
      data(
        [
          {
            index: 0,
            delta: {
              role: 'assistant',
              tool_calls: [
                {
                  id: '',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
                  extra_content: { google: { thought_signature: 'CiQBVKhc7+sig==' } },
                },
              ],
            },
            finish_reason: 'stop',
          },
        ],
        { usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 } },
      ) +
      DONE_EVENT;
    const events = await eventsOf(wire);
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        name: 'get_weather',
        argumentsDelta: '{"city":"Paris"}',
        signature: 'CiQBVKhc7+sig==',
      },
    ]);
    const result = await collectStream(replayEvents(events));
    // The thought signature is kept with the call, to go back with it.
    expect(result.toolCalls).toEqual([
      { id: '', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBVKhc7+sig==' },
    ]);
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 20, outputTokens: 8 });
  });

  it('Gemini-compat: several whole calls without index, in one delta and across deltas', async () => {
    const call = (name: string, args: string, index?: null) => ({
      ...(index === null ? { index: null } : {}),
      id: '',
      type: 'function',
      function: { name, arguments: args },
    });
    const wire =
      data([
        {
          index: 0,
          delta: {
            tool_calls: [call('get_weather', '{"city":"Paris"}'), call('get_time', '{"city":"Paris"}')],
          },
        },
      ]) +
      data([{ index: 0, delta: { tool_calls: [call('get_weather', '{"city":"Rome"}', null)] } }]) +
      data([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
      DONE_EVENT;
    const result = await collectStream(streamOf(wire));
    expect(result.toolCalls).toEqual([
      { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: '', name: 'get_time', arguments: '{"city":"Paris"}' },
      { id: '', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
  });

  it('Gemini-compat: index-less argument fragments and a metadata-only delta continue the call', async () => {
    const wire =
      data([
        {
          index: 0,
          delta: {
            tool_calls: [
              { id: 'function-call-1', type: 'function', function: { name: 'search', arguments: '{"q":' } },
            ],
          },
        },
      ]) +
      data([{ index: 0, delta: { tool_calls: [{ function: { arguments: '"rain"}' } }] } }]) +
      data([
        { index: 0, delta: { tool_calls: [{ extra_content: { google: { thought_signature: 'sig' } } }] } },
      ]) +
      data([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
      DONE_EVENT;
    const result = await collectStream(streamOf(wire));
    expect(result.toolCalls).toEqual([
      { id: 'function-call-1', name: 'search', arguments: '{"q":"rain"}', signature: 'sig' },
    ]);
  });

  it('older Ollama: whole calls without index, each with its own id', async () => {
    const wire =
      data([
        {
          index: 0,
          delta: {
            role: 'assistant',
            content: '',
            tool_calls: [
              { id: 'call_a1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
            ],
          },
        },
      ]) +
      data([
        {
          index: 0,
          delta: {
            tool_calls: [
              { id: 'call_b2', type: 'function', function: { name: 'get_weather', arguments: '{"x":1}' } },
            ],
          },
        },
      ]) +
      data([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'tool_calls' }]) +
      DONE_EVENT;
    const result = await collectStream(streamOf(wire));
    expect(result.toolCalls).toEqual([
      { id: 'call_a1', name: 'get_weather', arguments: '{}' },
      { id: 'call_b2', name: 'get_weather', arguments: '{"x":1}' },
    ]);
  });

  it('Cohere: keeps "null" arguments of a no-parameter tool as sent', async () => {
    const wire =
      data([
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index: 0,
                id: 'currentTime_x',
                type: 'function',
                function: { name: 'currentTime', arguments: '' },
              },
            ],
          },
        },
      ]) +
      data([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'null' } }] } }]) +
      data([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]) +
      DONE_EVENT;
    const result = await collectStream(streamOf(wire));
    expect(result.toolCalls).toEqual([{ id: 'currentTime_x', name: 'currentTime', arguments: 'null' }]);
  });

  it('OpenRouter: the SDK skips ": OPENROUTER PROCESSING" comment lines', async () => {
    const wire =
      ': OPENROUTER PROCESSING\n\n' +
      data([{ index: 0, delta: { role: 'assistant', content: 'Hel' } }]) +
      ': OPENROUTER PROCESSING\n\n' +
      data([{ index: 0, delta: { content: 'lo' } }]) +
      data([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
      DONE_EVENT;
    const events = await eventsOf(wire);
    expect(events.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' });
  });

  it('OpenRouter: the SDK throws on a mid-stream error chunk, after the text before it was delivered', async () => {
    const wire =
      data([{ index: 0, delta: { role: 'assistant', content: 'Partial' } }]) +
      data([{ index: 0, delta: { content: '' }, finish_reason: 'error' }], {
        error: { code: 502, message: 'Provider disconnected' },
      }) +
      DONE_EVENT;
    const events: StreamEvent[] = [];
    let caught: unknown;
    try {
      for await (const event of streamOf(wire)) events.push(event);
    } catch (error) {
      caught = error;
    }
    // openai v7 throws an APIError for any chunk with a truthy `error`, so no 'finish' event is produced:
    // the error propagates and the harness classifies it from the wire tap.
    expect(caught).toBeInstanceOf(APIError);
    expect(String(caught)).toMatch(/Provider disconnected/);
    expect(events).toContainEqual({ type: 'text', text: 'Partial' });
    expect(events.some((e) => e.type === 'finish')).toBe(false);
  });

  it('emits exactly one finish when finish_reason repeats, after the usage chunk', async () => {
    const wire =
      data([{ index: 0, delta: { content: 'Hi' } }]) +
      data([{ index: 0, delta: {}, finish_reason: 'length' }]) +
      data([{ index: 0, delta: {}, finish_reason: 'length' }]) +
      data([], { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }) +
      DONE_EVENT;
    const events = await eventsOf(wire);
    expect(events.filter((e) => e.type === 'finish')).toEqual([
      { type: 'finish', finishReason: 'length', rawFinishReason: 'length' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['model', 'text', 'usage', 'finish']);
  });

  it('emits no finish when the stream ends without a finish_reason', async () => {
    const events = await eventsOf(data([{ index: 0, delta: { content: 'cut off' } }]));
    expect(events).toEqual([
      { type: 'model', model: 'test-model' },
      { type: 'text', text: 'cut off' },
    ]);
  });

  it('reads reasoning sent as delta.reasoning (Groq, OpenRouter)', async () => {
    const wire =
      data([{ index: 0, delta: { reasoning: 'Thinking…' } }]) +
      data([{ index: 0, delta: { content: 'Answer' }, finish_reason: 'stop' }]) +
      DONE_EVENT;
    const result = await collectStream(streamOf(wire));
    expect(result.reasoning).toBe('Thinking…');
    expect(result.text).toBe('Answer');
  });
});
