import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../runner/selection.ts';
import { configProblems, type LlmcompatConfig } from './config.ts';

const CANDIDATES = [
  'llmcompat.config.ts',
  'llmcompat.config.mjs',
  'llmcompat.config.js',
  'llmcompat.config.json',
];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Loads the config named (or the first `llmcompat.config.*` in `cwd`), validated. No file is no config; a named file
 * that is missing, fails to load, or is invalid is a usage error naming the file.
 */
export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<LlmcompatConfig> {
  let file: string | undefined;
  if (path) {
    file = resolve(cwd, path);
    if (!(await exists(file))) throw new UsageError(`Config file ${file} does not exist.`);
  } else {
    for (const candidate of CANDIDATES) {
      if (await exists(resolve(cwd, candidate))) {
        file = resolve(cwd, candidate);
        break;
      }
    }
  }
  if (!file) return {};
  let value: unknown;
  try {
    const module = (await import(
      pathToFileURL(file).href,
      file.endsWith('.json') ? { with: { type: 'json' } } : {}
    )) as {
      default?: unknown;
    };
    value = module.default;
  } catch (error) {
    throw new UsageError(`Cannot load config ${file}: ${(error as Error).message}`);
  }
  const problems = configProblems(value);
  if (problems.length > 0) {
    throw new UsageError(`Invalid config ${file}:\n  ${problems.join('\n  ')}`);
  }
  return value as LlmcompatConfig;
}
