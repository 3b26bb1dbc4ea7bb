import { describe, expect, it } from 'vitest';
import { ENV, isSelected, settingsFromEnv } from './run-settings.ts';

describe('settingsFromEnv: fault scenarios', () => {
  it('leaves them out of a default run: the matrix stays 10 × 14, every pair run', () => {
    const settings = settingsFromEnv({});
    expect(settings.scenarios).toHaveLength(14);
    expect(settings.only).toBeUndefined();
    expect(settings.maxResponseBytes).toBe(10 * 1024 * 1024);
  });

  it('selects them by pattern, each for one provider per protocol: 12 × 5 pairs', () => {
    const settings = settingsFromEnv({ [ENV.scenarios]: 'faults.*' });
    expect(settings.scenarios).toHaveLength(12);
    expect(settings.only?.size).toBe(60);
    expect(isSelected(settings, 'anthropic', 'faults.overloaded')).toBe(true);
    expect(isSelected(settings, 'cohere', 'faults.overloaded')).toBe(false);
    const everything = settingsFromEnv({ [ENV.scenarios]: '*' });
    expect(everything.only?.size).toBe(140 + 60);
  });

  it('refuses an --only pair a fault scenario does not run for, and reads the size cap', () => {
    expect(() => settingsFromEnv({ [ENV.only]: 'cohere/faults.rate-limited' })).toThrow(
      'faults.rate-limited runs for openai, anthropic, google, mistral, ollama only',
    );
    expect(settingsFromEnv({ [ENV.only]: 'ollama/faults.stream-stall' }).only).toEqual(
      new Set(['ollama/faults.stream-stall']),
    );
    expect(settingsFromEnv({ [ENV.maxResponseBytes]: '2048' }).maxResponseBytes).toBe(2048);
    expect(() => settingsFromEnv({ [ENV.maxResponseBytes]: '0' })).toThrow(/LLMCOMPAT_MAX_RESPONSE_BYTES/);
  });
});
