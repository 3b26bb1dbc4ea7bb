import { describe, expect, it } from 'vitest';
import { createOpenAIChatAdapter } from '../protocols/openai-chat/openai-chat-adapter.ts';
import { assertValidConfig, configProblems, defineConfig } from './config.ts';

const acme = { protocol: 'openai-chat', baseUrl: 'https://api.acme.example/v1', model: 'acme-1' };

describe('configProblems', () => {
  it('accepts overrides of catalog providers, new providers, custom adapters and live limits', () => {
    const config = defineConfig({
      providers: {
        openai: { baseUrl: 'http://127.0.0.1:4000/v1', model: 'gpt-4o-mini' },
        acme: { ...acme, keyEnv: 'ACME_API_KEY', gaps: { 'tool-streaming': 'streams calls as text' } },
        mine: {
          protocol: 'my-client',
          baseUrl: 'http://localhost:8080',
          model: 'm',
          quirks: { noStreamOptions: true },
        },
      },
      adapters: { 'my-client': createOpenAIChatAdapter },
      live: { repeat: 3, retries: 0 },
    });
    expect(configProblems(config)).toEqual([]);
  });

  it('names an unknown protocol and lists the known ones, custom adapters included', () => {
    const problems = configProblems({
      providers: { acme: { ...acme, protocol: 'openai-chta' } },
      adapters: { 'my-client': createOpenAIChatAdapter },
    });
    expect(problems).toEqual([
      "providers.acme.protocol: unknown protocol 'openai-chta' (did you mean 'openai-chat'?). Known: openai-chat, " +
        'anthropic-messages, gemini, mistral-chat, ollama-chat, my-client; or register an adapter under this name ' +
        'in `adapters`.',
    ]);
  });

  it('requires protocol, baseUrl and model of a new provider, and checks the URL', () => {
    expect(configProblems({ providers: { acme: { keyEnv: 'ACME_API_KEY' } } })).toEqual([
      expect.stringMatching(/^providers\.acme\.protocol: required for a new provider/),
      expect.stringMatching(/^providers\.acme\.baseUrl: required for a new provider/),
      expect.stringMatching(/^providers\.acme\.model: required for a new provider/),
    ]);
    expect(configProblems({ providers: { acme: { ...acme, baseUrl: 'api.acme.example/v1' } } })).toEqual([
      "providers.acme.baseUrl: 'api.acme.example/v1' is not a valid URL: give an absolute URL such as " +
        'https://api.example.com/v1',
    ]);
    expect(configProblems({ providers: { acme: { ...acme, baseUrl: 'ftp://acme.example' } } })).toEqual([
      "providers.acme.baseUrl: 'ftp://acme.example' is not an http(s) URL",
    ]);
  });

  it('names a gap on an unknown capability, with the nearest one, and a gap without a reason', () => {
    expect(
      configProblems({ providers: { acme: { ...acme, gaps: { 'tool-stream': 'x', streaming: '' } } } }),
    ).toEqual([
      expect.stringMatching(
        /^providers\.acme\.gaps\.tool-stream: unknown capability \(did you mean 'tool-streaming'\?\) \(known: chat, /,
      ),
      'providers.acme.gaps.streaming: give the reason the capability is not expected, as a string',
    ]);
  });

  it('tells a mistyped catalog id from a new provider, and keeps catalog entries to overrides', () => {
    expect(configProblems({ providers: { opnai: { model: 'gpt-4o-mini' } } })).toEqual([
      "providers.opnai: unknown provider (did you mean 'openai'?); a new provider needs protocol, baseUrl and model",
    ]);
    expect(configProblems({ providers: { together: { gaps: {} } } })).toEqual([
      expect.stringMatching(
        /^providers\.together\.gaps: 'together' is a catalog provider, so only baseUrl, model and models/,
      ),
    ]);
  });

  it('checks ids, key variables, quirks, adapters and unknown fields', () => {
    expect(
      configProblems({
        providers: {
          'acme/eu': { ...acme, keyEnv: 'ACME-KEY', quirks: { noStreamOption: true }, colour: 'red' },
        },
        adapters: { broken: 'not a function' },
        thresholds: {},
      }),
    ).toEqual([
      "unknown field 'thresholds' (known: providers, adapters, live, compare, reports, clients)",
      'adapters.broken: must be a function (config: AdapterConfig) => Adapter, got string',
      expect.stringMatching(/^providers\.acme\/eu\.colour: unknown field/),
      expect.stringMatching(/^providers\.acme\/eu: the id must be letters, digits/),
      'providers.acme/eu.keyEnv: must name an environment variable, e.g. EXAMPLE_API_KEY',
      'providers.acme/eu.quirks.noStreamOption: unknown quirk (known: noStreamOptions)',
    ]);
  });

  it('assertValidConfig throws one usage error listing every problem', () => {
    expect(() => assertValidConfig({ providers: { acme: {} }, live: { repeat: 0 } }, 'config x.ts')).toThrow(
      /^Invalid config x\.ts:\n {2}providers\.acme\.protocol: .*\n[\s\S]*live\.repeat: must be a whole number from 1 to 1000, got 0$/,
    );
  });
});

describe('compare thresholds and report formats in the config', () => {
  it('accepts thresholds in the flag syntax and a JUnit path', () => {
    expect(
      configProblems({
        compare: { thresholds: ['ttft-p50=10%', 'error-rate=2', 'tps-p50=off'] },
        reports: { junit: 'r/j.xml' },
      }),
    ).toEqual([]);
  });

  it('names a bad threshold by its place, and a bad reports field', () => {
    const problems = configProblems({
      compare: { thresholds: ['ttft-p50=10%', 'speed=fast'] },
      reports: { junit: 3 },
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^compare\.thresholds\[1\]: /);
    expect(problems[1]).toBe('reports.junit: must be a file path, e.g. reports/junit.xml');
    expect(configProblems({ compare: { thresholds: 'ttft-p50=10%' } })).toEqual([
      "compare.thresholds: must be a list such as ['ttft-p50=10%']",
    ]);
  });
});
