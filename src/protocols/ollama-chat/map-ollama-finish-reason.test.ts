import { describe, expect, it } from 'vitest';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';

describe('mapOllamaFinishReason', () => {
  it('tells a tool-call stop from a plain stop', () => {
    expect(mapOllamaFinishReason('stop', false)).toBe('stop');
    expect(mapOllamaFinishReason('stop', true)).toBe('tool-calls');
  });

  it('maps length, other reasons and a missing reason', () => {
    expect(mapOllamaFinishReason('length', false)).toBe('length');
    expect(mapOllamaFinishReason('unload', false)).toBe('other');
    expect(mapOllamaFinishReason(undefined, false)).toBe('unknown');
  });
});
