import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { LatencyReport } from '../src/core/latency-report.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { requestMetrics } from '../src/latency/request-metrics.ts';
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
 * The replay waits on performance.now() until each chunk's recorded offset from the client's send: no request's TTFT
 * or E2E can come out shorter than the fixture's. How much later they come out (the harness's cost, a busy machine)
 * is a measurement, which `npm run bench:pace` prints; a test holds only to the bound.
 */
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
    "%s › %s: no request is faster than the fixture's own offsets",
    async (providerId, scenarioId) => {
      const want = await fromFixture(providerId, scenarioId);
      const cell = report.cells.find((c) => c.provider === providerId && c.scenario === scenarioId)!;
      expect(cell.ttftMs?.n).toBe(4);
      expect(cell.ttftMs?.min).toBeGreaterThanOrEqual(want.ttftMs as number);
      expect(cell.e2eMs?.min).toBeGreaterThanOrEqual(want.e2eMs as number);
      expect(cell.tokenSource).toBe(want.tokenSource);
      // Whether a request has an ITL depends on its content arriving in two reads or more, which a busy moment can
      // merge: only its absence, where the fixture has none, is certain.
      if (want.itlMs === undefined) expect(cell.itlMs).toBeUndefined();
      else if (cell.itlMs !== undefined) expect(cell.itlMs.min).toBeGreaterThan(0);
    },
  );
});
