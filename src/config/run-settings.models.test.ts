import { describe, expect, it } from 'vitest';
import { modelFor } from '../catalog/catalog.ts';
import { UsageError } from '../core/usage-error.ts';
import { configProblems } from './config.ts';
import { ENV, settingsFromEnv } from './run-settings.ts';

const reasoning = { capability: 'reasoning' as const };
const chat = { capability: 'chat' as const };

function provider(id: string, env: NodeJS.ProcessEnv, config = {}) {
  const found = settingsFromEnv({ [ENV.providers]: id, ...env }, config).providers[0];
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('a model per capability', () => {
  it('--model <provider>/<capability>=<model> sets that capability only; <provider>=<model> the default', () => {
    const openai = provider('openai', { [ENV.models]: 'openai/reasoning=o3-mini,openai=gpt-4o-mini' });
    expect(modelFor(openai, reasoning)).toBe('o3-mini');
    expect(modelFor(openai, chat)).toBe('gpt-4o-mini');
  });

  it('the config sets it as providers.<id>.models, and the flag wins over the config', () => {
    const config = { providers: { openai: { models: { reasoning: 'o1' } } } };
    expect(configProblems(config)).toEqual([]);
    expect(modelFor(provider('openai', {}, config), reasoning)).toBe('o1');
    expect(modelFor(provider('openai', { [ENV.models]: 'openai/reasoning=o3' }, config), reasoning)).toBe(
      'o3',
    );
  });

  it("a thinking model's tool turn (reasoning-state) takes the reasoning model, unless one is named for it", () => {
    const state = { capability: 'reasoning-state' as const };
    expect(modelFor(provider('openai', { [ENV.models]: 'openai/reasoning=o3' }), state)).toBe('o3');
    const both = provider('openai', { [ENV.models]: 'openai/reasoning=o3,openai/reasoning-state=o1' });
    expect(modelFor(both, state)).toBe('o1');
  });

  it("a scenario's own model (an unknown one) wins over both", () => {
    const openai = provider('openai', { [ENV.models]: 'openai/reasoning=o3-mini' });
    expect(modelFor(openai, { ...reasoning, model: 'no-such-model' })).toBe('no-such-model');
  });

  it('an unknown capability is a usage error naming the nearest and the list', () => {
    const run = () => provider('openai', { [ENV.models]: 'openai/reasonin=o3' });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/Bad --model 'openai\/reasonin=o3'.*did you mean 'reasoning'.*Capabilities: chat/);
  });

  it('the config names a bad capability or model by its field', () => {
    expect(configProblems({ providers: { openai: { models: { reasonin: 'o3', chat: '' } } } })).toEqual([
      expect.stringMatching(
        /^providers\.openai\.models\.reasonin: unknown capability \(did you mean 'reasoning'\?\)/,
      ),
      'providers.openai.models.chat: must be a non-empty string',
    ]);
  });
});
