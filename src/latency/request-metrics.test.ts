import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Protocol } from '../protocols/index.ts';
import type { TappedChunk, TappedExchange } from '../wire/tap.ts';
import { requestMetrics } from './request-metrics.ts';

function exchange(chunks: TappedChunk[], tEnd: number): TappedExchange {
  return {
    request: { method: 'POST', url: 'https://x.test/', headers: {} },
    status: 200,
    chunks,
    tEnd,
    complete: true,
  };
}

const sse = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const openAiDelta = (delta: Record<string, unknown>, finish: string | null = null) =>
  sse({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
const event = (name: string, value: unknown) => `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;

function metrics(protocol: Protocol, chunks: [number, string][], tEnd: number, stream = true) {
  return requestMetrics(
    exchange(
      chunks.map(([t, text]) => ({ t, text })),
      tEnd,
    ),
    protocol,
    stream,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requestMetrics: OpenAI chat stream', () => {
  const chunks: [number, string][] = [
    [100, ': OPENROUTER PROCESSING\n\n'],
    [150, openAiDelta({ role: 'assistant', content: '' })],
    [200, openAiDelta({ content: 'Hello' })],
    [260, openAiDelta({ content: ' big world' })],
    [300, openAiDelta({ content: '!' }) + openAiDelta({}, 'stop')],
    [
      320,
      `${sse({ object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: 9 } })}data: [DONE]\n\n`,
    ],
  ];

  it('times the first and last content chunks, not the comment, the role-only delta or the usage chunk', () => {
    const m = metrics('openai-chat', chunks, 330);
    expect(m).toMatchObject({ tFirst: 200, tLast: 300, ttftMs: 200, e2eMs: 330, contentChunks: 3 });
    expect(m.chunkGapsMs).toEqual([60, 40]);
  });

  it('takes output tokens from usage, and computes ITL and speed over chunks carrying several tokens', () => {
    const m = metrics('openai-chat', chunks, 330);
    expect(m).toMatchObject({ outputTokens: 9, tokenSource: 'usage' });
    // (300 − 200) / (9 − 1) and (9 − 1) / 0.1 s
    expect(m.itlMs).toBe(12.5);
    expect(m.outputTokensPerSecond).toBe(80);
  });

  it('estimates tokens as chars / 4 when there is no usage', () => {
    const m = metrics(
      'openai-chat',
      [
        [10, openAiDelta({ content: 'abcdefgh' })],
        [30, openAiDelta({ content: 'ijklmnop' })],
      ],
      35,
    );
    expect(m).toMatchObject({ contentChars: 16, outputTokens: 4, tokenSource: 'estimate' });
    expect(m.itlMs).toBeCloseTo(20 / 3, 12);
    expect(m.outputTokensPerSecond).toBeCloseTo(150, 9);
  });

  it('has no ITL or speed for a single-token stream', () => {
    const m = metrics(
      'openai-chat',
      [
        [40, openAiDelta({ content: 'Hi' })],
        [50, sse({ choices: [], usage: { completion_tokens: 1 } })],
      ],
      52,
    );
    expect(m).toMatchObject({ ttftMs: 40, outputTokens: 1, tokenSource: 'usage', chunkGapsMs: [] });
    expect(m.itlMs).toBeUndefined();
    expect(m.outputTokensPerSecond).toBeUndefined();
  });

  it('has no ITL when all the tokens came in one chunk', () => {
    const m = metrics(
      'openai-chat',
      [
        [
          40,
          openAiDelta({ content: 'Paris is the capital.' }) +
            sse({ choices: [], usage: { completion_tokens: 5 } }),
        ],
      ],
      41,
    );
    expect(m).toMatchObject({ outputTokens: 5, ttftMs: 40 });
    expect(m.itlMs).toBeUndefined();
  });

  it('stamps an event split across reads with the read that completed it', () => {
    const text = openAiDelta({ content: 'Hi there' });
    const m = metrics(
      'openai-chat',
      [
        [50, text.slice(0, 20)],
        [70, text.slice(20)],
      ],
      80,
    );
    expect(m.ttftMs).toBe(70);
  });

  it('counts tool-call deltas (name or argument text) and reasoning as content', () => {
    const m = metrics(
      'openai-chat',
      [
        [
          10,
          openAiDelta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: '', arguments: '' } }] }),
        ],
        [20, openAiDelta({ reasoning_content: 'think' })],
        [30, openAiDelta({ tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: '' } }] })],
        [40, openAiDelta({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] })],
      ],
      45,
    );
    expect(m).toMatchObject({ ttftMs: 20, tLast: 40, contentChars: 5 + 11 + 16 });
  });

  it('parses each event once, however the stream is cut into reads', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const chunks: [number, string][] = [];
    for (let i = 0; i < 500; i++) {
      const text = openAiDelta({ content: 'x' });
      chunks.push([2 * i, text.slice(0, 10)], [2 * i + 1, text.slice(10)]);
    }
    const m = metrics('openai-chat', chunks, 1000);
    expect(parse).toHaveBeenCalledTimes(500);
    expect(m.contentChunks).toBe(500);
  });
});

describe('requestMetrics: other protocols', () => {
  it('Anthropic: ignores message_start, the empty text block and ping; usage from message_delta', () => {
    const m = metrics(
      'anthropic-messages',
      [
        [
          10,
          event('message_start', { type: 'message_start', message: { usage: { output_tokens: 1 } } }) +
            event('content_block_start', {
              type: 'content_block_start',
              content_block: { type: 'text', text: '' },
            }) +
            event('ping', { type: 'ping' }),
        ],
        [
          40,
          event('content_block_delta', {
            type: 'content_block_delta',
            delta: { type: 'text_delta', text: 'Hi' },
          }),
        ],
        [
          70,
          event('content_block_start', {
            type: 'content_block_start',
            content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
          }),
        ],
        [90, event('message_delta', { type: 'message_delta', usage: { output_tokens: 5 } })],
      ],
      95,
    );
    expect(m).toMatchObject({
      ttftMs: 40,
      tLast: 70,
      outputTokens: 5,
      tokenSource: 'usage',
      chunkGapsMs: [30],
    });
    expect(m.itlMs).toBe(7.5);
  });

  it('Gemini: a usage-only chunk is not content; the running usage total is taken last', () => {
    const part = (text: string, count: number) =>
      sse({
        candidates: [{ content: { parts: [{ text }] } }],
        usageMetadata: { candidatesTokenCount: count },
      });
    const m = metrics(
      'gemini',
      [
        [5, sse({ usageMetadata: { promptTokenCount: 7 } })],
        [20, part('Hello', 1)],
        [50, part(' world, again', 4)],
        [60, sse({ usageMetadata: { candidatesTokenCount: 4, thoughtsTokenCount: 2 } })],
      ],
      61,
    );
    expect(m).toMatchObject({ ttftMs: 20, tLast: 50, outputTokens: 6, tokenSource: 'usage' });
    expect(m.itlMs).toBe(6);
  });

  it('Ollama: NDJSON lines with empty content carry nothing; eval_count from the done line', () => {
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    const m = metrics(
      'ollama-chat',
      [
        [10, line({ message: { role: 'assistant', content: '' }, done: false })],
        [30, line({ message: { role: 'assistant', content: 'One' }, done: false })],
        [45, line({ message: { role: 'assistant', content: ' two' }, done: false })],
        [50, line({ message: { role: 'assistant', content: '' }, done: true, eval_count: 3 })],
      ],
      51,
    );
    expect(m).toMatchObject({
      ttftMs: 30,
      tLast: 45,
      outputTokens: 3,
      tokenSource: 'usage',
      chunkGapsMs: [15],
    });
    expect(m.itlMs).toBe(7.5);
  });

  it('Mistral: thinking chunks are reasoning, so they count for the TTFT as the adapter reads them', () => {
    const thinking = (text: string) => ({ type: 'thinking', thinking: [{ type: 'text', text }] });
    const m = metrics(
      'mistral-chat',
      [
        [10, openAiDelta({ role: 'assistant', content: [thinking('2+2')] })],
        [30, openAiDelta({ content: [{ type: 'text', text: '4' }] })],
      ],
      31,
    );
    expect(m).toMatchObject({ ttftMs: 10, tLast: 30, contentChars: 4, contentChunks: 2 });
  });

  it('an answer that is not streamed is usable at its last byte', () => {
    const body = JSON.stringify({
      choices: [{ index: 0, message: { role: 'assistant', content: 'Paris' } }],
      usage: { completion_tokens: 2 },
    });
    const m = metrics(
      'openai-chat',
      [
        [300, body.slice(0, 30)],
        [320, body.slice(30)],
      ],
      321,
      false,
    );
    expect(m).toMatchObject({ ttftMs: 320, tLast: 320, e2eMs: 321, outputTokens: 2, contentChunks: 1 });
    expect(m.itlMs).toBeUndefined();
  });

  it('an answer without content has no TTFT', () => {
    const m = metrics('gemini', [[10, sse({ promptFeedback: { blockReason: 'SAFETY' } })]], 11);
    expect(m.ttftMs).toBeUndefined();
    expect(m.outputTokens).toBeUndefined();
  });
});
