import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as loadEnvFile } from 'dotenv';
import { PROVIDERS, type ProviderEntry } from '../catalog/providers.ts';
import { UsageError } from './selection.ts';

/**
 * Loads `.env` (or the file named) into the environment; variables already set win. A missing file is fine here:
 * a file the user named with --env-file has been through assertEnvFile first.
 */
export function loadDotenv(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  loadEnvFile({ path, quiet: true, processEnv: env as Record<string, string> });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A keys file named with --env-file must be there: a mistyped path would run without the keys, every case skipped. */
export function assertEnvFile(path: string): void {
  if (isFile(path)) return;
  throw new UsageError(
    `Keys file ${resolve(path)} (--env-file) does not exist or is not a file: give the path of your keys file, ` +
      'or leave --env-file out to read ./.env when there is one.',
  );
}

export function keyFor(provider: ProviderEntry, env: NodeJS.ProcessEnv): string | undefined {
  if (!provider.keyEnv) return undefined;
  const value = env[provider.keyEnv]?.trim();
  return value ? value : undefined;
}

// Shorter values are too likely to occur by chance in wire text to be redacted everywhere.
const MIN_SECRET_LENGTH = 8;

/** Every key value the catalog's variables hold now: what redaction must remove wherever it appears. */
export function loadedSecrets(
  env: NodeJS.ProcessEnv,
  keyEnvs: readonly string[] = catalogKeyEnvs(),
): string[] {
  return [
    ...new Set(
      keyEnvs.map((name) => env[name]?.trim() ?? '').filter((value) => value.length >= MIN_SECRET_LENGTH),
    ),
  ];
}

export function catalogKeyEnvs(): string[] {
  return [...new Set(PROVIDERS.flatMap((p) => (p.keyEnv ? [p.keyEnv] : [])))];
}

/** A key as it may appear in a message: its last four characters. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '****' : `…${key.slice(-4)}`;
}
