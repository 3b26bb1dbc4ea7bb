import { spawnSync } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
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
  const value = await importConfig(file);
  let problems: string[];
  try {
    problems = configProblems(value);
  } catch (error) {
    // A getter that throws, a proxy: the config cannot even be read.
    throw new UsageError(`Cannot read config ${file}: reading it threw ${describeThrown(error)}.`);
  }
  if (problems.length > 0) {
    throw new UsageError(`Invalid config ${file}:\n  ${problems.join('\n  ')}`);
  }
  return value as LlmcompatConfig;
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `${typeof error === 'string' ? JSON.stringify(error) : String(error)} (not an Error)`;
}

/** Where a syntax error is, as `node --check` reports it: `line 4, column 4` and the line with a caret under it. */
function syntaxErrorPlace(file: string): string | undefined {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (check.stderr ?? '').split('\n');
  const at = lines.findIndex((line) => line.startsWith(`${file}:`));
  const lineNumber = at >= 0 ? /:(\d+)$/.exec(lines[at] as string)?.[1] : undefined;
  if (lineNumber === undefined) return undefined;
  const code = lines[at + 1] ?? '';
  const caret = lines[at + 2] ?? '';
  const column = caret.indexOf('^') + 1;
  return `line ${lineNumber}${column > 0 ? `, column ${column}` : ''}:\n    ${code}\n    ${caret}`;
}

async function importConfig(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    try {
      // JSON.parse names the line and column of a syntax error; an import of JSON does not.
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(`Cannot load config ${file}: ${describeThrown(error)}`);
    }
  }
  try {
    return ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    if (error instanceof SyntaxError) {
      const place = syntaxErrorPlace(file);
      throw new UsageError(
        `Cannot load config ${file}: ${error.message}${place ? ` at ${place}` : ''}\nFix the syntax and run again.`,
      );
    }
    throw new UsageError(`Cannot load config ${file}: it threw ${describeThrown(error)} while loading.`);
  }
}
