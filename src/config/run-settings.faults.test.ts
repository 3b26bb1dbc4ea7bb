import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/usage-error.ts';
import { ENV, isSelected, resolveRunSettings, settingsFromEnv } from './run-settings.ts';

describe('settingsFromEnv: fault scenarios', () => {
  it('leaves them out of a default run: the matrix stays 10 × 16, every pair run', () => {
    const settings = settingsFromEnv({});
    expect(settings.scenarios).toHaveLength(16);
    expect(settings.only).toBeUndefined();
    expect(settings.maxResponseBytes).toBe(10 * 1024 * 1024);
  });

  it('selects them by pattern, each for one provider per protocol: 13 × 5 pairs', () => {
    const settings = settingsFromEnv({ [ENV.scenarios]: 'faults.*' });
    expect(settings.scenarios).toHaveLength(13);
    expect(settings.only?.size).toBe(65);
    expect(isSelected(settings, 'anthropic', 'faults.overloaded')).toBe(true);
    expect(isSelected(settings, 'cohere', 'faults.overloaded')).toBe(false);
    const everything = settingsFromEnv({ [ENV.scenarios]: '*' });
    expect(everything.only?.size).toBe(160 + 65);
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

describe('resolveRunSettings: where record writes', () => {
  it('refuses to record into a folder inside node_modules (an installed package), naming --fixtures', () => {
    const fixtures = '/project/node_modules/llmcompat/fixtures';
    expect(() => resolveRunSettings({ mode: 'record', fixtures })).toThrow(UsageError);
    expect(() => resolveRunSettings({ mode: 'record', fixtures })).toThrow(/inside node_modules.*--fixtures/);
  });

  it('records into any other folder, and replays from node_modules as before', () => {
    expect(resolveRunSettings({ mode: 'record', fixtures: '/project/llmcompat/fixtures' }).fixtureDir).toBe(
      '/project/llmcompat/fixtures',
    );
    const fixtures = '/project/node_modules/llmcompat/fixtures';
    expect(resolveRunSettings({ mode: 'recorded', fixtures }).fixtureDir).toBe(fixtures);
  });
});
