import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as loadEnvFile } from 'dotenv';
import { PROVIDERS, type ProviderEntry } from '../catalog/providers.ts';
import { UsageError } from '../core/usage-error.ts';
import { MIN_RECORDABLE_SECRET_LENGTH, MIN_SECRET_LENGTH, redactableValues } from './secret-forms.ts';

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

/** The key variables a run reads: the catalog's, and those of the run's own providers (the config's). */
export function runKeyEnvs(providers: readonly ProviderEntry[]): string[] {
  return [...new Set([...catalogKeyEnvs(), ...providers.flatMap((p) => (p.keyEnv ? [p.keyEnv] : []))])];
}

export function keyFor(provider: ProviderEntry, env: NodeJS.ProcessEnv): string | undefined {
  if (!provider.keyEnv) return undefined;
  const value = env[provider.keyEnv]?.trim();
  return value ? value : undefined;
}

/**
 * Every key value the given variables (by default the catalog's) hold now: what redaction must remove wherever it
 * appears. Values under MIN_SECRET_LENGTH are left out: `checkKeyLengths` refuses to run with them.
 */
export function loadedSecrets(
  env: NodeJS.ProcessEnv,
  keyEnvs: readonly string[] = catalogKeyEnvs(),
): string[] {
  return redactableValues(keyEnvs.map((name) => env[name] ?? ''));
}

/** A key variable whose value is shorter than redaction needs, with its length (never its value). */
interface ShortKey {
  name: string;
  length: number;
}

function shortKeys(env: NodeJS.ProcessEnv, keyEnvs: readonly string[], below: number): ShortKey[] {
  return [...new Set(keyEnvs)].flatMap((name) => {
    const length = env[name]?.trim().length ?? 0;
    return length > 0 && length < below ? [{ name, length }] : [];
  });
}

const unsetHint = (name: string) => `unset ${name} if this run does not need it`;

/**
 * The keys a live or record run may hold, checked before it starts. A key under MIN_SECRET_LENGTH characters is
 * refused in both modes (redacting it would blank ordinary text everywhere, and not redacting it leaks it); in
 * record mode so is a key under MIN_RECORDABLE_SECRET_LENGTH, whose redaction would corrupt the fixtures written.
 * In live mode such a key is redacted and `warn` is told why that is risky, once per variable.
 * Throws a `UsageError` naming the variable and the fix.
 */
export function checkKeyLengths(
  env: NodeJS.ProcessEnv,
  keyEnvs: readonly string[],
  mode: 'live' | 'record',
  warn: (message: string) => void,
): void {
  const [tooShort] = shortKeys(env, keyEnvs, MIN_SECRET_LENGTH);
  if (tooShort) {
    throw new UsageError(
      `${tooShort.name} holds a ${tooShort.length}-character value, too short to redact from what providers ` +
        `answer: set the provider's real key (${MIN_SECRET_LENGTH} characters or more), or ${unsetHint(tooShort.name)}.`,
    );
  }
  const short = shortKeys(env, keyEnvs, MIN_RECORDABLE_SECRET_LENGTH);
  const [first] = short;
  if (mode === 'record' && first) {
    throw new UsageError(
      `${first.name} holds a ${first.length}-character value: fixtures are not recorded with a key under ` +
        `${MIN_RECORDABLE_SECRET_LENGTH} characters, because redacting every occurrence of so short a text (in any ` +
        `case or encoding) would corrupt them; use a key of ${MIN_RECORDABLE_SECRET_LENGTH} characters or more, ` +
        `run without recording (live mode redacts it and warns), or ${unsetHint(first.name)}.`,
    );
  }
  for (const { name, length } of short) {
    warn(
      `warning: ${name} holds a ${length}-character value. A key this short can occur by chance in what ` +
        'providers answer: every occurrence of it (in any case, escaped or base64-encoded) is replaced by ' +
        `REDACTED in results and reports, even where it is not the key, and a fixture cannot be recorded with it.`,
    );
  }
}

export function catalogKeyEnvs(): string[] {
  return [...new Set(PROVIDERS.flatMap((p) => (p.keyEnv ? [p.keyEnv] : [])))];
}

/** A key as it may appear in a message: its last four characters, none of a short key's. */
export function maskKey(key: string): string {
  return key.length < 12 ? '****' : `…${key.slice(-4)}`;
}
