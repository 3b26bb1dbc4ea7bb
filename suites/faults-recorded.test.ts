import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProvider } from '../src/catalog/catalog.ts';
import { type CaseResult, failsRun } from '../src/core/case-result.ts';
import { createReplayServer, type ReplayServer } from '../src/fixtures/replay.ts';
import { describeFailure } from '../src/report/describe-failure.ts';
import { runRecordedCase } from '../src/runner/run-recorded-case.ts';
import { FAULT_PROVIDERS, FAULT_SCENARIOS } from '../src/scenarios/fault-scenarios.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';
import { holdConsoleInFile, SDK_BAD_CHUNK } from './support/hold-console.ts';
import '../src/report/case-meta.ts';

// Every fault × protocol replayed by msw in this one process, each followed by a healthy case of the same
// provider: the fault is named, the process carries on, and the case after it is untouched. Fault scenarios run
// with no retries, so a 429 is what is observed rather than retried away.
const fixtureDir = resolve(import.meta.dirname, '..', 'fixtures');
const healthy = SCENARIOS.find((s) => s.id === 'stream.text')!;
let replay: ReplayServer;
const results: CaseResult[] = [];
// The SDKs log the chunks a malformed stream makes them skip; the classification is what these tests check.
holdConsoleInFile(SDK_BAD_CHUNK);

beforeAll(() => {
  replay = createReplayServer();
});
afterAll(async () => {
  await replay.close();
});

const run = (providerId: string, scenario = healthy) =>
  runRecordedCase({ provider: findProvider(providerId), scenario, replay, fixtureDir });

describe.each(FAULT_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))('%s', (_id, scenario) => {
  const kind = scenario.expect.fault!;

  it.for(FAULT_PROVIDERS)(
    `is classified as ${kind} for %s, and the next case is unaffected`,
    async (provider, { task }) => {
      const result = await run(provider, scenario);
      results.push(result);
      // The matrix reporter shows it in the fault section of the `npm test` matrix.
      task.meta.llmcompat = result;
      expect(result.fault, describeFailure(result)).toMatchObject({ expected: kind, observed: kind });
      expect(result.status, describeFailure(result)).toBe('pass');
      expect(failsRun(result.outcome)).toBe(false);
      const after = await run(provider);
      expect(after.outcome, describeFailure(after)).toBe('pass');
    },
  );
});

describe('what the classifications say', () => {
  const find = (provider: string, scenario: string) =>
    results.find((r) => r.provider === provider && r.scenario === scenario)?.fault;

  it('rate-limited names the wait the provider asked for, or says it gave none', () => {
    expect(find('openai', 'faults.rate-limited')?.message).toContain('wait 20 s (Retry-After: 20)');
    expect(find('anthropic', 'faults.rate-limited')?.retryAfter).toEqual({
      said: 'Retry-After: 20',
      seconds: 20,
    });
    expect(find('google', 'faults.rate-limited')?.message).toContain('wait 34 s (RetryInfo.retryDelay: 34s)');
    expect(find('mistral', 'faults.rate-limited')?.message).toContain('gave no Retry-After');
  });

  it('timeouts and the size cap name their limits', () => {
    expect(find('openai', 'faults.first-byte-timeout')?.message).toContain(
      'no response headers within 300 ms',
    );
    expect(find('anthropic', 'faults.stream-stall')?.message).toContain('no bytes for 300 ms');
    expect(find('google', 'faults.oversized')?.message).toMatch(
      /past the 1 MB cap \(maxResponseBytes 1048576\)/,
    );
  });

  it('tells an adapter that raised the fault from one that returned an answer as if nothing had happened', () => {
    expect(find('openai', 'faults.connection-reset')?.raised).toBe(true);
    const unfinished = results.find((r) => r.provider === 'openai' && r.scenario === 'faults.missing-finish');
    expect(unfinished?.fault?.raised).toBe(false);
    expect(unfinished?.fault?.message).toMatch(
      /^the stream ended between events with no finish reason and no end marker/,
    );
    // The same stream cut half-way through its finish event: truncated, and this SDK raises on the half event.
    expect(find('openai', 'faults.truncated-stream')).toMatchObject({
      observed: 'truncated-stream',
      raised: true,
    });
    expect(unfinished?.diagnostics.map((d) => `${d.severity}:${d.code}`)).toEqual([
      'info:fault-classified',
      'deviation:fault-not-raised',
    ]);
  });

  it('a harmless framing is named, and whether the adapter coped with it is said', () => {
    expect(find('anthropic', 'faults.keepalive-comments')).toMatchObject({ raised: false, coped: true });
    expect(find('ollama', 'faults.keepalive-comments')?.message).toContain(
      'blank line(s) between the NDJSON',
    );
    const openai = results.find((r) => r.provider === 'openai' && r.scenario === 'faults.keepalive-comments');
    expect(openai?.fault).toMatchObject({ observed: 'keepalive-comments', raised: true, coped: false });
    expect(openai?.diagnostics.map((d) => d.code)).toEqual(['fault-classified', 'quirk-not-coped']);
    // CRLF is every SDK's framing to read: all five cope, and the message counts the line breaks it saw.
    for (const provider of FAULT_PROVIDERS) {
      expect(find(provider, 'faults.crlf-framing')).toMatchObject({ observed: 'crlf-framing', coped: true });
    }
    expect(find('mistral', 'faults.crlf-framing')?.message).toMatch(/^all \d+ line break\(s\) are CRLF/);
  });

  it('a read boundary inside a character or an event is named, and every SDK reassembles the answer', () => {
    for (const provider of FAULT_PROVIDERS) {
      expect(find(provider, 'faults.utf8-split')).toMatchObject({ observed: 'utf8-split', coped: true });
      expect(find(provider, 'faults.utf8-split')?.message).toContain('1 byte(s) into "€" (U+20AC)');
      expect(find(provider, 'faults.json-split')).toMatchObject({ observed: 'json-split', coped: true });
      const answer = results.find((r) => r.provider === provider && r.scenario === 'faults.utf8-split');
      expect(answer?.observed?.text?.text).toMatch(/^1 2 3 4 5 6 7 8 9 10 €\n?$/);
    }
  });

  it('ran every fault × protocol in this process', () => {
    expect(results).toHaveLength(FAULT_SCENARIOS.length * FAULT_PROVIDERS.length);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });
});
