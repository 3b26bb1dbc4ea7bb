import { describe, expect, it } from 'vitest';
import { readOllamaValue } from './read-ollama-wire.ts';

describe('readOllamaValue', () => {
  it('reads content, thinking and whole tool calls', () => {
    const view = readOllamaValue({
      message: {
        content: '',
        thinking: 'hmm',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }],
      },
      done: false,
    });
    expect(view.deltas).toEqual([
      { type: 'text', text: '', choice: 0 },
      { type: 'reasoning', text: 'hmm', choice: 0 },
    ]);
    expect(view.toolCalls).toMatchObject([{ name: 'get_weather', arguments: '{"city":"Tokyo"}' }]);
    expect(view.finishes).toEqual([]);
  });

  it('reads the done line: its done_reason and the eval counts', () => {
    const view = readOllamaValue({ done: true, done_reason: 'stop', prompt_eval_count: 7, eval_count: 3 });
    expect(view.finishes).toEqual([{ choice: 0, raw: 'stop', reason: 'stop' }]);
    expect(view.usage).toEqual({ inputTokens: 7, outputTokens: 3 });
    expect(readOllamaValue({ done: false, done_reason: 'stop' }).finishes).toEqual([]);
  });

  it('reads an error field, its message when it is a string', () => {
    expect(readOllamaValue({ error: 'model not found' }).error).toEqual({ summary: 'model not found' });
    expect(readOllamaValue({ error: { code: 1 } }).error).toEqual({});
  });
});
