import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider, modelFor } from '../src/catalog/catalog.ts';
import type { RunReport } from '../src/core/run-report.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { SCENARIO_COUNT } from './support/matrix-size.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// A run that tested nothing, or could not reach its provider, or replayed fixtures recorded for another model or
// URL, says so in one line and never passes as if it had judged the provider. nock refuses every connection beyond
// loopback from this process, and the CLI children are watched by the offline preload.
const temp: string[] = [];
let closedPort = 0;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-honest-'));
  temp.push(dir);
  return dir;
}

async function report(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as RunReport;
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  // A port that was just free: nothing listens there, so a connection is refused at once.
  closedPort = await new Promise<number>((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a provider that cannot be reached', () => {
  it('is one line and error cells, never a failure of the provider', async () => {
    const out = await tempDir();
    const result = await cli(
      [
        'run',
        '--mode',
        'live',
        '--provider',
        'openai',
        '--base-url',
        `openai=http://127.0.0.1:${closedPort}/v1`,
        '--retries',
        '0',
        '--out',
        out,
      ],
      { OPENAI_API_KEY: 'sk-test-unreachable-0123456789' },
    );
    expect(result.stderr).not.toContain(ATTEMPT_MARK);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `llmcompat: openai: not reachable (ECONNREFUSED 127.0.0.1:${closedPort}) — ${SCENARIO_COUNT} cases not judged`,
    );
    const cases = (await report(out)).cases;
    expect(cases).toHaveLength(SCENARIO_COUNT);
    // errors.auth and errors.unknown-model too: no answer says nothing about how a bad key is answered.
    expect(cases.map((c) => `${c.scenario}: ${c.outcome}`)).toEqual(cases.map((c) => `${c.scenario}: error`));
  }, 60_000);

  it('gets no config entry from probe', async () => {
    const result = await cli(
      ['probe', '--base-url', `http://127.0.0.1:${closedPort}/v1`, '--model', 'm', '--retries', '0'],
      {},
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `not reachable \\(ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\) — ${SCENARIO_COUNT} cases not judged`,
      ),
    );
    expect(result.stderr).toContain('No config entry');
    expect(result.stdout).not.toContain('Config entry:');
  }, 60_000);
});

describe('a run that tested nothing', () => {
  it('record without the key: exit 1, nothing recorded, the fixtures untouched', async () => {
    const [out, fixtures] = [await tempDir(), await tempDir()];
    const result = await cli(
      ['record', '--only', 'together/tools.stream', '--fixtures', fixtures, '--out', out],
      {},
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain('llmcompat: nothing was tested: the one case was skipped');
    expect(result.stderr).toContain(
      'llmcompat: nothing was recorded: no key for any selected provider that needs one: set TOGETHER_API_KEY',
    );
    expect(await readdir(fixtures)).toEqual([]);
  }, 60_000);
});

describe('recorded mode with an override the fixtures were not recorded for', () => {
  it('a model: error cells naming the override and the fix, not request drift', async () => {
    const out = await tempDir();
    const result = await cli(['run', '--provider', 'openai', '--model', 'openai=gpt-4o-mini', '--out', out]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const cases = (await report(out)).cases;
    // Scenarios with a model of their own (an unknown one, the reasoning model) are not overridden and replay.
    const overridden = cases.filter((c) => c.model === 'gpt-4o-mini');
    const openai = findProvider('openai');
    expect(overridden).toHaveLength(
      SCENARIOS.filter((s) => modelFor(openai, s) === openai.defaultModel).length,
    );
    expect(overridden.map((c) => c.outcome)).toEqual(overridden.map(() => 'error'));
    expect(cases.filter((c) => c.model !== 'gpt-4o-mini').every((c) => c.outcome === 'pass')).toBe(true);
    expect(overridden[0]?.reason).toBe(
      'the openai fixtures were recorded for model gpt-4o, but this run asks for gpt-4o-mini (a --model or config ' +
        'override): drop the override to replay them, or record fixtures for it with ' +
        '`llmcompat record --provider openai` and the same override.',
    );
    // One footnote for the 13 cells it stands for.
    expect(result.stdout.match(/were recorded for model gpt-4o/g)).toHaveLength(1);
    expect(cases.flatMap((c) => c.diagnostics.map((d) => d.code))).not.toContain('request-drift');
  }, 60_000);

  it('a base URL: error cells naming it, with none of msw’s own words', async () => {
    const out = await tempDir();
    const result = await cli([
      'run',
      '--provider',
      'openai',
      '--base-url',
      `openai=http://127.0.0.1:${closedPort}/v1`,
      '--out',
      out,
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const cases = (await report(out)).cases;
    expect(cases.map((c) => c.outcome)).toEqual(cases.map(() => 'error'));
    expect(cases[0]?.reason).toContain(
      `were recorded from https://api.openai.com, but this run sends openai to http://127.0.0.1:${closedPort}/v1`,
    );
    expect(result.stdout + result.stderr).not.toContain('[MSW]');
  }, 60_000);
});

describe('an --out folder that cannot be made', () => {
  it.runIf(process.platform === 'linux')(
    'under /proc: exit 2 at once, naming the folder',
    async () => {
      const result = await cli([
        'run',
        '--only',
        'openai/chat.basic',
        '--out',
        '/proc/llmcompat-nope/reports',
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain('Cannot write reports into /proc/llmcompat-nope/reports (ENOENT)');
    },
    60_000,
  );
});
