import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['error', 'error'],
    ['TOOL_CALL', 'other'],
    ['end_turn', 'other'],
  ] as const)('maps %s to %s', (raw, expected) => {
    expect(mapOpenAIFinishReason(raw)).toBe(expected);
  });

  it('reports a missing finish reason as unknown', () => {
    expect(mapOpenAIFinishReason(null)).toBe('unknown');
    expect(mapOpenAIFinishReason(undefined)).toBe('unknown');
  });
});
