import { describe, expect, it } from 'vitest';
import { readOpenAiChatValue } from './read-openai-chat-wire.ts';

const chunk = (delta: object, finish_reason: string | null = null, extra: object = {}) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason }],
  ...extra,
});

describe('readOpenAiChatValue', () => {
  it('reads text, reasoning and tool-call fragments of a delta', () => {
    const view = readOpenAiChatValue(
      chunk({
        content: 'Hi',
        reasoning_content: 'think',
        reasoning: 'more',
        tool_calls: [{ index: 1, id: 'call_1', function: { name: 'get_weather', arguments: '{"c' } }],
      }),
      undefined,
    );
    expect(view.deltas).toEqual([
      { type: 'text', text: 'Hi', choice: 0 },
      { type: 'reasoning', text: 'think', choice: 0 },
    ]);
    expect(readOpenAiChatValue(chunk({ reasoning: 'more' }), undefined).deltas).toContainEqual({
      type: 'reasoning',
      text: 'more',
      choice: 0,
    });
    expect(view.toolCalls).toEqual([
      {
        choice: 0,
        index: 1,
        id: 'call_1',
        name: 'get_weather',
        arguments: '{"c',
        source: { index: 1, id: 'call_1', function: { name: 'get_weather', arguments: '{"c' } },
      },
    ]);
  });

  it('reads Mistral content chunks: text as text, thinking as reasoning', () => {
    const view = readOpenAiChatValue(
      chunk({
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: '2+2' }] },
          { type: 'text', text: '4' },
        ],
      }),
      undefined,
    );
    expect(view.deltas).toEqual([
      { type: 'text', text: '4', choice: 0 },
      { type: 'reasoning', text: '2+2', choice: 0 },
    ]);
  });

  it('reads a whole answer, the legacy `text` shape, finish reasons raw and neutral, and usage', () => {
    const whole = readOpenAiChatValue(
      {
        choices: [
          { index: 0, message: { content: 'Paris' }, finish_reason: 'stop' },
          { index: 1, text: 'Lyon', finish_reason: 'function_call' },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 'many' },
      },
      undefined,
    );
    expect(whole.deltas).toEqual([
      { type: 'text', text: 'Paris', choice: 0 },
      { type: 'text', text: 'Lyon', choice: 1 },
    ]);
    expect(whole.finishes).toEqual([
      { choice: 0, raw: 'stop', reason: 'stop' },
      { choice: 1, raw: 'function_call', reason: 'tool-calls' },
    ]);
    expect(whole.usage).toEqual({ inputTokens: 10 });
  });

  it('reads the total, cached and reasoning counts, cached at the top level too (Together)', () => {
    const usage = (counts: Record<string, unknown>) =>
      readOpenAiChatValue({ usage: counts }, undefined).usage;
    expect(
      usage({
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      }),
    ).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedTokens: 4, reasoningTokens: 2 });
    expect(usage({ prompt_tokens: 10, cached_tokens: 3 })).toEqual({ inputTokens: 10, cachedTokens: 3 });
  });

  it('reads an error object, or an event named error, as an error', () => {
    const openRouter = readOpenAiChatValue(
      chunk({ content: '' }, 'error', { error: { code: 502, message: 'Provider returned error' } }),
      undefined,
    );
    expect(openRouter.error).toEqual({ summary: '502 Provider returned error' });
    expect(readOpenAiChatValue({ message: 'overloaded' }, 'error').error).toEqual({});
    expect(readOpenAiChatValue(chunk({ content: 'Hi' }), undefined).error).toBeUndefined();
  });
});
