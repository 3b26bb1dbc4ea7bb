import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createRequire, type ModuleFormat, registerHooks } from 'node:module';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/usage-error.ts';
import { configProblems, type LlmcompatConfig } from './config.ts';

/** The config files a folder may hold, the first one present wins. */
export const CONFIG_FILES = [
  'llmcompat.config.ts',
  'llmcompat.config.mts',
  'llmcompat.config.cts',
  'llmcompat.config.mjs',
  'llmcompat.config.js',
  'llmcompat.config.cjs',
  'llmcompat.config.json',
];

// `.ts` and `.js` configs are ES modules whatever the consumer's package.json says (as vite's and vitest's are):
// Node would read them as CommonJS in a `"type": "commonjs"` project and fail on `export default`, and in a project
// without `type` warn on every run that the package should become a module. `.cts` and `.cjs` are CommonJS.
const FORCED_FORMAT: Record<string, ModuleFormat> = { '.ts': 'module-typescript', '.js': 'module' };

// The `llmcompat` a config imports is the llmcompat loading it: in a consumer's project that is the package they
// installed, in this repository's checkout the sources (not a dist/ that may be stale or not built), and never a
// second copy of its classes in one process.
const SELF = new URL(`../index${extname(import.meta.url)}`, import.meta.url).href;

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
    for (const candidate of CONFIG_FILES) {
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

/**
 * Where a syntax error is, as Node prints it: `line 4, column 4` and the line with a caret under it. Node's type
 * stripper puts the place in the error's stack; for JavaScript, `node --check` reads the source as the loader does
 * (as a module, or CommonJS for `.cjs`), whatever package.json says.
 */
function syntaxErrorPlace(file: string, error: SyntaxError): string | undefined {
  if (/\.[cm]?ts$/.test(file)) return placeIn((error.stack ?? '').split('\n'));
  const check = spawnSync(
    process.execPath,
    ['--input-type', file.endsWith('.cjs') ? 'commonjs' : 'module', '--check'],
    { input: readFileSync(file, 'utf8'), encoding: 'utf8', timeout: 10_000 },
  );
  return placeIn((check.stderr ?? '').split('\n'));
}

/** `<where>:<line>`, then the source around it, the caret under the offending column. */
function placeIn(lines: string[]): string | undefined {
  const at = lines.findIndex((line) => /^\S+:\d+$/.test(line));
  const lineNumber = at >= 0 ? /:(\d+)$/.exec(lines[at] as string)?.[1] : undefined;
  if (lineNumber === undefined) return undefined;
  const caretAt = lines.findIndex((line, i) => i > at + 1 && /^\s*\^+\s*$/.test(line));
  const caret = caretAt > 0 ? (lines[caretAt] as string) : '';
  const code = caretAt > 0 ? (lines[caretAt - 1] as string) : (lines[at + 1] ?? '');
  const column = caret.indexOf('^') + 1;
  return `line ${lineNumber}${column > 0 ? `, column ${column}` : ''}:\n    ${code}\n    ${caret}`;
}

/** `module.exports`, or its `default` when a compiler wrote it from `export default` (`__esModule`). */
function commonJsDefault(exported: unknown): unknown {
  const compiled = exported as { __esModule?: unknown; default?: unknown } | null;
  return typeof compiled === 'object' && compiled?.__esModule === true && 'default' in compiled
    ? compiled.default
    : exported;
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
  const url = pathToFileURL(file).href;
  const format = FORCED_FORMAT[extname(file)];
  const hooks = registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'llmcompat') return { url: SELF, shortCircuit: true };
      const resolved = nextResolve(specifier, context);
      return format && resolved.url === url ? { ...resolved, format } : resolved;
    },
  });
  try {
    // CommonJS through require: Node 22 resolves the `require('llmcompat')` of a `.cts` imported by `import()`
    // without the hooks.
    if (/\.c[jt]s$/.test(file)) return commonJsDefault(createRequire(import.meta.url)(file));
    return ((await import(url)) as { default?: unknown }).default;
  } catch (error) {
    if (error instanceof SyntaxError) {
      const place = syntaxErrorPlace(file, error);
      throw new UsageError(
        `Cannot load config ${file}: ${error.message}${place ? ` at ${place}` : ''}\nFix the syntax and run again.`,
      );
    }
    if (
      format &&
      error instanceof ReferenceError &&
      /^(module|exports|require) is not defined/.test(error.message)
    ) {
      const cjs = basename(file).replace(/\.([jt])s$/, '.c$1s');
      throw new UsageError(
        `Cannot load config ${file}: ${error.message}. A ${extname(file)} config is an ES module whatever ` +
          `package.json says: write \`export default defineConfig({ … })\`, or name it ${cjs} to keep CommonJS.`,
      );
    }
    throw new UsageError(`Cannot load config ${file}: it threw ${describeThrown(error)} while loading.`);
  } finally {
    hooks.deregister();
  }
}
