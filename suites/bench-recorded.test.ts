import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyReport } from '../src/bench/latency-report.ts';
import { requestMetrics } from '../src/bench/request-metrics.ts';
import { PROVIDERS } from '../src/catalog/providers.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { SCENARIOS } from '../src/scenarios/scenarios.ts';

// `llmcompat bench --mode recorded --timing recorded` in a child process: msw replays every chunk at its recorded
// offset, so the report must give back each fixture's own timings. The replay's catch-all handler answers every
// request (a fixture's answer, or a 404), so nothing can pass through to the network. (The offline watch of
// suites/support cannot be preloaded here: msw 3 intercepts at the socket, after undici announces the connection.)
const root = resolve(import.meta.dirname, '..');
const shipped = join(root, 'fixtures');
const run = promisify(execFile);
const SCENARIO_IDS = ['stream.text', 'tools.stream', 'chat.basic'];
/**
 * Replay sleeps to each offset (timers fire late, never early) and the chunk crosses msw and the SDK: typically
 * 1–4 ms late, which the median over all cells must show, and nearly every cell within CLOSE_MS. A busy machine
 * can make a cell later (its four requests run side by side, so one stall reaches them all): no cell beyond LATE_MS.
 */
const EARLY_MS = 1;
const TYPICAL_LATE_MS = 5;
const CLOSE_MS = 15;
const CLOSE_SHARE = 0.9;
const LATE_MS = 50;

const entry = `const { benchCommand } = await import(${JSON.stringify(pathToFileURL(join(root, 'src/cli/bench-command.ts')).href)});
process.exitCode = await benchCommand(process.argv.slice(1));`;

async function bench(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--input-type=module', '-e', entry, '--', ...args],
      { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 32 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The fixture's own figures, read the same way from its recorded chunks. */
async function fromFixture(providerId: string, scenarioId: string) {
  const fixture = await loadFixture(shipped, providerId, scenarioId);
  const { chunks } = fixture.exchanges[0]!.response;
  const protocol = PROVIDERS.find((p) => p.id === providerId)!.protocol;
  const stream = SCENARIOS.find((s) => s.id === scenarioId)!.stream;
  return requestMetrics(
    { request: { method: 'POST', url: '', headers: {} }, chunks, tEnd: chunks.at(-1)!.t, complete: true },
    protocol,
    stream,
  );
}

let out: string;
let result: Awaited<ReturnType<typeof bench>>;
let report: LatencyReport;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'llmcompat-bench-'));
  // Four requests in flight at once: four samples of every fixture in the time of one.
  const args = '--mode recorded --timing recorded --requests 4 --warmup 0 --concurrency 4 --out';
  result = await bench([...args.split(' '), out]);
  if (result.code === 0)
    report = JSON.parse(await readFile(join(out, 'latency.json'), 'utf8')) as LatencyReport;
}, 120_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('llmcompat bench --mode recorded --timing recorded', () => {
  it('measures every provider offline, writes the reports and prints the table', async () => {
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const name of ['latency.json', 'latency.md', 'latency.html']) {
      expect((await stat(join(out, name))).size, name).toBeGreaterThan(1000);
    }
    expect(await readFile(join(out, 'latency.html'), 'utf8')).toContain('<svg');
    for (const p of PROVIDERS) expect(result.stdout).toContain(p.id);
    expect(result.stdout).toContain('TTFT');
  });

  it('is a complete, versioned report of 10 providers × 3 scenarios, prompts fixed as recorded', () => {
    expect(report).toMatchObject({ schema: 1, kind: 'latency' });
    expect(report.run).toMatchObject({
      mode: 'recorded',
      timing: 'recorded',
      complete: true,
      prompts: 'fixed',
    });
    expect(report.run.notes?.join(' ')).toMatch(/not varied/);
    expect(report.skipped).toBeUndefined();
    expect(report.cells).toHaveLength(PROVIDERS.length * SCENARIO_IDS.length);
    for (const cell of report.cells) {
      expect(cell, `${cell.provider} › ${cell.scenario}`).toMatchObject({
        concurrency: 4,
        requests: 4,
        errors: 0,
      });
    }
  });

  it.each(PROVIDERS.flatMap((p) => SCENARIO_IDS.map((s) => [p.id, s] as const)))(
    "%s › %s: the percentiles give back the fixture's own offsets",
    async (providerId, scenarioId) => {
      const want = await fromFixture(providerId, scenarioId);
      const cell = report.cells.find((c) => c.provider === providerId && c.scenario === scenarioId)!;
      const late = LATE_MS + cell.eventLoop.maxMs;
      const where = `event loop p99 ${cell.eventLoop.p99Ms.toFixed(1)} ms, max ${cell.eventLoop.maxMs.toFixed(1)} ms`;
      const ttft = cell.ttftMs?.p50 as number;
      expect(ttft).toBeGreaterThanOrEqual((want.ttftMs as number) - EARLY_MS);
      expect(ttft, where).toBeLessThanOrEqual((want.ttftMs as number) + late);
      const e2e = cell.e2eMs?.p50 as number;
      expect(e2e).toBeGreaterThanOrEqual((want.e2eMs as number) - EARLY_MS);
      expect(e2e, where).toBeLessThanOrEqual((want.e2eMs as number) + late);
      expect(cell.tokenSource).toBe(want.tokenSource);
      if (want.itlMs === undefined) {
        expect(cell.itlMs).toBeUndefined();
      } else {
        const allowed = (EARLY_MS + late) / ((want.outputTokens as number) - 1);
        expect(Math.abs((cell.itlMs?.p50 as number) - want.itlMs)).toBeLessThanOrEqual(allowed);
      }
    },
  );

  it(`is typically within ${TYPICAL_LATE_MS} ms of the recorded first-token offsets`, async () => {
    const lateness = await Promise.all(
      report.cells.map(async (cell) => {
        const want = await fromFixture(cell.provider, cell.scenario);
        return (cell.ttftMs?.p50 as number) - (want.ttftMs as number);
      }),
    );
    const sorted = lateness.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    expect(median).toBeGreaterThanOrEqual(-EARLY_MS);
    expect(median).toBeLessThanOrEqual(TYPICAL_LATE_MS);
    const close = sorted.filter((late) => late <= CLOSE_MS).length;
    expect(
      close,
      `TTFT p50 minus recorded offset, per cell: ${sorted.map((l) => l.toFixed(1)).join(' ')}`,
    ).toBeGreaterThanOrEqual(Math.ceil(CLOSE_SHARE * sorted.length));
  });
});
