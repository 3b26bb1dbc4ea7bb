import { describe, expect, it } from 'vitest';
import { readGeminiValue } from './read-gemini-wire.ts';

describe('readGeminiValue', () => {
  it('reads text and thought parts, a whole function call, and the finish reason by candidate', () => {
    const view = readGeminiValue({
      candidates: [
        {
          index: 1,
          content: {
            parts: [
              { text: 'plan', thought: true },
              { text: 'Hi' },
              { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
    });
    expect(view.deltas).toEqual([
      { type: 'reasoning', text: 'plan', choice: 1 },
      { type: 'text', text: 'Hi', choice: 1 },
    ]);
    expect(view.toolCalls).toMatchObject([{ choice: 1, name: 'get_weather', arguments: '{"city":"Tokyo"}' }]);
    expect(view.toolCalls[0]?.id).toBeUndefined();
    expect(view.finishes).toEqual([{ choice: 1, raw: 'STOP', reason: 'stop' }]);
  });

  it('reads a blocked prompt as a content-filter finish', () => {
    expect(readGeminiValue({ promptFeedback: { blockReason: 'SAFETY' } }).finishes).toEqual([
      { choice: 0, raw: 'SAFETY', reason: 'content-filter', blocked: true },
    ]);
  });

  it('counts candidates and thoughts tokens as output, and reads a JSON array of responses as one', () => {
    const usage = (count: Record<string, number>) => ({ usageMetadata: count });
    expect(
      readGeminiValue(
        usage({
          promptTokenCount: 3,
          candidatesTokenCount: 4,
          thoughtsTokenCount: 2,
          totalTokenCount: 9,
          cachedContentTokenCount: 1,
        }),
      ).usage,
    ).toEqual({ inputTokens: 3, outputTokens: 6, totalTokens: 9, cachedTokens: 1, reasoningTokens: 2 });
    expect(
      readGeminiValue([usage({ candidatesTokenCount: 4 }), usage({ promptTokenCount: 3 })]).usage,
    ).toEqual({
      inputTokens: 3,
      outputTokens: 4,
    });
  });

  it('reads an error object with its code, status and message', () => {
    expect(readGeminiValue({ error: { code: 500, status: 'INTERNAL', message: 'oops' } }).error).toEqual({
      summary: '500 INTERNAL oops',
    });
  });
});
