import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyCell, LatencyReport } from '../src/bench/latency-report.ts';
import type { LoadLevel } from '../src/bench/load-level.ts';
import { requestMetrics } from '../src/bench/request-metrics.ts';
import { type BenchClock, runBench } from '../src/bench/run-bench.ts';
import { type CatalogEntry, PROVIDERS } from '../src/catalog/providers.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type Fault, type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { resolveRunSettings } from '../src/runner/run-settings.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';

// Live mode over real sockets against the loopback fixture server, which sends the first byte D ms after a request
// arrives and each next chunk G ms after the one before: the measured figures must come out as D and G. The paced
// server runs in a process of its own, as a provider would: the client's work cannot delay its writes.
const D = 200;
const G = 25;
/** Above the exact figure: connection, parsing and a busy 2-core machine; never below it. */
const SLACK_MS = 60;
/**
 * The server paces each chunk from its previous write, so its own timer lateness adds up over a stream (about 1 ms
 * a gap when idle, several when the machine is busy): a stream's span, hence its ITL, may come out this much longer.
 */
const PACE_DRIFT = 0.4;
/** A single gap carries only one chunk's lateness. */
const GAP_SLACK_MS = 10;

const root = resolve(import.meta.dirname, '..');
const shipped = join(root, 'fixtures');
const MEASURED = ['openai', 'cohere', 'anthropic', 'google', 'mistral', 'ollama'];
const SCENARIO_IDS = ['stream.text', 'tools.stream', 'chat.basic'];
const FAULTY = 'together';

const provider = (id: string) => PROVIDERS.find((p) => p.id === id) as CatalogEntry;
const scenario = (id: string) => SCENARIOS.find((s) => s.id === id)!;

let fixtures: Fixture[];
let paced: PacedServer;
let faulty: FixtureServer;

interface PacedServer {
  baseUrls: Record<string, string>;
  close(): Promise<void>;
}

const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
const SERVER_PROCESS = `
const { startFixtureServer } = await import(${moduleUrl('src/fixtures/fixture-server.ts')});
const { loadFixture } = await import(${moduleUrl('src/fixtures/load-fixture.ts')});
const spec = JSON.parse(process.argv[1]);
const fixtures = await Promise.all(spec.cells.map(([p, s]) => loadFixture(spec.dir, p, s)));
const server = await startFixtureServer({ fixtures, keys: spec.keys, timing: spec.timing });
const baseUrls = Object.fromEntries(spec.providers.map((id) => [id, server.baseUrlFor(id)]));
process.stdout.write(JSON.stringify({ baseUrls }) + '\\n');
process.stdin.on('end', () => server.close().then(() => process.exit(0)));
process.stdin.resume();
`;

/** The fixture server, paced, in a child process; it stops when its stdin closes. */
async function startPacedServer(providers: string[], keys: Record<string, string>): Promise<PacedServer> {
  const spec = {
    dir: shipped,
    providers,
    cells: providers.flatMap((p) => SCENARIO_IDS.map((s) => [p, s])),
    keys,
    timing: { firstByteMs: D, chunkGapMs: G },
  };
  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', SERVER_PROCESS, JSON.stringify(spec)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const { baseUrls } = JSON.parse(first) as { baseUrls: Record<string, string> };
  return {
    baseUrls,
    async close() {
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

/** Keys for every provider but the faulty one's key variable (so a provider is left without one). */
function keys(except: string | undefined): Record<string, string> {
  return Object.fromEntries(
    PROVIDERS.flatMap((p) => (p.keyEnv && p.keyEnv !== except ? [[p.keyEnv, `fake-${p.id}-key-4321`]] : [])),
  );
}

function fixtureOf(providerId: string, scenarioId: string): Fixture {
  return fixtures.find((f) => f.provider === providerId && f.scenario === scenarioId)!;
}

/** The figures the fixture would give if each of its chunks left exactly at D + i × G. */
function expected(providerId: string, scenarioId: string) {
  const { chunks } = fixtureOf(providerId, scenarioId).exchanges[0]!.response;
  const times = chunks.map((chunk, i) => ({ t: D + i * G, text: chunk.text }));
  return requestMetrics(
    {
      request: { method: 'POST', url: '', headers: {} },
      chunks: times,
      tEnd: D + (chunks.length - 1) * G,
      complete: true,
    },
    provider(providerId).protocol,
    scenario(scenarioId).stream,
  );
}

async function bench(
  server: { baseUrls: Record<string, string> } | FixtureServer,
  ids: string[],
  scenarios: string[],
  loads: LoadLevel[],
  extra: { requests: number; warmup: number; env?: Record<string, string>; clock?: BenchClock },
): Promise<LatencyReport> {
  const env = {
    LLMCOMPAT_MODE: 'live',
    LLMCOMPAT_PROVIDERS: ids.join(','),
    LLMCOMPAT_SCENARIOS: scenarios.join(','),
    LLMCOMPAT_BASE_URLS: ids
      .map((id) => `${id}=${'baseUrls' in server ? server.baseUrls[id] : server.baseUrlFor(id)}`)
      .join(','),
    ...(extra.env ?? keys(undefined)),
  };
  return runBench({
    settings: resolveRunSettings(env),
    loads,
    requests: extra.requests,
    warmup: extra.warmup,
    // The fixture server answers only the recorded requests.
    varyPrompts: false,
    env,
    version: 'test',
    ...(extra.clock ? { clock: extra.clock } : {}),
  });
}

function cellOf(report: LatencyReport, providerId: string, scenarioId: string, load?: number): LatencyCell {
  const cell = report.cells.find(
    (c) =>
      c.provider === providerId &&
      c.scenario === scenarioId &&
      (load === undefined || c.concurrency === load),
  );
  if (!cell) throw new Error(`no cell ${providerId} › ${scenarioId}`);
  return cell;
}

function expectMatchesPace(cell: LatencyCell, providerId: string, scenarioId: string): void {
  const want = expected(providerId, scenarioId);
  const where = `${providerId} › ${scenarioId} @ ${cell.concurrency ?? `${cell.ratePerSecond}/s`}`;
  expect(cell.errors, `${where}: ${JSON.stringify(cell.errorKinds)}`).toBe(0);
  const ttft = cell.ttftMs?.p50 as number;
  expect(ttft, `${where} TTFT p50`).toBeGreaterThanOrEqual((want.ttftMs as number) - 0.5);
  expect(ttft, `${where} TTFT p50`).toBeLessThanOrEqual((want.ttftMs as number) + SLACK_MS);
  if (want.chunkGapsMs.length > 0) {
    const gaps = [...want.chunkGapsMs].sort((a, b) => a - b);
    const wantGap = gaps[Math.floor((gaps.length - 1) / 2)] as number;
    const gap = cell.chunkGapMs?.p50 as number;
    expect(gap, `${where} chunk gap p50`).toBeGreaterThanOrEqual(wantGap - 2);
    expect(gap, `${where} chunk gap p50`).toBeLessThanOrEqual(wantGap + GAP_SLACK_MS);
  }
  if (want.itlMs !== undefined) {
    const itl = cell.itlMs?.p50 as number;
    expect(itl, `${where} ITL p50`).toBeGreaterThanOrEqual(want.itlMs - 1);
    expect(itl, `${where} ITL p50`).toBeLessThanOrEqual(want.itlMs * (1 + PACE_DRIFT) + 1);
  } else {
    expect(cell.itlMs, `${where}: no ITL to measure`).toBeUndefined();
  }
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  fixtures = await Promise.all(
    [...MEASURED, FAULTY].flatMap((id) => SCENARIO_IDS.map((s) => loadFixture(shipped, id, s))),
  );
  const expectedKeys = Object.fromEntries(
    PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, `fake-${p.id}-key-4321`]] : [])),
  );
  paced = await startPacedServer([...MEASURED, FAULTY], expectedKeys);
  // Every third request is rate limited.
  faulty = await startFixtureServer({
    fixtures,
    timing: { firstByteMs: 20, chunkGapMs: 5 },
    fault: (_request, index): Fault | undefined =>
      index % 3 === 2 ? { kind: 'status', status: 429 } : undefined,
  });
});

afterAll(async () => {
  await Promise.all([paced?.close(), faulty?.close()]);
  nock.enableNetConnect();
  nock.restore();
});

describe('llmcompat bench, live, against a server of known pace', () => {
  let report: LatencyReport;

  beforeAll(async () => {
    report = await bench(paced, [...MEASURED, FAULTY], SCENARIO_IDS, [{ kind: 'closed', concurrency: 1 }], {
      requests: 3,
      warmup: 1,
      env: keys(provider(FAULTY).keyEnv),
    });
  }, 120_000);

  it.each(MEASURED.flatMap((p) => SCENARIO_IDS.map((s) => [p, s] as const)))(
    '%s › %s: TTFT is D (plus the chunks before the first content), gaps and ITL follow G',
    (providerId, scenarioId) => {
      expectMatchesPace(cellOf(report, providerId, scenarioId), providerId, scenarioId);
    },
  );

  it('skips a provider without its key, saying which variable is missing', () => {
    expect(report.cells.some((c) => c.provider === FAULTY)).toBe(false);
    const skipped = [...(report.skipped ?? [])].sort((a, b) => a.scenario.localeCompare(b.scenario));
    expect(skipped).toEqual(
      [...SCENARIO_IDS]
        .sort()
        .map((s) => ({ provider: FAULTY, scenario: s, reason: `no ${provider(FAULTY).keyEnv}` })),
    );
    expect(report.run).toMatchObject({ mode: 'live', complete: true, prompts: 'fixed', clock: 'relay' });
    expect(report.run.timing).toBeUndefined();
  });

  it('reads output tokens from usage where the wire has it, else estimates them', () => {
    expect(cellOf(report, 'ollama', 'stream.text').tokenSource).toBe('usage');
    expect(cellOf(report, 'anthropic', 'tools.stream').tokenSource).toBe('usage');
    // Cohere's compatibility API sends no usage in a stream.
    expect(cellOf(report, 'cohere', 'stream.text').tokenSource).toBe('estimate');
  });
});

describe('llmcompat bench, live, under load', () => {
  it('keeps TTFT and gaps at D and G with 8 requests in flight', async () => {
    const report = await bench(
      paced,
      ['ollama', 'openai'],
      ['stream.text'],
      [{ kind: 'closed', concurrency: 8 }],
      {
        requests: 16,
        warmup: 8,
      },
    );
    for (const id of ['ollama', 'openai']) {
      const cell = cellOf(report, id, 'stream.text', 8);
      expect(cell).toMatchObject({ requests: 16, warmup: 8, concurrency: 8 });
      expectMatchesPace(cell, id, 'stream.text');
      // 16 requests of ~0.5 s, 8 at a time: about two rounds.
      expect(cell.wallMs).toBeLessThan(16 * 500 * 0.5);
    }
  }, 60_000);

  it('sends open-loop requests at their own pace and times them the same', async () => {
    const report = await bench(paced, ['ollama'], ['chat.basic'], [{ kind: 'open', ratePerSecond: 20 }], {
      requests: 8,
      warmup: 0,
    });
    const cell = cellOf(report, 'ollama', 'chat.basic');
    expect(cell).toMatchObject({ ratePerSecond: 20, requests: 8 });
    expect(cell.concurrency).toBeUndefined();
    expectMatchesPace(cell, 'ollama', 'chat.basic');
  }, 60_000);

  it('times the same on the harness thread (--clock local), and says so', async () => {
    const report = await bench(paced, ['openai'], ['stream.text'], [{ kind: 'closed', concurrency: 1 }], {
      requests: 3,
      warmup: 1,
      clock: 'local',
    });
    expect(report.run.clock).toBe('local');
    expect(report.run.notes?.join('\n')).toMatch(/--clock local/);
    expectMatchesPace(cellOf(report, 'openai', 'stream.text'), 'openai', 'stream.text');
  }, 60_000);

  it('counts failed requests by kind and goes on', async () => {
    const report = await bench(
      faulty,
      ['ollama', 'mistral'],
      ['chat.basic'],
      [{ kind: 'closed', concurrency: 1 }],
      {
        requests: 9,
        warmup: 0,
      },
    );
    for (const id of ['ollama', 'mistral']) {
      const cell = cellOf(report, id, 'chat.basic');
      expect(cell.requests).toBe(9);
      expect(cell.errors).toBe(3);
      expect(cell.errorRate).toBeCloseTo(1 / 3, 12);
      expect(cell.errorKinds).toEqual({ 'rate-limited': 3 });
      expect(cell.ttftMs?.n).toBe(6);
    }
  }, 60_000);
});
