import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProvider } from '../catalog/catalog.ts';
import { UsageError } from '../core/usage-error.ts';
import {
  catalogKeyEnvs,
  checkKeyLengths,
  keyFor,
  loadDotenv,
  loadedSecrets,
  maskKey,
} from './provider-keys.ts';

describe('provider keys', () => {
  it('.env.example lists every key variable of the catalog', async () => {
    const example = await readFile(resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    for (const name of catalogKeyEnvs()) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('loads .env without overriding what the environment already has', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmcompat-env-'));
    try {
      await writeFile(
        join(dir, '.env'),
        'OPENAI_API_KEY=from-file-123456\nMISTRAL_API_KEY=mistral-from-file\n',
      );
      const env: NodeJS.ProcessEnv = { OPENAI_API_KEY: 'from-environment' };
      loadDotenv(join(dir, '.env'), env);
      expect(env.OPENAI_API_KEY).toBe('from-environment');
      expect(env.MISTRAL_API_KEY).toBe('mistral-from-file');
      loadDotenv(join(dir, 'missing.env'), env);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds a provider key, lists loaded secrets worth redacting, masks keys', () => {
    const env = {
      TOGETHER_API_KEY: '  tgp_v1_secretvalue ',
      GEMINI_API_KEY: 'short',
      MISTRAL_API_KEY: 'abc',
      OPENAI_API_KEY: '',
    };
    expect(keyFor(findProvider('together'), env)).toBe('tgp_v1_secretvalue');
    expect(keyFor(findProvider('openai'), env)).toBeUndefined();
    expect(keyFor(findProvider('ollama'), env)).toBeUndefined();
    expect(loadedSecrets(env).sort()).toEqual(['short', 'tgp_v1_secretvalue']);
    expect(loadedSecrets(env, ['MY_KEY'])).toEqual([]);
    expect(loadedSecrets({ MY_KEY: 'from-config-1' }, ['MY_KEY'])).toEqual(['from-config-1']);
    expect(maskKey('tgp_v1_secretvalue')).toBe('…alue');
    expect(maskKey('sk-1234')).toBe('****');
  });
});

describe('checkKeyLengths', () => {
  const names = ['OPENAI_API_KEY', 'MY_PROXY_KEY'];
  const check = (env: NodeJS.ProcessEnv, mode: 'live' | 'record') => {
    const warnings: string[] = [];
    checkKeyLengths(env, names, mode, (warning) => warnings.push(warning));
    return warnings;
  };
  const refusal = (env: NodeJS.ProcessEnv, mode: 'live' | 'record') => {
    try {
      check(env, mode);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it('says nothing about keys of 8 characters or more, or unset ones', () => {
    expect(check({ OPENAI_API_KEY: 'sk-12345', MY_PROXY_KEY: '' }, 'record')).toEqual([]);
  });

  it('warns once per short key in live mode, naming the variable and its length', () => {
    const warnings = check({ OPENAI_API_KEY: 'sk-1234', MY_PROXY_KEY: ' abcd ' }, 'live');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^warning: OPENAI_API_KEY holds a 7-character value\. A key this short can occur/,
    );
    expect(warnings[0]).toContain('replaced by REDACTED');
    expect(warnings[1]).toMatch(/^warning: MY_PROXY_KEY holds a 4-character value\./);
    expect(warnings.join('')).not.toContain('sk-1234');
  });

  it('refuses a short key in record mode, with the fix', () => {
    expect(refusal({ OPENAI_API_KEY: 'sk-1234' }, 'record')).toBe(
      'OPENAI_API_KEY holds a 7-character value: fixtures are not recorded with a key under 8 characters, ' +
        'because redacting every occurrence of so short a text (in any case or encoding) would corrupt them; ' +
        'use a key of 8 characters or more, run without recording (live mode redacts it and warns), or unset ' +
        'OPENAI_API_KEY if this run does not need it.',
    );
  });

  it('refuses a key under 4 characters in live and record modes alike', () => {
    for (const mode of ['live', 'record'] as const) {
      expect(refusal({ MY_PROXY_KEY: 'sk-' }, mode)).toBe(
        "MY_PROXY_KEY holds a 3-character value, too short to redact from what providers answer: set the provider's " +
          'real key (4 characters or more), or unset MY_PROXY_KEY if this run does not need it.',
      );
    }
  });
});
