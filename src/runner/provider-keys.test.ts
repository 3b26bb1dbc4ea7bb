import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProvider } from '../catalog/catalog.ts';
import { catalogKeyEnvs, keyFor, loadDotenv, loadedSecrets, maskKey } from './provider-keys.ts';

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
    const env = { TOGETHER_API_KEY: '  tgp_v1_secretvalue ', GEMINI_API_KEY: 'short', OPENAI_API_KEY: '' };
    expect(keyFor(findProvider('together'), env)).toBe('tgp_v1_secretvalue');
    expect(keyFor(findProvider('openai'), env)).toBeUndefined();
    expect(keyFor(findProvider('ollama'), env)).toBeUndefined();
    expect(loadedSecrets(env)).toEqual(['tgp_v1_secretvalue']);
    expect(maskKey('tgp_v1_secretvalue')).toBe('…alue');
  });
});
