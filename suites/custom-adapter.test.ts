import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import {
  type Adapter,
  type AdapterConfig,
  type AdapterFactory,
  type CaseResult,
  createAdapter,
  createWireTap,
  defineConfig,
  type RunReport,
  renderTerminalMatrix,
  runConformance,
  SCENARIOS,
  type StreamEvent,
  UsageError,
} from '../src/index.ts';
import { tinyOpenAIAdapter } from './support/tiny-openai-adapter.ts';

// An adapter written outside the harness, against its public types only: a tiny OpenAI chat client on the fetch it
// is given. Registered through the config, it runs the same scenarios, checks and reports as the built-in adapters.

/** Base URLs the tiny adapter was created for: proof that the run went through it. */
const created: string[] = [];

function createTinyOpenAIAdapter(config: AdapterConfig): Adapter {
  created.push(config.baseUrl);
  return tinyOpenAIAdapter(config);
}

const tinyFactory: AdapterFactory = createTinyOpenAIAdapter;
const root = resolve(import.meta.dirname, '..');
const ID = 'tiny';
const KEY = 'tiny-fake-key-0123456789';
let server: FixtureServer;
const temp: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-custom-'));
  temp.push(dir);
  return dir;
}

/** Outcome and diagnostic codes per scenario: what two runs of the same provider must agree on. */
function cells(report: RunReport, provider = ID): string[] {
  return report.cases
    .filter((c) => c.provider === provider)
    .map(
      (c) => `${c.scenario}: ${c.outcome} [${c.diagnostics.map((d) => `${d.severity}:${d.code}`).join(' ')}]`,
    );
}

async function openaiFixturesAs(id: string): Promise<Fixture[]> {
  return Promise.all(
    SCENARIOS.map(async (s) => ({
      ...(await loadFixture(join(root, 'fixtures'), 'openai', s.id)),
      provider: id,
    })),
  );
}

const tinyConfig = (target: FixtureServer = server) =>
  defineConfig({
    providers: {
      [ID]: {
        protocol: 'tiny-openai',
        baseUrl: target.baseUrlFor(ID, 'https://api.openai.com/v1'),
        keyEnv: 'TINY_API_KEY',
        model: 'gpt-4o',
        // The openai fixtures' reasoning model, so that reasoning.basic replays as recorded.
        models: { reasoning: 'o4-mini' },
        gaps: { 'parallel-tools': 'declared missing on purpose: the run must call its pass news' },
      },
    },
    adapters: { 'tiny-openai': tinyFactory },
  });

// Every base URL here is the loopback server's, and recorded mode's msw blocks any request no fixture answers (nock,
// which the live suites use as a guard, cannot share the process with msw's interception of fetch).
beforeAll(async () => {
  server = await startFixtureServer({ fixtures: await openaiFixturesAs(ID), keys: { [ID]: KEY } });
});

afterAll(async () => {
  await server.close();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a custom adapter registered in the config', () => {
  let live: RunReport;
  const progress: { result: CaseResult; done: number; total: number }[] = [];

  beforeAll(async () => {
    created.length = 0;
    live = await runConformance({
      mode: 'live',
      providers: ID,
      config: tinyConfig(),
      env: { TINY_API_KEY: KEY },
      onCase: (result, { done, total }) => progress.push({ result, done, total }),
    });
  }, 60_000);

  it('runs every scenario live through the adapter, over the wire tap, into the usual report', () => {
    expect(created).toHaveLength(SCENARIOS.length);
    expect(live.run.mode).toBe('live');
    expect(live.providers).toEqual([{ id: ID, name: ID, protocol: 'tiny-openai', model: 'gpt-4o' }]);
    expect(live.cases.map((c) => c.scenario)).toEqual(SCENARIOS.map((s) => s.id));
    expect(live.cases.every((c) => c.timings.chunks !== undefined && c.timings.chunks > 0)).toBe(true);
    expect(server.requests.filter((r) => r.provider === ID).length).toBeGreaterThanOrEqual(SCENARIOS.length);
    expect(progress.map((p) => [p.done, p.total])).toEqual(
      SCENARIOS.map((_, i) => [i + 1, SCENARIOS.length]),
    );
  });

  it('is judged by the scenario expectations and the declared gaps; a protocol it names has no wire checks', () => {
    const outcomes = Object.fromEntries(live.cases.map((c) => [c.scenario, c.outcome]));
    expect(outcomes).toMatchObject({
      'tools.parallel': 'unexpected-pass',
      'tools.stream-parallel': 'unexpected-pass',
      'tools.stream': 'pass',
    });
    const failed = live.cases.filter((c) => c.outcome === 'fail');
    expect(failed.map((c) => [c.scenario, c.diagnostics.map((d) => `${d.code}: ${d.message}`)])).toEqual([]);
    expect(live.summary).toMatchObject({
      pass: SCENARIOS.length - 2,
      'unexpected-pass': 2,
      fail: 0,
      error: 0,
    });
    for (const result of live.cases) {
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'no-wire-checks', severity: 'info' }),
      );
    }
    const matrix = renderTerminalMatrix(live, { color: false });
    expect(matrix).toMatch(/^ {2}A {2}tiny +gpt-4o$/m);
    expect(matrix).toContain('tiny › tools.parallel: unexpected-pass');
  });

  it('fails it like any provider on a wrong answer: a bad key that gets an answer fails auth-errors', async () => {
    const fixtures = await openaiFixturesAs(ID);
    const answer = fixtures.find((f) => f.scenario === 'chat.basic')!.exchanges[0]!.response;
    const authFixture = fixtures.find((f) => f.scenario === 'errors.auth')!;
    // A server that answers the bad-key request as if the key were good.
    const lenient = await startFixtureServer({
      fixtures: [{ ...authFixture, exchanges: [{ ...authFixture.exchanges[0]!, response: answer }] }],
    });
    try {
      const report = await runConformance({
        mode: 'live',
        providers: ID,
        scenarios: 'errors.auth',
        config: tinyConfig(lenient),
        env: { TINY_API_KEY: KEY },
      });
      expect(report.cases.map((c) => c.outcome)).toEqual(['fail']);
      expect(report.cases[0]?.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'no-error', severity: 'failure' }),
      );
    } finally {
      await lenient.close();
    }
  });

  it('records fixtures/<id>/… in record mode, and replays them offline to the same matrix', async () => {
    const dir = await tempDir();
    // A server of its own, closed before the replay: nothing could answer the replay but the fixtures. (msw intercepts
    // fetch at the socket level, so a keep-alive socket still open to the recorded origin would bypass it.)
    const recording = await startFixtureServer({ fixtures: await openaiFixturesAs(ID), keys: { [ID]: KEY } });
    const config = tinyConfig(recording);
    let recorded: RunReport;
    try {
      recorded = await runConformance({
        mode: 'record',
        providers: ID,
        config,
        env: { TINY_API_KEY: KEY },
        fixtureDir: dir,
      });
    } finally {
      await recording.close();
    }
    expect((await readdir(join(dir, ID))).sort()).toEqual(SCENARIOS.map((s) => `${s.id}.json`).sort());
    const replayed = await runConformance({ mode: 'recorded', providers: ID, config, fixtureDir: dir });
    expect(replayed.run.mode).toBe('recorded');
    expect(cells(replayed)).toEqual(cells(recorded));
    expect(cells(replayed)).toEqual(cells(live));
  }, 60_000);
});

describe('a custom adapter registered under a built-in protocol', () => {
  it('replaces the built-in adapter for that protocol, and its wire checks still apply', async () => {
    created.length = 0;
    const config = defineConfig({ adapters: { 'openai-chat': tinyFactory } });
    const [custom, builtIn] = [
      await runConformance({ providers: 'google-openai', config }),
      await runConformance({ providers: 'google-openai' }),
    ];
    expect(created).toHaveLength(SCENARIOS.length);
    // Gemini's OpenAI endpoint streams tool-call deltas without an index: a wire check, not the adapter, says so.
    const toolStream = custom.cases.find((c) => c.scenario === 'tools.stream');
    expect(toolStream?.diagnostics.map((d) => d.code)).toContain('missing-index');
    expect(custom.cases.some((c) => c.diagnostics.some((d) => d.code === 'no-wire-checks'))).toBe(false);
    // Two index-less calls in one stream: the tiny adapter files both under index 0 and gets one broken call, where
    // the built-in one tells them apart by name. The wire findings are the same; the expectation judges the adapter.
    const twoCalls = (report: RunReport) => report.cases.find((c) => c.scenario === 'tools.stream-parallel');
    expect(twoCalls(builtIn)?.outcome).toBe('pass');
    expect(twoCalls(custom)?.outcome).toBe('fail');
    expect(twoCalls(custom)?.diagnostics.map((d) => d.code)).toContain('too-few-tool-calls');
    const wireCodes = (report: RunReport) =>
      twoCalls(report)?.diagnostics.filter(
        (d) => d.code !== 'stream-disagrees' && d.severity === 'deviation',
      );
    expect(wireCodes(custom)).toEqual(wireCodes(builtIn));
    const others = (report: RunReport) =>
      cells(report, 'google-openai').filter((cell) => !cell.startsWith('tools.stream-parallel:'));
    expect(others(custom)).toEqual(others(builtIn));
  }, 60_000);
});

describe('the config names what it cannot run', () => {
  it('rejects a protocol that is neither built in nor registered, listing the known ones', async () => {
    const config = defineConfig({
      providers: { [ID]: { protocol: 'tiny-openai', baseUrl: 'http://127.0.0.1:1/v1', model: 'gpt-4o' } },
    });
    const run = runConformance({ providers: ID, config });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(
      /providers\.tiny\.protocol: unknown protocol 'tiny-openai'\. Known: openai-chat, anthropic-messages, gemini/,
    );
  });
});

describe('driving a provider through an adapter with the wire tap, outside any run', () => {
  it('gives the adapter’s answer and the exact wire text with arrival times', async () => {
    const tap = createWireTap(globalThis.fetch);
    const adapter = createAdapter(
      'tiny-openai',
      { baseUrl: server.baseUrlFor(ID, 'https://api.openai.com/v1'), apiKey: KEY, fetch: tap.fetch },
      { 'tiny-openai': tinyFactory },
    );
    const scenario = SCENARIOS.find((s) => s.id === 'stream.text')!;
    const events: StreamEvent[] = [];
    for await (const event of adapter.stream({ ...scenario.request, model: 'gpt-4o' })) events.push(event);
    await tap.settled();
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    const [exchange] = tap.exchanges;
    expect(exchange?.status).toBe(200);
    expect(exchange?.chunks.map((c) => c.text).join('')).toContain('data: [DONE]');
    expect(exchange?.chunks.every((c, i, all) => i === 0 || c.t >= all[i - 1]!.t)).toBe(true);
    expect(() => createAdapter('tiny-openai', { baseUrl: 'http://x', apiKey: '', fetch })).toThrow(
      /No adapter for protocol 'tiny-openai'\. Known: openai-chat/,
    );
  });
});
