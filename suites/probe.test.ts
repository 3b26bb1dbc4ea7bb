import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { SCENARIO_COUNT } from './support/matrix-size.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// The loopback fixture server impersonates "acme", an OpenAI-compatible provider the catalog does not know, by
// serving Together's fixtures under that id. The probe must find Together's known gaps on its own, and the entry it
// prints, pasted into a config, must make acme a regular member of `llmcompat run`. nock refuses every connection
// beyond loopback from this process; the CLI children are watched by the offline preload.
const root = resolve(import.meta.dirname, '..');
const ID = 'acme';
const KEY_ENV = 'ACME_API_KEY';
const KEY = 'acme-fake-key-0123456789';
const together = findProvider('together');
// Every scenario of a capability the catalog says Together lacks fails for it (its fixtures show each gap).
const TOGETHER_GAPS = SCENARIOS.filter((s) => s.capability in together.gaps).length;

let server: FixtureServer;
let baseUrl: string;
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-probe-'));
  temp.push(dir);
  return dir;
}

/** The printed config entry: the lines between the "Config entry" line's blank line and the next blank line. */
function entryOf(stdout: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Config entry:'));
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start + 2);
  return lines.slice(start + 2, end).join('\n');
}

async function report(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as RunReport;
}

/** Each cell of one provider's row: scenario, outcome and diagnostic codes, free of timings and ids. */
function rowOf(run: RunReport, provider: string): string[] {
  return run.cases
    .filter((c) => c.provider === provider)
    .map(
      (c) =>
        `${c.scenario}: ${c.outcome} [${c.diagnostics
          .map((d) => `${d.severity}:${d.code}`)
          .sort()
          .join(' ')}]`,
    );
}

const probeArgs = () => [
  'probe',
  '--base-url',
  baseUrl,
  '--key-env',
  KEY_ENV,
  '--model',
  together.defaultModel,
  // The model Together's reasoning fixture was recorded with: the probe asks it for the reasoning scenarios.
  ...Object.entries(together.models ?? {}).flatMap(([capability, model]) => [
    '--model',
    `${capability}=${model}`,
  ]),
  '--id',
  ID,
];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const fixtures: Fixture[] = await Promise.all(
    SCENARIOS.map(async (s) => ({
      ...(await loadFixture(join(root, 'fixtures'), together.id, s.id)),
      provider: ID,
    })),
  );
  server = await startFixtureServer({ fixtures, keys: { [ID]: KEY } });
  baseUrl = server.baseUrlFor(ID, together.baseUrl);
});

afterAll(async () => {
  await server.close();
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('llmcompat probe against a new OpenAI-compatible provider on the loopback server', () => {
  let probe: Awaited<ReturnType<typeof cli>>;
  let saved: Awaited<ReturnType<typeof cli>>;
  let savedDir: string;
  let togetherRun: RunReport;

  beforeAll(async () => {
    savedDir = await tempDir();
    const togetherOut = await tempDir();
    const results = await Promise.all([
      cli(probeArgs(), { [KEY_ENV]: KEY }),
      cli([...probeArgs(), '--repeat', '2', '--save', '--fixtures', savedDir], { [KEY_ENV]: KEY }),
      cli(['run', '--provider', together.id, '--out', togetherOut]),
    ]);
    [probe, saved] = results;
    for (const result of results) {
      expect(result.stderr).not.toContain(ATTEMPT_MARK);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
    togetherRun = await report(togetherOut);
  }, 120_000);

  it('prints the matrix: the row of the new provider, with what it cannot do as failures and their evidence', () => {
    expect(probe.stdout).toContain(
      `probing ${baseUrl} as '${ID}' (openai-chat, model ${together.defaultModel})`,
    );
    expect(probe.stdout).toMatch(
      new RegExp(`^ {2}A {2}${ID} +${together.defaultModel.replace(/[.]/g, '\\.')}$`, 'm'),
    );
    expect(probe.stdout).toMatch(/acme › tools\.stream: tool-call-as-text/);
    expect(probe.stdout).toContain('<|python_tag|>');
    // Together's known gaps fail here: a probed provider has no catalog entry declaring them.
    expect(probe.stdout).toContain(
      `${SCENARIO_COUNT} cases: ${SCENARIO_COUNT - TOGETHER_GAPS} pass, 0 known gaps, ${TOGETHER_GAPS} fail, 0 error`,
    );
    expect(server.requests.some((r) => r.provider === ID && r.key === `****${KEY.slice(-4)}`)).toBe(true);
  });

  it("prints a config entry whose gaps are Together's known gaps, each with the diagnostic that failed", async () => {
    const entry = entryOf(probe.stdout);
    expect(entry).toContain(`    ${ID}: {`);
    expect(entry).toContain(`baseUrl: '${baseUrl}'`);
    expect(entry).toContain(`keyEnv: '${KEY_ENV}'`);
    const file = join(await tempDir(), 'llmcompat.config.ts');
    await writeFile(file, `export default {\n  providers: {\n${entry}\n  },\n};\n`);
    const config = await loadConfig(file);
    const acme = config.providers?.[ID];
    expect(acme).toMatchObject({
      protocol: 'openai-chat',
      baseUrl,
      model: together.defaultModel,
      models: together.models,
      keyEnv: KEY_ENV,
    });
    const gaps = acme && 'gaps' in acme ? (acme.gaps ?? {}) : {};
    expect(Object.keys(gaps).sort()).toEqual(Object.keys(together.gaps).sort());
    expect(gaps['tool-streaming']).toMatch(/^tools\.stream: tool-call-as-text — .*<\|python_tag\|>/);
    expect(gaps['parallel-tools']).toMatch(/^tools\.parallel: too-few-tool-calls — /);
  });

  it('with --repeat 2 states pass^2 in the reasons, and with --save records every scenario', async () => {
    const entry = entryOf(saved.stdout);
    const capabilities = new Set(SCENARIOS.map((s) => s.capability)).size;
    const gapCapabilities = Object.keys(together.gaps).length;
    expect(entry).toContain(
      `${capabilities - gapCapabilities} of ${capabilities} capabilities passed, each in all 2 attempts (pass^2 = 1)`,
    );
    expect(entry).toMatch(
      /'tool-streaming': 'tools\.stream: tool-call-as-text .*\(pass\^2 = 0: 0 of 2 attempts passed\)'/,
    );
    const written = await readdir(join(savedDir, ID));
    expect(written.sort()).toEqual(SCENARIOS.map((s) => `${s.id}.json`).sort());
    const fixture = JSON.parse(await readFile(join(savedDir, ID, 'tools.stream.json'), 'utf8')) as Fixture;
    expect(fixture).toMatchObject({
      provider: ID,
      scenario: 'tools.stream',
      provenance: { kind: 'recorded' },
    });
    expect(JSON.stringify(fixture)).not.toContain(KEY);
  });

  it('once pasted into a config, makes the provider a regular member of run: live, and replayed offline', async () => {
    const unknown = await cli(['run', '--provider', ID, '--out', await tempDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`Unknown provider '${ID}'`);

    const config = join(await tempDir(), 'llmcompat.config.ts');
    await writeFile(
      config,
      `import { defineConfig } from '${join(root, 'src/index.ts')}';\n\n` +
        `export default defineConfig({\n  providers: {\n${entryOf(probe.stdout)}\n  },\n});\n`,
    );
    const [liveOut, replayOut] = [await tempDir(), await tempDir()];
    const [live, replay] = await Promise.all([
      cli(['run', '--mode', 'live', '--config', config, '--provider', 'a*', '--out', liveOut], {
        [KEY_ENV]: KEY,
      }),
      cli(['run', '--config', config, '--provider', ID, '--fixtures', savedDir, '--out', replayOut]),
    ]);
    for (const result of [live, replay]) {
      expect(result.stderr).not.toContain(ATTEMPT_MARK);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
    const expected = rowOf(togetherRun, together.id);
    expect(expected.filter((cell) => cell.includes(': known-gap'))).toHaveLength(TOGETHER_GAPS);
    const liveRun = await report(liveOut);
    // `a*` selects the catalog's anthropic too: the glob reaches config providers like catalog ones.
    expect(liveRun.providers.map((p) => p.id)).toEqual(['anthropic', ID]);
    expect(rowOf(liveRun, ID)).toEqual(expected);
    expect(rowOf(await report(replayOut), ID)).toEqual(expected);
    expect(live.stdout).toMatch(/acme › tools\.stream: tool-call-as-text/);
  }, 120_000);
});
