// How close bench's figures come to a pace known in advance: the figures the tests may not assert (a latency within
// a slack is a measurement, not a behaviour), printed with the machine and its load.
// npm run bench:pace   (env BENCH_QUICK=1: fewer requests)
//
// Live: the fixture server in a child process sends the first byte D ms after each request and each next chunk G
// ms after the one before; bench measures it through each clock (the stamping relay, the local socket clock, the
// tap's own reads) at c = 1 and c = 8. Recorded: every shipped fixture replayed at its recorded offsets (--timing
// recorded) at c = 4. Each figure is printed as a cell's p50 − what the pace gives, in ms: TTFT and E2E are never
// negative (nothing arrives before it is sent); a gap or ITL can be, when a stream's first chunk came late.
import { performance } from 'node:perf_hooks';
import { PROVIDERS } from '../src/catalog/providers.ts';
import { settingsFromEnv } from '../src/config/run-settings.ts';
import type { LatencyCell, LatencyReport } from '../src/core/latency-report.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import type { LoadLevel } from '../src/latency/load-level.ts';
import { runBench } from '../src/latency/run-bench.ts';
import { describeMachine, loadAverage } from './support/machine.ts';
import {
  expectedKeys,
  fakeKeys,
  pacedFigures,
  recordedFigures,
  SHIPPED_FIXTURES,
  startPacedServer,
} from './support/paced-fixture-server.ts';
import { median } from './support/stats.ts';

const PACE = { firstByteMs: 200, chunkGapMs: 25 };
const LIVE_PROVIDERS = ['openai', 'cohere', 'anthropic', 'google', 'mistral', 'ollama'];
const SCENARIO_IDS = ['stream.text', 'tools.stream', 'chat.basic'];
const quick = process.env.BENCH_QUICK === '1';
const LIVE_LEVELS = [
  { load: { kind: 'closed', concurrency: 1 } as LoadLevel, requests: quick ? 3 : 10, warmup: 2 },
  { load: { kind: 'closed', concurrency: 8 } as LoadLevel, requests: quick ? 8 : 32, warmup: 8 },
];
const CLOCKS = ['relay', 'local', 'tap'] as const;

interface Row {
  what: string;
  ttft: number[];
  e2e: number[];
  gap: number[];
  itl: number[];
  errors: number;
  skewed: number;
}

const fixed = (values: number[], pick: (sorted: number[]) => number | undefined) => {
  const sorted = [...values].sort((a, b) => a - b);
  const value = pick(sorted);
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(1);
};

function printRows(rows: Row[]): void {
  const header = ['', 'TTFT p50 late (med / max)', 'E2E', 'chunk gap', 'ITL', 'errors', 'skewed'];
  const lines = rows.map((row) => [
    row.what,
    `${fixed(row.ttft, (s) => median(s))} / ${fixed(row.ttft, (s) => s.at(-1))}`,
    `${fixed(row.e2e, (s) => median(s))} / ${fixed(row.e2e, (s) => s.at(-1))}`,
    `${fixed(row.gap, (s) => median(s))} / ${fixed(row.gap, (s) => s.at(-1))}`,
    `${fixed(row.itl, (s) => median(s))} / ${fixed(row.itl, (s) => s.at(-1))}`,
    String(row.errors),
    String(row.skewed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] as string).length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

/** Per cell: the p50 of each figure minus what the pace (or the recording) makes it. */
function addCell(row: Row, cell: LatencyCell, want: ReturnType<typeof pacedFigures>): void {
  row.errors += cell.errors;
  if (cell.eventLoop.skewed) row.skewed++;
  if (cell.ttftMs && want.ttftMs !== undefined) row.ttft.push(cell.ttftMs.p50 - want.ttftMs);
  if (cell.e2eMs && want.e2eMs !== undefined) row.e2e.push(cell.e2eMs.p50 - want.e2eMs);
  if (cell.itlMs && want.itlMs !== undefined) row.itl.push(cell.itlMs.p50 - want.itlMs);
  if (cell.chunkGapMs && want.chunkGapsMs.length > 0)
    row.gap.push(cell.chunkGapMs.p50 - median(want.chunkGapsMs));
}

async function live(rows: Row[]): Promise<void> {
  const fixtures = await Promise.all(
    LIVE_PROVIDERS.flatMap((p) => SCENARIO_IDS.map((s) => loadFixture(SHIPPED_FIXTURES, p, s))),
  );
  const server = await startPacedServer({
    providers: LIVE_PROVIDERS,
    scenarios: SCENARIO_IDS,
    keys: expectedKeys(),
    pace: PACE,
  });
  try {
    for (const clock of CLOCKS) {
      for (const level of LIVE_LEVELS) {
        const env = {
          LLMCOMPAT_MODE: 'live',
          LLMCOMPAT_PROVIDERS: LIVE_PROVIDERS.join(','),
          LLMCOMPAT_SCENARIOS: SCENARIO_IDS.join(','),
          LLMCOMPAT_BASE_URLS: LIVE_PROVIDERS.map((id) => `${id}=${server.baseUrls[id]}`).join(','),
          ...fakeKeys(),
        };
        const report: LatencyReport = await runBench({
          settings: settingsFromEnv(env),
          loads: [level.load],
          requests: level.requests,
          warmup: level.warmup,
          varyPrompts: false,
          env,
          version: 'bench',
          // The tap clock is what --clock local falls back to: a channel that delivers nothing fails the check.
          ...(clock === 'relay' ? { clock } : { clock: 'local' }),
          ...(clock === 'tap' ? { socketChannels: { subscribe: () => {}, unsubscribe: () => {} } } : {}),
        });
        const concurrency = level.load.kind === 'closed' ? level.load.concurrency : 0;
        const row: Row = {
          what: `live, ${report.run.clock} clock, c=${concurrency}`,
          ttft: [],
          e2e: [],
          gap: [],
          itl: [],
          errors: 0,
          skewed: 0,
        };
        for (const cell of report.cells) {
          const fixture = fixtures.find((f) => f.provider === cell.provider && f.scenario === cell.scenario)!;
          addCell(row, cell, pacedFigures(fixture, PACE));
        }
        rows.push(row);
      }
    }
  } finally {
    await server.close();
  }
}

async function recorded(rows: Row[]): Promise<void> {
  const settings = settingsFromEnv({
    LLMCOMPAT_SCENARIOS: SCENARIO_IDS.join(','),
    LLMCOMPAT_TIMING: 'recorded',
  });
  const report = await runBench({
    settings,
    loads: [{ kind: 'closed', concurrency: 4 }],
    requests: 4,
    warmup: 0,
    version: 'bench',
  });
  const row: Row = {
    what: 'recorded timing, c=4',
    ttft: [],
    e2e: [],
    gap: [],
    itl: [],
    errors: 0,
    skewed: 0,
  };
  for (const cell of report.cells) {
    const fixture = await loadFixture(SHIPPED_FIXTURES, cell.provider, cell.scenario);
    addCell(row, cell, recordedFigures(fixture));
  }
  rows.push(row);
  const ttft = [...row.ttft].sort((a, b) => a - b);
  const within = ttft.filter((late) => late <= 15).length;
  console.log(
    `recorded: ${report.cells.length} cells of ${PROVIDERS.length} providers; TTFT p50 within 15 ms of the ` +
      `recorded offset in ${within} of ${ttft.length} cells`,
  );
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);
  console.log(
    `live: paced fixture server in a child process, first byte ${PACE.firstByteMs} ms, chunk gap ` +
      `${PACE.chunkGapMs} ms; ${LIVE_PROVIDERS.length} providers × ${SCENARIO_IDS.length} scenarios; ` +
      LIVE_LEVELS.map(
        (l) =>
          `${l.requests} requests + ${l.warmup} warm-up at c=${l.load.kind === 'closed' ? l.load.concurrency : '?'}`,
      ).join(', '),
  );
  const rows: Row[] = [];
  await live(rows);
  await recorded(rows);
  console.log(
    "\nper row: each cell's p50 minus the figure the pace (or the recording) gives, median / max over the cells, ms\n",
  );
  printRows(rows);
  console.log(`\nload average at end: ${loadAverage()}`);
  console.log(`took ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

await main();
