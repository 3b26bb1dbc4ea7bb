import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/adapter-contract.ts';
import { chatResult } from './chat-result.ts';

const required: ChatResult = { text: 'Hi', toolCalls: [], finishReason: 'stop' };

describe('chatResult', () => {
  it('keeps every optional part that is set', () => {
    const optional = {
      reasoning: 'Greet.',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 3 },
      model: 'm-1',
    };
    expect(chatResult({ ...required, ...optional })).toEqual({ ...required, ...optional });
  });

  it('leaves out empty reasoning and model and missing usage and raw reason', () => {
    const result = chatResult({ ...required, reasoning: '', rawFinishReason: undefined, model: '' });
    expect(Object.keys(result).sort()).toEqual(['finishReason', 'text', 'toolCalls']);
  });

  it('keeps an empty raw finish reason: the provider did send one', () => {
    expect(chatResult({ ...required, rawFinishReason: '' })).toHaveProperty('rawFinishReason', '');
  });
});
