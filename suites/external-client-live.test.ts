import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { type RunReport, runConformance } from '../src/index.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';

// Live mode through an external client: the Python reference client against the loopback fixture server standing in
// for the six OpenAI-compatible providers, its requests going through llmcompat's gateway and live fetch (timeouts,
// retries, the concurrency cap). nock refuses every connection beyond loopback from this process; the client's only
// address is the gateway on 127.0.0.1.
const SIX = ['openai', 'cohere', 'openrouter', 'together', 'google-openai', 'ollama-openai'];
const six = PROVIDERS.filter((p) => SIX.includes(p.id));
const keys = Object.fromEntries(six.flatMap((p) => (p.keyEnv ? [[p.keyEnv, `fake-${p.id}-key-4321`]] : [])));

let server: FixtureServer;
/** Requests the fixtures answer: one per exchange (two for a tool round trip that reaches its second turn). */
let exchanges = 0;
let config: Parameters<typeof runConformance>[0];

/** Per cell: its outcome and diagnostic codes, free of timings. */
const matrixOf = (report: RunReport) =>
  report.cases.map(
    (c) => `${c.provider}/${c.scenario}: ${c.outcome} [${c.diagnostics.map((d) => d.code).sort()}]`,
  );

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  process.env.PYTHONDONTWRITEBYTECODE = '1';
  const fixtures: Fixture[] = await Promise.all(
    six.flatMap((p) => SCENARIOS.map((s) => loadFixture('fixtures', p.id, s.id))),
  );
  const expected = Object.fromEntries(
    six.flatMap((p) => (p.keyEnv ? [[p.id, keys[p.keyEnv] as string]] : [])),
  );
  server = await startFixtureServer({ fixtures, keys: expected });
  exchanges = fixtures.reduce((sum, fixture) => sum + fixture.exchanges.length, 0);
  config = {
    mode: 'live',
    providers: SIX,
    env: keys,
    config: {
      providers: Object.fromEntries(six.map((p) => [p.id, { baseUrl: server.baseUrlFor(p.id, p.baseUrl) }])),
      live: { retries: 0 },
    },
  };
});

afterAll(async () => {
  await server.close();
  nock.enableNetConnect();
  nock.restore();
});

describe('runConformance({ mode: live, client })', () => {
  it('fills the same matrix as the built-in adapter, every request the client’s own', async () => {
    const builtIn = await runConformance(config);
    const sentBefore = server.requests.length;
    const python = await runConformance({ ...config, client: 'python-reference' });
    expect(python.run.client).toEqual({ name: 'python-reference', version: '0.1.0' });
    expect(python.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'error')).toEqual([]);
    expect(matrixOf(python)).toEqual(matrixOf(builtIn));
    // The harness's own probe of the keyless server (Ollama) addresses the origin, no provider.
    const sent = server.requests.slice(sentBefore).filter((r) => r.provider !== '');
    // One request per exchange of the fixtures (a round trip has two), each from Python's urllib with the key.
    expect(sent).toHaveLength(exchanges);
    expect(sent.every((r) => r.headers['user-agent']?.startsWith('llmcompat-python-reference/0.1.0'))).toBe(
      true,
    );
    const openai = sent.find((r) => r.provider === 'openai' && r.fixture === 'openai/chat.basic#1');
    expect(openai?.key).toBe('****4321');
  }, 60_000);
});
