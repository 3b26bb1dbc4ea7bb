import { resolve } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import type { CaseResult } from '../src/core/case-result.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { type FixtureServer, startFixtureServer } from '../src/fixtures/fixture-server.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { describeFailure } from '../src/report/describe-failure.ts';
import { createLiveFetch } from '../src/runner/live-fetch.ts';
import { runLiveCase } from '../src/runner/run-live-case.ts';
import { FAULT_PROVIDERS, FAULT_SCENARIOS } from '../src/scenarios/fault-scenarios.ts';
import { SCENARIOS, type Scenario } from '../src/scenarios/scenarios.ts';
import { holdConsoleInFile, SDK_BAD_CHUNK } from './support/hold-console.ts';

// The same fault fixtures, served over real sockets by the loopback fixture server: the socket faults are real
// ones there (a reset is an RST, a stall an open and silent connection, no headers a request never answered).
// nock refuses every connection from this process beyond loopback.
const fixtureDir = resolve(import.meta.dirname, '..', 'fixtures');
const healthy = SCENARIOS.find((s) => s.id === 'stream.text')!;
const keys = {
  OPENAI_API_KEY: 'fake-openai-key-4321',
  ANTHROPIC_API_KEY: 'fake-anthropic-key-4321',
  GEMINI_API_KEY: 'fake-gemini-key-4321',
  MISTRAL_API_KEY: 'fake-mistral-key-4321',
};
let server: FixtureServer;
const results: CaseResult[] = [];
// The SDKs log the chunks a malformed stream makes them skip; the classification is what these tests check.
holdConsoleInFile(SDK_BAD_CHUNK);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  const fixtures: Fixture[] = await Promise.all(
    FAULT_PROVIDERS.flatMap((provider) =>
      [...FAULT_SCENARIOS, healthy].map((scenario) => loadFixture(fixtureDir, provider, scenario.id)),
    ),
  );
  server = await startFixtureServer({ fixtures });
});

afterAll(async () => {
  await server.close();
  nock.enableNetConnect();
  nock.restore();
});

function run(providerId: string, scenario: Scenario): Promise<CaseResult> {
  const catalog = findProvider(providerId);
  return runLiveCase({
    provider: { ...catalog, baseUrl: server.baseUrlFor(providerId, catalog.baseUrl) },
    scenario,
    mode: 'live',
    env: keys,
    // A fault scenario brings its own fetch (its short timeouts, no retries); the healthy case uses this one.
    fetch: createLiveFetch({ retries: 0 }),
    requireKeys: true,
    repeat: 1,
    fixtureDir,
    secrets: [],
    caseTimeoutMs: 10_000,
  });
}

describe.each(FAULT_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))('%s', (_id, scenario) => {
  const kind = scenario.expect.fault!;

  it.each(FAULT_PROVIDERS)(
    `is classified as ${kind} for %s, and the next case is unaffected`,
    async (provider) => {
      const result = await run(provider, scenario);
      results.push(result);
      expect(result.fault, describeFailure(result)).toMatchObject({ expected: kind, observed: kind });
      expect(result.status, describeFailure(result)).toBe('pass');
      const after = await run(provider, healthy);
      expect(after.outcome, describeFailure(after)).toBe('pass');
    },
  );
});

describe('over real sockets', () => {
  it('resets are real connection resets, and every request reached the loopback server', () => {
    const reset = results.find((r) => r.provider === 'anthropic' && r.scenario === 'faults.connection-reset');
    // undici 7 (Node 24) says ECONNRESET, undici 6 (Node 22) "other side closed": the same reset either way.
    expect(reset?.fault?.message).toMatch(/ECONNRESET|other side closed/);
    // Each fault case and its healthy follower: two requests, none retried.
    expect(server.requests).toHaveLength(2 * FAULT_SCENARIOS.length * FAULT_PROVIDERS.length);
  });

  it('named every fault as the one injected', () => {
    expect(results.map((r) => r.fault?.observed)).toEqual(results.map((r) => r.fault?.expected));
    expect(results).toHaveLength(FAULT_SCENARIOS.length * FAULT_PROVIDERS.length);
  });
});
