import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Node's own loader decides how a config file is read (CommonJS or module, types stripped or not), and vitest runs
// this file through its own module runner, which would not: so each case loads its configs in a Node child.
const LOAD_CONFIG = pathToFileURL(join(import.meta.dirname, 'load-config.ts')).href;
const INDEX = pathToFileURL(join(import.meta.dirname, '..', 'index.ts')).href;
const run = promisify(execFile);

const provider = (model: string) =>
  `{ providers: { extra: { protocol: 'openai-chat', baseUrl: 'https://api.extra.example/v1', model: ${model} } } }`;
// The model says which file was loaded and whether its `llmcompat` was the copy that loaded it.
const same = "defineConfig === globalThis.expectedDefineConfig ? 'same' : 'other'";
const esm = (ext: string, typed: boolean) =>
  `import { defineConfig } from 'llmcompat';\n` +
  `const model${typed ? ': string' : ''} = '${ext}:' + (${same});\n` +
  `export default defineConfig(${provider('model')});\n`;
const CONFIGS: Record<string, string> = {
  ts: esm('ts', true),
  mts: esm('mts', true),
  mjs: esm('mjs', false),
  js: esm('js', false),
  cts:
    "const { defineConfig } = require('llmcompat') as typeof import('llmcompat');\n" +
    `const model: string = 'cts:' + (${same});\nmodule.exports = defineConfig(${provider('model')});\n`,
  // As a compiler writes `export default`: the loader takes `default`.
  cjs:
    `const { defineConfig } = require('llmcompat');\nObject.defineProperty(exports, '__esModule', { value: true });\n` +
    `exports.default = defineConfig(${provider(`'cjs:' + (${same})`)});\n`,
  json: JSON.stringify({
    providers: { extra: { protocol: 'openai-chat', baseUrl: 'https://api.extra.example/v1', model: 'json' } },
  }),
};
const PACKAGES = {
  'no type': {},
  commonjs: { type: 'commonjs' },
  module: { type: 'module' },
};

interface Loaded {
  file: string;
  model?: string;
  error?: string;
}

/**
 * Loads each file in a fresh Node, as the CLI does: the model each config declares, or the usage error. A script
 * file, not `node -e`, whose globals (`module`, `require`) a module would see.
 */
async function loadInNode(files: string[], cwd: string): Promise<{ loaded: Loaded[]; stderr: string }> {
  const script = join(cwd, 'load.mjs');
  await writeFile(
    script,
    `const { loadConfig } = await import(${JSON.stringify(LOAD_CONFIG)});\n` +
      `globalThis.expectedDefineConfig = (await import(${JSON.stringify(INDEX)})).defineConfig;\n` +
      `for (const file of ${JSON.stringify(files)}) {\n` +
      `  try { console.log(JSON.stringify({ file, model: (await loadConfig(file)).providers.extra.model })); }\n` +
      `  catch (error) { console.log(JSON.stringify({ file, error: error.name + ': ' + error.message })); }\n` +
      '}\n',
  );
  const { stdout, stderr } = await run(process.execPath, [script], { cwd });
  return {
    loaded: stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Loaded),
    stderr,
  };
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'llmcompat-load-config-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(name: string, pkg: object, files: Record<string, string>): Promise<string> {
  const dir = join(root, name.replace(/\W+/g, '-'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, ...pkg }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

describe('loadConfig in a project of each package type', () => {
  it.concurrent.for(Object.entries(PACKAGES))(
    'reads every config extension, its `llmcompat` the loading copy, without a warning (%s)',
    async ([name, pkg]) => {
      const files = Object.fromEntries(
        Object.entries(CONFIGS).map(([ext, text]) => [`llmcompat.config.${ext}`, text]),
      );
      const dir = await project(name, pkg, files);
      const { loaded, stderr } = await loadInNode(Object.keys(files), dir);
      expect(loaded.map((l) => l.error ?? l.model)).toEqual(
        Object.keys(CONFIGS).map((ext) => (ext === 'json' ? 'json' : `${ext}:same`)),
      );
      expect(stderr).toBe('');
    },
  );

  it('takes the first of llmcompat.config.{ts,mts,cts,mjs,js,cjs,json} in the folder', async () => {
    const dir = await project(
      'first',
      { type: 'commonjs' },
      {
        'llmcompat.config.cjs': CONFIGS.cjs!,
        'llmcompat.config.mts': CONFIGS.mts!,
      },
    );
    await writeFile(
      join(dir, 'first.mjs'),
      `const { loadConfig } = await import(${JSON.stringify(LOAD_CONFIG)});\n` +
        'console.log((await loadConfig(undefined)).providers.extra.model);\n',
    );
    const { stdout } = await run(process.execPath, ['first.mjs'], { cwd: dir });
    expect(stdout).toBe('mts:other\n');
  });
});

describe('a config that cannot load', () => {
  it('a CommonJS .js or .ts config is told it is read as a module, and the name that keeps CommonJS', async () => {
    const cjs = 'module.exports = { providers: {} };\n';
    const dir = await project('cjs-style', {}, { 'a.config.js': cjs, 'b.config.ts': cjs });
    const { loaded } = await loadInNode(['a.config.js', 'b.config.ts'], dir);
    expect(loaded.map((l) => l.error)).toEqual([
      expect.stringMatching(
        /^UsageError: Cannot load config .*a\.config\.js: module is not defined in ES module scope\. A \.js config is an ES module whatever package\.json says: write `export default defineConfig\(\{ … \}\)`, or name it a\.config\.cjs to keep CommonJS\.$/,
      ),
      expect.stringContaining('or name it b.config.cts to keep CommonJS.'),
    ]);
  });

  it('a syntax error is placed where it is, in TypeScript and in JavaScript, whatever the package type', async () => {
    const broken = (typed: boolean) =>
      `const limit${typed ? ': number' : ''} = 3;\nexport default {\n  live: { retries: limit, },,\n};\n`;
    const dir = await project(
      'syntax',
      { type: 'commonjs' },
      {
        'bad.config.ts': broken(true),
        'bad.config.js': broken(false),
      },
    );
    const { loaded } = await loadInNode(['bad.config.ts', 'bad.config.js'], dir);
    for (const { error } of loaded) {
      expect(error).toMatch(
        /^UsageError: Cannot load config .*bad\.config\.[jt]s: .* at line 3, column 29:\n/,
      );
      expect(error).toContain('\n      live: { retries: limit, },,\n');
      expect(error).toMatch(/Fix the syntax and run again\.$/);
    }
  });
});
