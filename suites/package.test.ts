import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { type RunReport, runConformance, SCENARIOS } from '../src/index.ts';
import { childEnv, ROOT } from './support/run-cli.ts';

// The package as npm ships it, installed where a user installs it: the checkout is copied out (so the build does not
// write into it), packed (prepack builds dist/), and the tarball installed into two fresh projects outside the
// repository, one CommonJS and one ESM. There the commands a user types run offline, from node_modules, on the
// JavaScript the build emitted. Only `npm i` may use the network (the npm cache first).

const run = promisify(execFile);
const SLOW = 10 * 60_000;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

// How this machine reaches the registry and where its cache is: kept. Every other `npm_*` variable of the `npm test`
// this may run under (the checkout as `local_prefix`, the lifecycle event) would make npm act on the checkout.
const NPM_SETTINGS = /^npm_config_(cache|userconfig|globalconfig|registry|\w*proxy|cafile|ca|strict_ssl)$/i;

/** npm's environment for the copy and the projects: the test's Node first on PATH. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(VITEST|LLMCOMPAT_|NODE_OPTIONS$)/.test(name) && (!/^npm_/i.test(name) || NPM_SETTINGS.test(name)),
    ),
  );
  return { ...env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** `npx llmcompat …` as a user types it in the project: offline, watched, keyless, CI set. */
async function npx(args: string[], cwd: string): Promise<Outcome> {
  const env = childEnv({ PATH: npmEnv().PATH });
  for (const name of Object.keys(env)) if (/^npm_/i.test(name) && !NPM_SETTINGS.test(name)) delete env[name];
  try {
    const { stdout, stderr } = await run('npx', ['--', 'llmcompat', ...args], {
      cwd,
      env,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Outcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Outcome and diagnostic codes per case: what two runs of the same fixtures must agree on. */
function cells(report: RunReport, rename: Record<string, string> = {}): string[] {
  return report.cases.map(
    (c) =>
      `${rename[c.provider] ?? c.provider}/${c.scenario}: ${c.outcome} ` +
      `[${c.diagnostics.map((d) => `${d.severity}:${d.code}`).join(' ')}]`,
  );
}

const readReport = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'reports', 'conformance.json'), 'utf8')) as RunReport;

const KINDS = {
  commonjs: { name: 'consumer-cjs', version: '1.0.0', private: true, type: 'commonjs' },
  esm: { name: 'consumer-esm', version: '1.0.0', private: true, type: 'module' },
} as const;
type Kind = keyof typeof KINDS;
const kinds = Object.keys(KINDS) as Kind[];

let temp: string;
let tarball: string;
let packed: string[];
let checkoutRun: RunReport;
const project = (kind: Kind) => join(temp, kind);
/** The same work in both projects at once; each finishes (no child left writing) before the first failure counts. */
async function inBoth(work: (kind: Kind) => Promise<void>): Promise<void> {
  const settled = await Promise.allSettled(kinds.map(work));
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'llmcompat-package-'));
  // What git has (committed or not) and nothing it ignores: no dist/, reports/ or node_modules/ of the checkout.
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const copy = join(temp, 'checkout');
  for (const file of stdout.split('\0').filter(Boolean)) {
    await cp(join(ROOT, file), join(copy, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // deleted, not yet committed
    });
  }
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // The build's output in the background (npm shows it if the build fails): stdout is npm's JSON alone.
  const pack = ['pack', '--json', '--pack-destination', temp, '--foreground-scripts=false'];
  const [made] = JSON.parse(await npm(pack, copy)) as [{ filename: string; files: { path: string }[] }];
  tarball = join(temp, made.filename);
  packed = made.files.map((f) => f.path);
  await inBoth(async (kind) => {
    await mkdir(project(kind));
    await writeFile(join(project(kind), 'package.json'), `${JSON.stringify(KINDS[kind], null, 2)}\n`);
    await npm(
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      project(kind),
    );
  });
  checkoutRun = await runConformance();
}, SLOW);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('the tarball npm pack makes', () => {
  it('holds the build, the fixtures, the entry, README and LICENSE; no sources, tests, scripts or CI', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/llmcompat.mjs',
      'bin/node-floor.mjs',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/wire/relay/stamping-relay-worker.mjs',
      'fixtures/openai/chat.basic.json',
      'clients/python/llmcompat_client.py',
      'docs/client-protocol.md',
    ]) {
      expect(packed, file).toContain(file);
    }
    const outside = packed.filter(
      (path) =>
        !/^(dist|bin|fixtures|clients)\//.test(path) &&
        !['package.json', 'README.md', 'LICENSE', 'docs/client-protocol.md'].includes(path),
    );
    expect(outside).toEqual([]);
    // Test material (beside the code in src/) and TypeScript sources stay out: the build is all that runs.
    expect(
      packed.filter((path) => /\.test\.|__fixtures__|__snapshots__|test-support|test-tls/.test(path)),
    ).toEqual([]);
    expect(packed.filter((path) => /\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path))).toEqual([]);
  });
});

describe('a copy that was never built', () => {
  it('(a git dependency: no src/, no dist/) says how to install instead of a stack trace', async () => {
    const bare = join(temp, 'bare');
    await cp(join(ROOT, 'bin'), join(bare, 'bin'), { recursive: true });
    const failed = await run(process.execPath, ['--', join(bare, 'bin', 'llmcompat.mjs'), 'list']).then(
      () => undefined,
      (error: Outcome) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(
      /^llmcompat: this copy has neither src\/ nor the build in dist\/ .*`npm pack`.*\n$/,
    );
  });
});

describe('installed from the tarball, in a CommonJS and in an ESM project', () => {
  it(
    'npx llmcompat run: offline, the same matrix as in the checkout, case by case',
    async () => {
      await inBoth(async (kind) => {
        const result = await npx(['run'], project(kind));
        expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
        // Nothing on stderr: no warning, and no attempt to reach the network (the watch would say so there).
        expect(result.stderr, kind).toBe('');
        expect(result.stdout, kind).toContain('CI would pass');
        expect(cells(await readReport(project(kind))), kind).toEqual(cells(checkoutRun));
      });
    },
    SLOW,
  );

  it(
    'npx llmcompat run --client python-reference: the shipped Python client, from the installed package',
    async () => {
      await inBoth(async (kind) => {
        const result = await npx(
          ['run', '--client', 'python-reference', '--provider', 'openai'],
          project(kind),
        );
        expect(result.code, `${kind}: ${result.stdout}${result.stderr}`).toBe(0);
        expect(result.stdout, kind).toContain('CI would pass');
      });
    },
    SLOW,
  );

  it(
    'npx llmcompat list: every catalog provider',
    async () => {
      await inBoth(async (kind) => {
        const result = await npx(['list'], project(kind));
        expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
        for (const provider of PROVIDERS) expect(result.stdout, kind).toMatch(new RegExp(` ${provider.id} `));
      });
    },
    SLOW,
  );

  it(
    'npx llmcompat init writes the three files, and a run with its config is the same matrix',
    async () => {
      await inBoth(async (kind) => {
        const init = await npx(['init'], project(kind));
        expect(init.code, `${kind}: ${init.stderr}`).toBe(0);
        expect(init.stdout, kind).toContain('llmcompat init wrote:');
        for (const file of ['llmcompat.config.ts', '.env.example', '.github/workflows/llmcompat.yml']) {
          await expect(readFile(join(project(kind), file), 'utf8')).resolves.toBeTruthy();
        }
        const result = await npx(['run'], project(kind));
        expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
        expect(result.stderr, kind).toBe('');
        expect(cells(await readReport(project(kind))), kind).toEqual(cells(checkoutRun));
      });
    },
    SLOW,
  );

  it(
    "the project's own llmcompat.config.ts: an OpenAI-compatible provider and a TypeScript adapter, replayed from its fixtures",
    async () => {
      const adapter = (await readFile(join(ROOT, 'suites/support/tiny-openai-adapter.ts'), 'utf8')).replace(
        "from '../../src/index.ts'",
        "from 'llmcompat'",
      );
      const config = `import { defineConfig } from 'llmcompat';
import { tinyOpenAIAdapter } from './tiny-adapter.mts';

// openai's reasoning model, which its reasoning fixtures were recorded with.
const REASONING = ${JSON.stringify(findProvider('openai').models)};

export default defineConfig({
  providers: {
    acme: { protocol: 'openai-chat', baseUrl: 'https://api.acme.example/v1', keyEnv: 'ACME_API_KEY', model: 'gpt-4o', models: REASONING },
    tiny: { protocol: 'tiny-openai', baseUrl: 'https://api.tiny.example/v1', keyEnv: 'TINY_API_KEY', model: 'gpt-4o', models: REASONING },
  },
  adapters: { 'tiny-openai': tinyOpenAIAdapter },
});
`;
      // OpenAI's recorded answers, as if recorded from each provider's own host.
      const fixturesAs = (id: string, host: string) =>
        Promise.all(
          SCENARIOS.map(async (s): Promise<[string, string]> => {
            const fixture: Fixture = {
              ...(await loadFixture(join(ROOT, 'fixtures'), 'openai', s.id)),
              provider: id,
            };
            return [
              join('llmcompat', 'fixtures', id, `${s.id}.json`),
              JSON.stringify(fixture, null, 2).replaceAll('https://api.openai.com/', `https://${host}/`),
            ];
          }),
        );
      const files = [
        ['llmcompat.config.ts', config],
        ['tiny-adapter.mts', adapter],
        ...(await fixturesAs('acme', 'api.acme.example')),
        ...(await fixturesAs('tiny', 'api.tiny.example')),
      ];
      await inBoth(async (kind) => {
        for (const [file, text] of files) {
          await mkdir(dirname(join(project(kind), file!)), { recursive: true });
          await writeFile(join(project(kind), file!), text!);
        }
        const result = await npx(
          ['run', '--provider', 'acme,tiny', '--fixtures', 'llmcompat/fixtures'],
          project(kind),
        );
        expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
        expect(result.stderr, kind).toBe('');
        const report = await readReport(project(kind));
        expect(
          report.providers.map((p) => [p.id, p.protocol]),
          kind,
        ).toEqual([
          ['acme', 'openai-chat'],
          ['tiny', 'tiny-openai'],
        ]);
        const openai = checkoutRun.cases.filter((c) => c.provider === 'openai');
        // The built-in adapter on the provider of the config: openai's cells, wire checks and all.
        expect(cells({ ...report, cases: report.cases.filter((c) => c.provider === 'acme') }), kind).toEqual(
          cells({ ...checkoutRun, cases: openai }, { openai: 'acme' }),
        );
        // The project's adapter: judged on the scenarios, with no wire checks for a protocol the harness does not know.
        const tiny = report.cases.filter((c) => c.provider === 'tiny');
        expect(
          tiny.map((c) => [c.scenario, c.outcome]),
          kind,
        ).toEqual(SCENARIOS.map((s) => [s.id, 'pass']));
        expect(
          tiny.every((c) => c.diagnostics.some((d) => d.code === 'no-wire-checks')),
          kind,
        ).toBe(true);
      });
    },
    SLOW,
  );

  it(
    'that config and adapter type-check against the declarations installed in node_modules',
    async () => {
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      await inBoth(async (kind) => {
        const tsconfig = {
          compilerOptions: {
            module: 'nodenext',
            target: 'es2024',
            strict: true,
            noEmit: true,
            allowImportingTsExtensions: true,
            skipLibCheck: false,
            // The project's own @types/node, as any TypeScript project has.
            typeRoots: [join(ROOT, 'node_modules', '@types')],
            types: ['node'],
          },
          include: ['llmcompat.config.ts', 'tiny-adapter.mts'],
        };
        await writeFile(join(project(kind), 'tsconfig.json'), JSON.stringify(tsconfig));
        const checked = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], {
          cwd: project(kind),
        }).then(
          () => '',
          (error: Outcome) => error.stdout || error.stderr,
        );
        expect(checked, kind).toBe('');
      });
    },
    SLOW,
  );

  it(
    'the stamping relay starts from the package: its worker, copied beside the build, is there',
    async () => {
      await inBoth(async (kind) => {
        const script = join(project(kind), 'relay.mjs');
        await writeFile(
          script,
          "import { startStampingRelay } from 'llmcompat';\n" +
            'const relay = await startStampingRelay();\nconsole.log(relay.url);\nawait relay.close();\n',
        );
        const { stdout } = await run(process.execPath, [script], { cwd: project(kind) });
        expect(stdout, kind).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
      });
    },
    SLOW,
  );
});
