import { describe, expect, it } from 'vitest';
import { answerDifferences, normalizedArguments } from '../clients/answer-differences.ts';
import type { ChatResult } from '../core/adapter-contract.ts';
import { loadFixture } from '../fixtures/load-fixture.ts';
import { responseChunks } from '../fixtures/response-chunks.ts';
import type { TappedExchange } from '../wire/tap.ts';
import type { Protocol } from './index.ts';
import { exchangeFromChunks, sseData, sseNamed } from './shared/test-support/wire-exchange.ts';
import { readWireAnswer } from './wire-answer.ts';

/** A shipped fixture's first exchange as the wire tap would have recorded it. */
async function tapped(provider: string, scenario: string): Promise<TappedExchange> {
  const fixture = await loadFixture('fixtures', provider, scenario);
  const exchange = fixture.exchanges[0];
  if (!exchange) throw new Error(`${provider}/${scenario} has no exchange`);
  return exchangeFromChunks(
    [...responseChunks(exchange.response)].map((chunk) => chunk.text),
    { status: exchange.response.status, responseHeaders: exchange.response.headers },
  );
}

const answerOf = async (provider: string, scenario: string, protocol: Protocol, stream: boolean) =>
  readWireAnswer(await tapped(provider, scenario), protocol, stream);

describe('readWireAnswer', () => {
  it('reads two parallel calls of a whole OpenAI answer', async () => {
    const answer = await answerOf('openai', 'tools.parallel', 'openai-chat', false);
    expect(answer?.toolCalls.map((call) => call.name)).toEqual(['get_weather', 'get_weather']);
    expect(answer?.finish).toMatchObject({ raw: 'tool_calls', reason: 'tool-calls' });
  });

  it('assembles index-less streamed calls (Gemini’s OpenAI endpoint) as the built-in adapters do', async () => {
    const answer = await answerOf('google-openai', 'tools.stream', 'openai-chat', true);
    expect(answer?.toolCalls).toEqual([{ name: 'get_weather', arguments: '{"city":"Tokyo"}' }]);
    expect(answer?.finish?.raw).toBe('stop');
  });

  it('joins argument fragments by index, and text and usage of a stream', () => {
    const exchange = exchangeFromChunks([
      sseData([
        { choices: [{ index: 0, delta: { content: 'Hel' } }] },
        { choices: [{ index: 0, delta: { content: 'lo' } }] },
        {
          choices: [
            { delta: { tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x"' } }] } },
          ],
        },
        {
          choices: [
            { delta: { tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '' } }] } },
          ],
        },
        { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } }] },
        { choices: [{ index: 1, delta: { content: 'another choice' } }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
        { choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } },
        '[DONE]',
        { choices: [{ delta: { content: 'after the end' } }] },
      ]),
    ]);
    expect(readWireAnswer(exchange, 'openai-chat', true)).toEqual({
      text: 'Hello',
      toolCalls: [
        { name: 'f', arguments: '{"x":1}' },
        { name: 'g', arguments: '' },
      ],
      finish: { choice: 0, raw: 'tool_calls', reason: 'tool-calls' },
      usage: { inputTokens: 5, outputTokens: 7 },
    });
  });

  it('reads Anthropic’s streamed tool input, leaving out what the provider ran itself', () => {
    const exchange = exchangeFromChunks([
      sseNamed([
        { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } },
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
        },
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"q":"x"}' },
        },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 't', name: 'get_weather', input: {} },
        },
        {
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '{"city":' },
        },
        {
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
        },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
        { type: 'message_stop' },
      ] as { type: string }[]),
    ]);
    expect(readWireAnswer(exchange, 'anthropic-messages', true)?.toolCalls).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('reads no answer from a failed request, a cut body, or an error inside a 200 stream', async () => {
    expect(await answerOf('openai', 'errors.auth', 'openai-chat', false)).toBeUndefined();
    const cut = exchangeFromChunks([sseData([{ choices: [{ delta: { content: 'x' } }] }])], {
      complete: false,
    });
    expect(readWireAnswer(cut, 'openai-chat', true)).toBeUndefined();
    const inside = exchangeFromChunks([sseData([{ error: { message: 'overloaded' } }, '[DONE]'])]);
    expect(readWireAnswer(inside, 'openai-chat', true)).toBeUndefined();
  });
});

const result = (overrides: Partial<ChatResult>): ChatResult => ({
  text: '',
  toolCalls: [],
  finishReason: 'tool-calls',
  ...overrides,
});

describe('answerDifferences', () => {
  const wire = {
    text: '',
    toolCalls: [
      { name: 'get_weather', arguments: '{"city": "Paris"}' },
      { name: 'get_weather', arguments: '{"city":"Tokyo","unit":"celsius"}' },
    ],
    finish: { choice: 0, raw: 'tool_calls', reason: 'tool-calls' as const },
    usage: { inputTokens: 10, outputTokens: 20 },
  };
  const both = [
    { id: '1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: '2', name: 'get_weather', arguments: '{"unit":"celsius","city":"Tokyo"}' },
  ];

  it('finds none when only spacing, key order and ids differ', () => {
    expect(
      answerDifferences(wire, result({ toolCalls: both, usage: { inputTokens: 10, outputTokens: 20 } })),
    ).toEqual([]);
  });

  it('words each difference with both sides', () => {
    expect(answerDifferences(wire, result({ toolCalls: both.slice(0, 1), usage: {} }))).toEqual([
      'the wire had 2 tool calls (get_weather, get_weather), the client reported 1 (get_weather)',
      'the wire reported usage 10 in, 20 out, the client reported ? in, ? out',
    ]);
    expect(
      answerDifferences(
        { ...wire, text: 'Paris.' },
        result({
          text: 'Paris',
          toolCalls: [
            both[0] as ChatResult['toolCalls'][number],
            { id: '2', name: 'get_time', arguments: '{}' },
          ],
          finishReason: 'stop',
          usage: { inputTokens: 10, outputTokens: 20 },
        }),
      ),
    ).toEqual([
      'the wire\'s text was "Paris." (6 characters), the client reported "Paris" (5 characters)',
      'tool call 2 was to get_weather on the wire, the client reported get_time',
      "the wire's finish reason was tool-calls (tool_calls), the client reported stop",
    ]);
  });

  it('tells a client that files index-less calls under one key that the wire had two', () => {
    const exchange = exchangeFromChunks([
      sseData([
        {
          choices: [
            { delta: { tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] } },
          ],
        },
        {
          choices: [
            { delta: { tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] } },
          ],
        },
        { choices: [{ delta: {}, finish_reason: 'stop' }] },
        '[DONE]',
      ]),
    ]);
    const gemini = readWireAnswer(exchange, 'openai-chat', true);
    expect(gemini?.toolCalls).toHaveLength(2);
    const merged = [{ id: '', name: 'get_weather', arguments: '{"city":"Paris"}{"city":"Tokyo"}' }];
    expect(
      answerDifferences(
        gemini as NonNullable<typeof gemini>,
        result({ toolCalls: merged, finishReason: 'stop' }),
      ),
    ).toEqual(['the wire had 2 tool calls (get_weather, get_weather), the client reported 1 (get_weather)']);
  });

  it('lets a client read "stop" after tool calls as tool-calls, as the Gemini and Ollama adapters do', () => {
    const stop = { ...wire, finish: { choice: 0, raw: 'stop', reason: 'stop' as const }, usage: undefined };
    expect(answerDifferences(stop, result({ toolCalls: both }))).toEqual([]);
  });

  it('reads no arguments alike however they are spelled', () => {
    expect(['', 'null', '{}', ' {} '].map(normalizedArguments)).toEqual(['{}', '{}', '{}', '{}']);
    expect(normalizedArguments('{"b":1,"a":{"d":2,"c":3}}')).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(normalizedArguments('not json')).toBe('not json');
  });
});
