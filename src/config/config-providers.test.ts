import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../catalog/providers.ts';
import type { AdapterFactory } from '../core/adapter-contract.ts';
import { UsageError } from '../core/usage-error.ts';
import { defineConfig } from './config.ts';
import { catalog, configProviders } from './config-providers.ts';
import { ENV, isSelected, settingsFromEnv } from './run-settings.ts';

const custom: AdapterFactory = () => {
  throw new Error('not called here');
};

const config = defineConfig({
  providers: {
    openai: { model: 'gpt-4o-mini' },
    acme: {
      protocol: 'openai-chat',
      baseUrl: 'https://api.acme.example/v1',
      keyEnv: 'ACME_API_KEY',
      model: 'acme-1',
      gaps: { 'parallel-tools': 'one call per turn' },
    },
    'acme-eu': {
      protocol: 'acme-native',
      baseUrl: 'https://eu.acme.example',
      model: 'acme-1',
      name: 'Acme EU',
    },
  },
  adapters: { 'acme-native': custom },
});

describe('config providers', () => {
  it('are catalog entries after the ten, each with the adapter registered under its protocol', () => {
    expect(configProviders(config).map((p) => p.id)).toEqual(['acme', 'acme-eu']);
    const all = catalog(config);
    expect(all.map((p) => p.id)).toEqual([...PROVIDERS.map((p) => p.id), 'acme', 'acme-eu']);
    expect(all.find((p) => p.id === 'acme')).toEqual({
      id: 'acme',
      name: 'acme',
      protocol: 'openai-chat',
      baseUrl: 'https://api.acme.example/v1',
      keyEnv: 'ACME_API_KEY',
      defaultModel: 'acme-1',
      gaps: { 'parallel-tools': 'one call per turn' },
    });
    expect(all.find((p) => p.id === 'acme-eu')).toMatchObject({ name: 'Acme EU', adapter: custom });
    expect(all.filter((p) => p.adapter).map((p) => p.id)).toEqual(['acme-eu']);
  });

  it('an adapter registered under a built-in protocol drives every provider of that protocol', () => {
    const replaced = catalog({ adapters: { 'mistral-chat': custom } });
    expect(replaced.filter((p) => p.adapter === custom).map((p) => p.id)).toEqual(['mistral']);
  });

  it('are selected by globs, --only and overridden by --base-url / --model like catalog providers', () => {
    const settings = settingsFromEnv(
      {
        [ENV.providers]: 'acme*,openai',
        [ENV.baseUrls]: 'acme=http://127.0.0.1:9999/acme/v1',
        [ENV.models]: 'acme-eu=acme-2',
      },
      config,
    );
    expect(settings.providers.map((p) => [p.id, p.baseUrl, p.defaultModel])).toEqual([
      ['openai', 'https://api.openai.com/v1', 'gpt-4o-mini'],
      ['acme', 'http://127.0.0.1:9999/acme/v1', 'acme-1'],
      ['acme-eu', 'https://eu.acme.example', 'acme-2'],
    ]);
    const only = settingsFromEnv({ [ENV.only]: 'acme/tools.stream' }, config);
    expect(only.providers.map((p) => p.id)).toEqual(['acme']);
    expect(isSelected(only, 'acme', 'tools.stream')).toBe(true);
  });

  it('without the config, a config provider id is an unknown provider', () => {
    expect(() => settingsFromEnv({ [ENV.providers]: 'acme' })).toThrow(UsageError);
    expect(() => settingsFromEnv({ [ENV.providers]: 'acme' })).toThrow(/Unknown provider 'acme'/);
  });
});
