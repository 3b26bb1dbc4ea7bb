import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type Fault, type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { createLiveFetch } from '../src/runner/live-fetch.ts';
import { probeEndpoint } from '../src/runner/probe-endpoint.ts';
import { runLiveCase } from '../src/runner/run-live-case.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { groupSize, MATRIX_CASES } from './support/matrix-size.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Live and record modes, proven over real sockets against the loopback fixture server. nock refuses every
// connection beyond loopback from this process, and the CLI children are watched by the offline preload.
const root = resolve(import.meta.dirname, '..');
const shipped = join(root, 'fixtures');
const CANARY = 'sk-canary-0123456789abcdefghijklmnop';

const fakeKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.keyEnv, `fake-${p.keyEnv.toLowerCase()}-4321`]] : [])),
);
const expectedKeys = Object.fromEntries(
  PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, fakeKeys[p.keyEnv] as string]] : [])),
);

let fixtures: Fixture[];
let server: FixtureServer;
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-live-'));
  temp.push(dir);
  return dir;
}

function baseUrlFlags(target: FixtureServer): string[] {
  return PROVIDERS.flatMap((p) => ['--base-url', `${p.id}=${target.baseUrlFor(p.id, p.baseUrl)}`]);
}

async function report(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as RunReport;
}

/** What the matrix says per cell: enough to tell two runs apart, free of timings. */
function matrixOf(run: RunReport): string[] {
  return run.cases.map(
    (c) =>
      `${c.provider} › ${c.scenario}: ${c.outcome} [${c.diagnostics
        .map((d) => `${d.severity}:${d.code}`)
        .sort()
        .join(' ')}]`,
  );
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  fixtures = await Promise.all(
    PROVIDERS.flatMap((p) => SCENARIOS.map((s) => loadFixture(shipped, p.id, s.id))),
  );
  server = await startFixtureServer({ fixtures, keys: expectedKeys, timing: 'fast' });
});

afterAll(async () => {
  await server.close();
  nock.enableNetConnect();
  nock.restore();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('live mode against the loopback providers', () => {
  let recordedRun: RunReport;
  let liveRun: RunReport;

  beforeAll(async () => {
    const [recordedOut, liveOut] = [await tempDir(), await tempDir()];
    const [recorded, live] = await Promise.all([
      cli(['run', '--out', recordedOut], {}),
      cli(['run', '--mode', 'live', '--out', liveOut, ...baseUrlFlags(server)], fakeKeys),
    ]);
    expect(recorded.stderr).not.toContain(ATTEMPT_MARK);
    expect(live.stderr).not.toContain(ATTEMPT_MARK);
    expect(live.code, live.stdout + live.stderr).toBe(0);
    recordedRun = await report(recordedOut);
    liveRun = await report(liveOut);
  }, 120_000);

  it('produces the same matrix as recorded mode, over real sockets', () => {
    expect(liveRun.run.mode).toBe('live');
    expect(liveRun.cases).toHaveLength(MATRIX_CASES);
    expect(matrixOf(liveRun)).toEqual(matrixOf(recordedRun));
    expect(server.requests.length).toBeGreaterThanOrEqual(MATRIX_CASES);
  });
});

describe('record mode', () => {
  it('rewrites fixtures that replay offline to the same matrix, with no key in any file', async () => {
    const recordedInto = await tempDir();
    const [recordOut, replayOut] = [await tempDir(), await tempDir()];
    const keys = { ...fakeKeys, OPENAI_API_KEY: CANARY };
    const canaryServer = await startFixtureServer({ fixtures, keys: { ...expectedKeys, openai: CANARY } });
    try {
      const record = await cli(
        ['record', '--fixtures', recordedInto, '--out', recordOut, ...baseUrlFlags(canaryServer)],
        keys,
      );
      expect(record.code, record.stdout + record.stderr).toBe(0);
      const replay = await cli(
        ['run', '--fixtures', recordedInto, '--out', replayOut, ...baseUrlFlags(canaryServer)],
        {},
      );
      expect(replay.code, replay.stdout + replay.stderr).toBe(0);
      expect(matrixOf(await report(replayOut))).toEqual(matrixOf(await report(recordOut)));
      const written = await readdir(recordedInto, { recursive: true });
      expect(written.filter((name) => name.endsWith('.json'))).toHaveLength(MATRIX_CASES);
      const recorded = JSON.parse(
        await readFile(join(recordedInto, 'openai', 'tools.roundtrip.json'), 'utf8'),
      );
      expect(recorded.provenance).toMatchObject({ kind: 'recorded', model: 'gpt-4o-2024-08-06' });
      for (const dir of [recordedInto, recordOut, replayOut]) {
        for (const name of await readdir(dir, { recursive: true })) {
          if (!name.includes('.')) continue;
          expect(await readFile(join(dir, name), 'utf8'), `${dir}/${name}`).not.toContain(CANARY);
        }
      }
      expect(record.stdout + record.stderr).not.toContain(CANARY);
    } finally {
      await canaryServer.close();
    }
  }, 120_000);
});

describe('keys and reachability', () => {
  it('skips a provider whose key is missing, naming the variable; --require-keys fails the run', async () => {
    const out = await tempDir();
    const flags = ['run', '--mode', 'live', '--provider', 'together', '--scenario', 'chat.*', '--out', out];
    const skipped = await cli([...flags, ...baseUrlFlags(server)], {});
    // Nothing was tested, so nothing passed: the run fails, in one line that says why and what to set.
    expect(skipped.code, skipped.stdout + skipped.stderr).toBe(1);
    expect(skipped.stderr).toContain(
      `llmcompat: nothing was tested: all ${groupSize('chat')} cases were skipped — no key for any selected provider that needs one: ` +
        'set TOGETHER_API_KEY in .env or the environment',
    );
    expect(skipped.stdout).not.toContain('CI would pass');
    const cases = (await report(out)).cases;
    expect(cases.map((c) => [c.status, c.reason])).toEqual(
      cases.map(() => ['skipped', 'no TOGETHER_API_KEY']),
    );
    const required = await cli([...flags, '--require-keys', ...baseUrlFlags(server)], {});
    expect(required.code).toBe(1);
    expect((await report(out)).cases.every((c) => c.outcome === 'error')).toBe(true);
  }, 60_000);

  it('skips an Ollama that is not running, or that never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const closedPort = await new Promise<number>((done) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => done(port));
      });
    });
    try {
      for (const url of [
        `http://127.0.0.1:${closedPort}`,
        `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
      ]) {
        const provider = { ...findProvider('ollama'), baseUrl: url };
        const result = await runLiveCase({
          provider,
          scenario: SCENARIOS[0]!,
          mode: 'live',
          env: {},
          fetch: createLiveFetch(),
          unreachable: () => probeEndpoint(url),
          requireKeys: false,
          repeat: 1,
          fixtureDir: await tempDir(),
          secrets: [],
          caseTimeoutMs: 10_000,
        });
        expect(result.status).toBe('skipped');
        expect(result.reason).toContain(`not reachable at ${url}`);
      }
    } finally {
      silent.close();
    }
  });
});

describe('live robustness', () => {
  async function live(
    providerId: string,
    scenarioId: string,
    fault: (index: number) => Fault | undefined,
    options: { retries?: number; requestTimeoutMs?: number; repeat?: number } = {},
  ) {
    const faulty = await startFixtureServer({
      fixtures: fixtures.filter((f) => f.provider === providerId),
      keys: expectedKeys,
      fault: (_request, index) => fault(index),
    });
    try {
      const catalog = findProvider(providerId);
      return await runLiveCase({
        provider: { ...catalog, baseUrl: faulty.baseUrlFor(providerId, catalog.baseUrl) },
        scenario: SCENARIOS.find((s) => s.id === scenarioId)!,
        mode: 'live',
        env: fakeKeys,
        fetch: createLiveFetch({
          retries: options.retries ?? 2,
          retryBaseMs: 50,
          requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
        }),
        requireKeys: false,
        repeat: options.repeat ?? 1,
        fixtureDir: await tempDir(),
        secrets: [],
        caseTimeoutMs: 20_000,
      });
    } finally {
      await faulty.close();
    }
  }

  it('retries a 429 after its Retry-After and passes', async () => {
    const started = performance.now();
    const result = await live('openai', 'chat.basic', (i) =>
      i === 0 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    expect(result.outcome).toBe('pass');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a server that never answers is an error naming the timeout, and other providers still finish', async () => {
    const [silent, healthy] = await Promise.all([
      live('anthropic', 'chat.basic', () => ({ kind: 'never-respond' }), {
        requestTimeoutMs: 600,
        retries: 0,
      }),
      live('mistral', 'chat.basic', () => undefined),
    ]);
    expect(silent.status).toBe('error');
    expect(silent.reason).toMatch(/600 ms/);
    expect(healthy.outcome).toBe('pass');
  });

  it('--repeat 3 against an endpoint failing every other request: pass@3 = 1, pass^3 = 0', async () => {
    const result = await live(
      'google',
      'chat.basic',
      (i) => (i % 2 === 1 ? { kind: 'status', status: 500 } : undefined),
      { retries: 0, repeat: 3 },
    );
    expect(result.attempts).toEqual({ passed: 2, total: 3 });
    const passAtK = result.attempts!.passed > 0 ? 1 : 0;
    const passHatK = result.attempts!.passed === result.attempts!.total ? 1 : 0;
    expect([passAtK, passHatK]).toEqual([1, 0]);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics[0]).toMatchObject({ code: 'flaky' });
    expect(result.diagnostics[0]?.message).toContain('pass@3 = 1, pass^3 = 0');
  });
});
