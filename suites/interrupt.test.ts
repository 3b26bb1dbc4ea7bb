import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import type { RunReport } from '../src/report/run-report.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { childEnv, runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Ctrl-C in the middle of a live run: the CLI writes the report of what finished, marked partial, leaves no temp
// file, and exits 130 (143 for SIGTERM). The providers are the loopback fixture server at a slow, fixed pace, so
// the run is surely still going when the signal arrives. nock refuses connections beyond loopback from this
// process; the CLI child is watched by the offline preload.
const root = resolve(import.meta.dirname, '..');
const TOTAL = PROVIDERS.length * SCENARIOS.length;
const fakeKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.keyEnv, `fake-${p.keyEnv.toLowerCase()}-4321`]] : [])),
);
const expectedKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, fakeKeys[p.keyEnv] as string]] : [])),
);

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

/**
 * Starts a live run against `server` and sends `signal` once `requestsBefore` requests have reached it: with two
 * requests in flight per provider, most of those have been answered by then, so some cases have finished.
 */
async function interruptedRun(
  server: FixtureServer,
  args: string[],
  signal: NodeJS.Signals,
  requestsBefore: number,
): Promise<Exit> {
  const flags = PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${server.baseUrlFor(p.id, p.baseUrl)}`]);
  const child = spawn(
    process.execPath,
    [join(root, 'src/cli/main.ts'), ...args, '--concurrency', '2', '--retries', '0', ...flags],
    { cwd: root, env: childEnv(fakeKeys), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  const exited = new Promise<Exit>((done) => {
    child.on('exit', (code, exitSignal) => done({ code, signal: exitSignal, stdout, stderr }));
  });
  const deadline = performance.now() + 60_000;
  while (server.requests.length < requestsBefore && child.exitCode === null && performance.now() < deadline) {
    await sleep(25);
  }
  child.kill(signal);
  const result = await exited;
  return { ...result, stdout, stderr };
}

async function expectPartialReport(out: string, exit: Exit, code: number): Promise<RunReport> {
  expect(exit.stderr).not.toContain(ATTEMPT_MARK);
  expect(exit.code, exit.stdout + exit.stderr).toBe(code);
  const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
  expect(report.run.complete).toBe(false);
  expect(report.cases.length).toBeGreaterThan(0);
  expect(report.cases.length).toBeLessThan(TOTAL);
  expect(report.summary).toBeDefined();
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

/** The loopback providers, slow enough (300 ms to first byte, 50 ms gaps) that a run is caught mid-way. */
function slowServer(): Promise<FixtureServer> {
  return startFixtureServer({ fixtures, keys: expectedKeys, timing: { firstByteMs: 300, chunkGapMs: 50 } });
}

describe('an interrupted run', () => {
  it('SIGINT: exit code 130, a valid partial report of the finished cases, no temp files', async () => {
    const server = await slowServer();
    try {
      const out = await tempDir();
      const exit = await interruptedRun(server, ['run', '--mode', 'live', '--out', out], 'SIGINT', 45);
      const report = await expectPartialReport(out, exit, 130);
      expect(report.run.mode).toBe('live');
      expect(report.cases.every((c) => c.mode === 'live' && c.timings.totalMs > 0)).toBe(true);
      expect(await tempFilesUnder(out)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it('SIGTERM while recording: exit code 143, a partial report, no temp file among the fixtures', async () => {
    const server = await slowServer();
    try {
      const [out, recordInto] = [await tempDir(), await tempDir()];
      const exit = await interruptedRun(
        server,
        ['record', '--fixtures', recordInto, '--out', out],
        'SIGTERM',
        45,
      );
      const report = await expectPartialReport(out, exit, 143);
      expect(report.run.mode).toBe('record');
      expect(await tempFilesUnder(out)).toEqual([]);
      expect(await tempFilesUnder(recordInto)).toEqual([]);
      const written = (await readdir(recordInto, { recursive: true })).filter((name) =>
        name.endsWith('.json'),
      );
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(TOTAL);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('a run that reaches --run-timeout', () => {
  it('writes the partial report, says which bound was hit, and fails', async () => {
    const server = await slowServer();
    try {
      const out = await tempDir();
      const flags = PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${server.baseUrlFor(p.id, p.baseUrl)}`]);
      const exit = await cli(
        ['run', '--mode', 'live', '--out', out, '--concurrency', '2', '--run-timeout', '4000', ...flags],
        fakeKeys,
      );
      expect(exit.code, exit.stdout + exit.stderr).toBe(1);
      expect(exit.stderr).toMatch(
        /the run timeout of 4000 ms was reached \(--run-timeout\): \d+ of 140 cases/,
      );
      const report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
      expect(report.run.complete).toBe(false);
      expect(report.cases.length).toBeGreaterThan(0);
      expect(report.cases.length).toBeLessThan(TOTAL);
      expect(await tempFilesUnder(out)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
