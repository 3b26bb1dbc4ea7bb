import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedKeys,
  fakeKeys,
  type PacedServer,
  pacedFigures,
  SHIPPED_FIXTURES,
  startPacedServer,
} from '../bench/support/paced-fixture-server.ts';
import { type CatalogEntry, PROVIDERS } from '../src/catalog/providers.ts';
import { settingsFromEnv } from '../src/config/run-settings.ts';
import type { LatencyCell, LatencyReport } from '../src/core/latency-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type Fault, type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import type { LoadLevel } from '../src/latency/load-level.ts';
import { type BenchClock, runBench } from '../src/latency/run-bench.ts';
import type { DiagnosticsChannels } from '../src/wire/socket-clock.ts';
import { undiciPublishesBodyChunks } from '../src/wire/test-support/undici-body-chunk-events.ts';

// Live mode over real sockets against the loopback fixture server, which sends the first byte D ms after a request
// arrives and each next chunk G ms after the one before (never earlier: it waits on performance.now()). The paced
// server runs in a process of its own, as a provider would: the client's work cannot delay its writes. What a test
// can hold to is what the server guarantees: no request's TTFT or E2E is shorter than the server waited. How close
// the figures come to D and G is a measurement, not a behaviour: `npm run bench:pace` prints it.
const D = 200;
const G = 25;
/**
 * The relay's stamps are monotonic-clock readings moved onto this process's performance.now() by an offset measured
 * at start, to a µs or so: this covers that rounding, nothing more.
 */
const CLOCK_ROUNDING_MS = 0.5;

const PACE = { firstByteMs: D, chunkGapMs: G };
/** Asked of the channel itself: undici 7 (Node 24) publishes body chunk events, undici 6 (Node 22) does not. */
const publishes = await undiciPublishesBodyChunks();
const MEASURED = ['openai', 'cohere', 'anthropic', 'google', 'mistral', 'ollama'];
const SCENARIO_IDS = ['stream.text', 'tools.stream', 'chat.basic'];
const FAULTY = 'together';

const provider = (id: string) => PROVIDERS.find((p) => p.id === id) as CatalogEntry;

let fixtures: Fixture[];
let paced: PacedServer;
let faulty: FixtureServer;

/** Keys for every provider but the faulty one's key variable (so a provider is left without one). */
const keys = (except: string | undefined) => fakeKeys(except);

function fixtureOf(providerId: string, scenarioId: string): Fixture {
  return fixtures.find((f) => f.provider === providerId && f.scenario === scenarioId)!;
}

/** The figures the fixture would give if each of its chunks left exactly at D + i × G. */
const expected = (providerId: string, scenarioId: string) =>
  pacedFigures(fixtureOf(providerId, scenarioId), PACE);

async function bench(
  server: { baseUrls: Record<string, string> } | FixtureServer,
  ids: string[],
  scenarios: string[],
  loads: LoadLevel[],
  extra: {
    requests: number;
    warmup: number;
    env?: Record<string, string>;
    clock?: BenchClock;
    socketChannels?: DiagnosticsChannels;
  },
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
    settings: settingsFromEnv(env),
    loads,
    requests: extra.requests,
    warmup: extra.warmup,
    // The fixture server answers only the recorded requests.
    varyPrompts: false,
    env,
    version: 'test',
    ...(extra.clock ? { clock: extra.clock } : {}),
    ...(extra.socketChannels ? { socketChannels: extra.socketChannels } : {}),
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

/**
 * What the paced server guarantees of every request of the cell: no error, a TTFT and an E2E no shorter than the
 * server waited before the first content chunk and the last one, no ITL or chunk gap where the stream has none.
 * (Where it has them, a busy moment can still merge its chunks into one read: their presence is not certain.)
 */
function expectPaced(cell: LatencyCell, providerId: string, scenarioId: string): void {
  const want = expected(providerId, scenarioId);
  const where = `${providerId} › ${scenarioId} @ ${cell.concurrency ?? `${cell.ratePerSecond}/s`}`;
  expect(cell.errors, `${where}: ${JSON.stringify(cell.errorKinds)}`).toBe(0);
  expect(cell.ttftMs?.n, `${where}: every request timed`).toBe(cell.requests);
  expect(cell.ttftMs?.min, `${where} TTFT min`).toBeGreaterThanOrEqual(
    (want.ttftMs as number) - CLOCK_ROUNDING_MS,
  );
  expect(cell.e2eMs?.min, `${where} E2E min`).toBeGreaterThanOrEqual(
    (want.e2eMs as number) - CLOCK_ROUNDING_MS,
  );
  if (want.chunkGapsMs.length === 0)
    expect(cell.chunkGapMs, `${where}: no chunk gap to measure`).toBeUndefined();
  if (want.itlMs === undefined) expect(cell.itlMs, `${where}: no ITL to measure`).toBeUndefined();
  else if (cell.itlMs !== undefined) expect(cell.itlMs.min, `${where} ITL`).toBeGreaterThan(0);
}

/**
 * An OpenAI-compatible server that answers nothing until `concurrency` requests wait at once, then answers them
 * all: a bench that cannot keep that many in flight gets no answer (its requests time out as errors).
 */
async function startGatheringServer(
  concurrency: number,
): Promise<{ url: string; most: () => number; close(): Promise<void> }> {
  const { response } = fixtureOf('openai', 'chat.basic').exchanges[0]!;
  let waiting: ServerResponse[] = [];
  let most = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      waiting.push(res);
      most = Math.max(most, waiting.length);
      if (waiting.length < concurrency) return;
      for (const held of waiting) {
        held.writeHead(response.status, response.headers);
        held.end(response.chunks.map((chunk) => chunk.text).join(''));
      }
      waiting = [];
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    most: () => most,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  fixtures = await Promise.all(
    [...MEASURED, FAULTY].flatMap((id) => SCENARIO_IDS.map((s) => loadFixture(SHIPPED_FIXTURES, id, s))),
  );
  paced = await startPacedServer({
    providers: [...MEASURED, FAULTY],
    scenarios: SCENARIO_IDS,
    keys: expectedKeys(),
    pace: PACE,
  });
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
    '%s › %s: no TTFT or E2E shorter than the server waited, no ITL where the stream has none',
    (providerId, scenarioId) => {
      expectPaced(cellOf(report, providerId, scenarioId), providerId, scenarioId);
    },
  );

  it('skips a provider without its key, saying which variable is missing', () => {
    expect(report.cells.some((c) => c.provider === FAULTY)).toBe(false);
    const skipped = [...(report.skipped ?? [])].sort((a, b) => a.scenario.localeCompare(b.scenario));
    expect(skipped).toEqual(
      [...SCENARIO_IDS].sort().map((s) => ({
        provider: FAULTY,
        scenario: s,
        reason: `no ${provider(FAULTY).keyEnv}`,
        missingKey: provider(FAULTY).keyEnv,
      })),
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
  it('times every request the same with 8 in flight', async () => {
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
      expectPaced(cell, id, 'stream.text');
    }
  }, 60_000);

  it('has 8 requests waiting at the server at once at concurrency 8', async () => {
    const server = await startGatheringServer(8);
    try {
      const env = {
        LLMCOMPAT_MODE: 'live',
        LLMCOMPAT_PROVIDERS: 'openai',
        LLMCOMPAT_SCENARIOS: 'chat.basic',
        LLMCOMPAT_BASE_URLS: `openai=${server.url}`,
        // Only a bench that cannot gather 8 requests waits this long: its requests then fail, and the test says so.
        LLMCOMPAT_REQUEST_TIMEOUT_MS: '20000',
        ...keys(undefined),
      };
      const report = await runBench({
        settings: settingsFromEnv(env),
        loads: [{ kind: 'closed', concurrency: 8 }],
        requests: 16,
        warmup: 8,
        varyPrompts: false,
        env,
        version: 'test',
      });
      const cell = cellOf(report, 'openai', 'chat.basic', 8);
      expect(cell, JSON.stringify(cell.errorKinds)).toMatchObject({ requests: 16, errors: 0 });
      expect(server.most()).toBe(8);
    } finally {
      await server.close();
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
    expectPaced(cell, 'ollama', 'chat.basic');
  }, 60_000);

  it('times on the harness thread (--clock local) once the self-check passed, else by the tap, and says which', async () => {
    const report = await bench(paced, ['openai'], ['stream.text'], [{ kind: 'closed', concurrency: 1 }], {
      requests: 3,
      warmup: 1,
      clock: 'local',
    });
    if (publishes) {
      expect(report.run.clock).toBe('local');
      expect(report.run.clockFallback).toBeUndefined();
      expect(report.run.notes?.join('\n')).toMatch(
        /--clock local\), from undici's diagnostics channels, which passed/,
      );
    } else {
      // undici 6 (Node 22) publishes no body chunk events: the check says so and the tap times the run.
      expect(report.run.clock).toBe('tap');
      expect(report.run.clockFallback).toMatch(/^no body chunk event came/);
    }
    expectPaced(cellOf(report, 'openai', 'stream.text'), 'openai', 'stream.text');
  }, 60_000);

  it('falls back to the tap clock when the channels fail their self-check, and says why', async () => {
    // A stand-in for a Node whose undici publishes nothing on its diagnostics channels.
    const silent: DiagnosticsChannels = { subscribe: () => {}, unsubscribe: () => {} };
    const report = await bench(paced, ['openai'], ['stream.text'], [{ kind: 'closed', concurrency: 1 }], {
      requests: 2,
      warmup: 0,
      clock: 'local',
      socketChannels: silent,
    });
    expect(report.run).toMatchObject({
      clock: 'tap',
      clockFallback: 'no headers event came for the response (loopback /gaps)',
      complete: true,
    });
    expect(report.run.notes?.join('\n')).toContain(
      "--clock local was asked for, but undici's diagnostics channels failed the self-check at start (no " +
        'headers event came for the response (loopback /gaps))',
    );
    expectPaced(cellOf(report, 'openai', 'stream.text'), 'openai', 'stream.text');
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
