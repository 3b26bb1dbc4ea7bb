import { describe, expect, it } from 'vitest';
import { mapMistralFinishReason } from './map-mistral-finish-reason.ts';

describe('mapMistralFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['model_length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['error', 'error'],
    ['content_filter', 'other'],
  ] as const)('maps %s to %s', (raw, expected) => {
    expect(mapMistralFinishReason(raw)).toBe(expected);
  });

  it('reports a missing finish reason as unknown', () => {
    expect(mapMistralFinishReason(null)).toBe('unknown');
    expect(mapMistralFinishReason(undefined)).toBe('unknown');
  });
});
