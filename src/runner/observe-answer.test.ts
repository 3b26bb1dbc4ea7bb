import { describe, expect, it } from 'vitest';
import type { ChatResult, StepOutcome } from '../core/adapter-contract.ts';
import { exchangeFromChunks, sseNamed } from '../protocols/shared/test-support/wire-exchange.ts';
import { OBSERVED_TEXT_LIMIT, observeAnswer, observedText } from './observe-answer.ts';

const answered = (result: Partial<ChatResult>): StepOutcome => ({
  result: { text: '', toolCalls: [], finishReason: 'stop', ...result },
  textDeltas: 0,
});

describe('observedText', () => {
  it('keeps a short text whole, without a trim marker', () => {
    expect(observedText('Paris')).toEqual({ text: 'Paris' });
  });

  it('keeps the head of a long text and says how long it was', () => {
    const long = 'a'.repeat(OBSERVED_TEXT_LIMIT + 50);
    expect(observedText(long)).toEqual({ text: 'a'.repeat(OBSERVED_TEXT_LIMIT), trimmedFrom: long.length });
  });

  it('does not cut a character in half', () => {
    const text = `${'a'.repeat(OBSERVED_TEXT_LIMIT - 1)}😀 and more`;
    expect(observedText(text).text).toBe('a'.repeat(OBSERVED_TEXT_LIMIT - 1));
  });
});

describe('observeAnswer', () => {
  it('takes the raw finish and every usage count from the wire, the rest from the adapter', () => {
    const events = [
      {
        type: 'message_start',
        message: { usage: { input_tokens: 10, cache_read_input_tokens: 30, output_tokens: 1 } },
      },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ];
    const exchange = exchangeFromChunks([sseNamed(events)]);
    const step = answered({
      text: 'Let me look.',
      reasoning: 'The user wants weather.',
      toolCalls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: '', name: 'broken', arguments: '{"city":' },
      ],
      finishReason: 'tool-calls',
    });
    expect(observeAnswer([step], [exchange], 'anthropic-messages', true)).toEqual({
      text: { text: 'Let me look.' },
      reasoning: { text: 'The user wants weather.' },
      toolCalls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', parsed: { city: 'Paris' } },
        { id: '', name: 'broken', arguments: '{"city":' },
      ],
      finish: { reason: 'tool-calls', raw: 'tool_use' },
      // Anthropic's cache reads are added to its input_tokens: input is the whole prompt, as elsewhere.
      usage: { input: 40, output: 7, cached: 30 },
    });
  });

  it('shows the last turn that answered, and which it was', () => {
    const first = answered({ finishReason: 'tool-calls' });
    const failed: StepOutcome = { error: new Error('HTTP 500'), textDeltas: 0 };
    expect(observeAnswer([first, failed], [], 'openai-chat', false)).toMatchObject({
      turn: 1,
      finish: { reason: 'tool-calls' },
    });
  });

  it("keeps the adapter's word where there is no wire reader (a custom protocol)", () => {
    const step = answered({
      text: 'hi',
      rawFinishReason: 'done',
      usage: { inputTokens: 3, outputTokens: 1 },
    });
    const exchange = exchangeFromChunks(['{}']);
    expect(observeAnswer([step], [exchange], 'my-protocol', false)).toEqual({
      text: { text: 'hi' },
      toolCalls: [],
      finish: { reason: 'stop', raw: 'done' },
      usage: { input: 3, output: 1 },
    });
  });

  it('is empty when no request was answered', () => {
    expect(observeAnswer([{ error: new Error('refused'), textDeltas: 0 }], [], 'openai-chat', false)).toEqual(
      {
        toolCalls: [],
      },
    );
  });
});
