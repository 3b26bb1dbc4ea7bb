import { describe, expect, it } from 'vitest';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

describe('mapAnthropicFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
    ['model_context_window_exceeded', 'other'],
  ] as const)('%s -> %s', (raw, neutral) => {
    expect(mapAnthropicFinishReason(raw)).toBe(neutral);
  });

  it('is unknown when there is no stop reason', () => {
    expect(mapAnthropicFinishReason(null)).toBe('unknown');
  });
});
