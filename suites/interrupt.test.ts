import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { childEnv, runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Ctrl-C in the middle of a live run: the CLI aborts the requests in flight, writes the report of what finished,
// marked partial, leaves no temp file, and exits 130 (143 for SIGTERM). The providers are the loopback fixture
// server, which answers the first request of the run and holds every other one for ever: the signal is sent once the
// CLI has printed that the first case finished, so exactly one case is done whatever the machine's speed. nock
// refuses connections beyond loopback from this process; the CLI child is watched by the offline preload.
const root = resolve(import.meta.dirname, '..');
const TOTAL = PROVIDERS.length * SCENARIOS.length;
const fakeKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.keyEnv, `fake-${p.keyEnv.toLowerCase()}-4321`]] : [])),
);
const expectedKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, fakeKeys[p.keyEnv] as string]] : [])),
);
/** The line a live run prints as its first case finishes. */
const FIRST_CASE_DONE = new RegExp(`^ *1/${TOTAL} · `, 'm');

let fixtures: Fixture[];
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-interrupt-'));
  temp.push(dir);
  return dir;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts a live run against `server` and sends `signal` once the CLI says its first case finished. */
async function interruptedRun(server: FixtureServer, args: string[], signal: NodeJS.Signals): Promise<Exit> {
  const flags = PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${server.baseUrlFor(p.id, p.baseUrl)}`]);
  const child = spawn(
    process.execPath,
    ['--', join(root, 'bin/llmcompat.mjs'), ...args, '--concurrency', '2', '--retries', '0', ...flags],
    { cwd: root, env: childEnv(fakeKeys), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    if (!signalled && FIRST_CASE_DONE.test(stdout)) {
      signalled = true;
      child.kill(signal);
    }
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  const [code, exitSignal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal: exitSignal, stdout, stderr };
}

async function expectPartialReport(out: string, exit: Exit, code: number): Promise<RunReport> {
  expect(exit.stderr).not.toContain(ATTEMPT_MARK);
  expect(exit.code, exit.stdout + exit.stderr).toBe(code);
  const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
  expect(report.run.complete).toBe(false);
  expect(report.run.selected).toBe(TOTAL);
  // The first case, answered; every other one was held by the server and aborted by the interrupt.
  expect(report.cases).toHaveLength(1);
  expect(report.summary).toBeDefined();
  // The page of this run, not of an earlier one: it names the partial run too.
  expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('interrupted');
  const markdown = await readFile(join(out, 'conformance.md'), 'utf8');
  expect(markdown).toContain('run interrupted before every case finished');
  expect(exit.stderr).toMatch(
    new RegExp(`interrupted by SIG(INT|TERM): ${report.cases.length} of ${TOTAL} cases had finished`),
  );
  return report;
}

async function tempFilesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.filter((name) => name.endsWith('.tmp'));
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const shipped = join(root, 'fixtures');
  fixtures = await Promise.all(
    PROVIDERS.flatMap((p) => SCENARIOS.map((s) => loadFixture(shipped, p.id, s.id))),
  );
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * The loopback providers, answering Ollama's reachability probes (GET) and the run's first request, and holding
 * every other request without a word until the server closes.
 */
function holdingServer(): Promise<FixtureServer> {
  let answered = 0;
  return startFixtureServer({
    fixtures,
    keys: expectedKeys,
    fault: (request) => {
      if (request.method === 'GET') return undefined;
      return answered++ === 0 ? undefined : { kind: 'never-respond' };
    },
  });
}

describe('an interrupted run', () => {
  it('SIGINT: exit code 130, a valid partial report of the finished cases, no temp files', async () => {
    const server = await holdingServer();
    try {
      const out = await tempDir();
      const exit = await interruptedRun(server, ['run', '--mode', 'live', '--out', out], 'SIGINT');
      const report = await expectPartialReport(out, exit, 130);
      expect(report.run.mode).toBe('live');
      expect(report.cases.every((c) => c.mode === 'live' && c.timings.totalMs > 0)).toBe(true);
      expect(await tempFilesUnder(out)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it('SIGTERM while recording: exit code 143, a partial report, no temp file among the fixtures', async () => {
    const server = await holdingServer();
    try {
      const [out, recordInto] = [await tempDir(), await tempDir()];
      const exit = await interruptedRun(
        server,
        ['record', '--fixtures', recordInto, '--out', out],
        'SIGTERM',
      );
      const report = await expectPartialReport(out, exit, 143);
      expect(report.run.mode).toBe('record');
      expect(await tempFilesUnder(out)).toEqual([]);
      expect(await tempFilesUnder(recordInto)).toEqual([]);
      const written = (await readdir(recordInto, { recursive: true })).filter((name) =>
        name.endsWith('.json'),
      );
      expect(written).toEqual([join(report.cases[0]!.provider, `${report.cases[0]!.scenario}.json`)]);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('a run that reaches --run-timeout', () => {
  it('says which bound was hit, aborts what was in flight, and fails', async () => {
    // Every request held: nothing can finish before the bound, so the outcome does not depend on the machine's speed.
    const server = await startFixtureServer({
      fixtures,
      keys: expectedKeys,
      fault: (request) => (request.method === 'GET' ? undefined : { kind: 'never-respond' }),
    });
    try {
      const out = await tempDir();
      const flags = PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${server.baseUrlFor(p.id, p.baseUrl)}`]);
      const exit = await cli(
        ['run', '--mode', 'live', '--out', out, '--concurrency', '2', '--run-timeout', '1500', ...flags],
        fakeKeys,
      );
      expect(exit.code, exit.stdout + exit.stderr).toBe(1);
      expect(exit.stderr).toContain(
        'the run timeout of 1500 ms was reached (--run-timeout): no case had finished; no report written.',
      );
      expect(await readdir(out)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
