// TTFT error of each client: when it saw the first content delta minus when the server wrote that chunk.
// npm run bench:accuracy   (env BENCH_QUICK=1: a short run; BENCH_STAGGER_MS=20: all workers start within 20 ms)
import { performance } from 'node:perf_hooks';
import { distribution } from '../src/latency/percentiles.ts';
import { performanceToMonotonicOffset } from '../src/wire/monotonic-clock.ts';
import { type StampingRelay, startStampingRelay } from '../src/wire/relay/stamping-relay.ts';
import { createSocketClock, type SocketClock } from '../src/wire/socket-clock.ts';
import {
  type Client,
  fetchClient,
  harnessClient,
  nodeHttpClient,
  openAiSdkClient,
} from './support/accuracy-clients.ts';
import { closedLoop, type LoopRun } from './support/closed-loop.ts';
import { startLoopbackServer } from './support/loopback-server.ts';
import { describeMachine, loadAverage } from './support/machine.ts';
import type { FirstContent } from './support/openai-sse.ts';
import { median } from './support/stats.ts';

const FIRST_BYTE_MS = 200;
const CHUNK_GAP_MS = 20;
const TOKENS = 10;
// A server with one fixed delay keeps requests in the phase they started in: workers start spread over one request's
// length, as in a steady closed loop, rather than all first chunks landing within the same few ms.
const STAGGER_MS = Number(process.env.BENCH_STAGGER_MS ?? FIRST_BYTE_MS + TOKENS * CHUNK_GAP_MS);
const quick = process.env.BENCH_QUICK === '1';
const WARMUP_ROUNDS = quick ? 1 : 8;
// Each level runs in rounds, every client once per round, so a busy spell of a shared machine hits all alike.
const LEVELS = quick
  ? [
      { concurrency: 1, rounds: 2, perRound: 2 },
      { concurrency: 64, rounds: 1, perRound: 64 },
    ]
  : [
      { concurrency: 1, rounds: 3, perRound: 4 },
      { concurrency: 64, rounds: 16, perRound: 64 },
      { concurrency: 512, rounds: 2, perRound: 512 },
    ];

interface Row {
  client: string;
  concurrency: number;
  n: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
  loopDelayP99: number;
  cpuShare: number;
}

interface ClientSpec {
  name: string;
  make: (baseUrl: string) => Client;
}

function clientSpecs(relay: StampingRelay, socket: SocketClock): ClientSpec[] {
  return [
    { name: '(a) node:http bytes (floor)', make: nodeHttpClient },
    { name: '(b) fetch bytes', make: fetchClient },
    { name: '(c) openai SDK stream', make: openAiSdkClient },
    { name: '(d) harness, tap clock', make: (url) => harnessClient(url) },
    { name: '(d) harness, local socket clock', make: (url) => harnessClient(url, socket.wrap()) },
    { name: '(d) harness, relay clock', make: (url) => harnessClient(url, relay.wrap()) },
  ];
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}

function printTable(rows: Row[]): void {
  const header = ['client', 'c', 'n', 'fail', 'p50 ms', 'p99 ms', 'max ms', 'loop p99 ms', 'cpu'];
  const lines = rows.map((row) => [
    row.client,
    String(row.concurrency),
    String(row.n),
    String(row.failures),
    fixed(row.p50),
    fixed(row.p99),
    fixed(row.max),
    fixed(row.loopDelayP99),
    `${Math.round(row.cpuShare * 100)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] as string).length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let previous: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    if (previous !== undefined && row.concurrency !== previous) console.log('');
    previous = row.concurrency;
    console.log(format(lines[i] as string[]));
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const server = await startLoopbackServer({
    kind: 'paced',
    firstByteMs: FIRST_BYTE_MS,
    chunkGapMs: CHUNK_GAP_MS,
    tokens: TOKENS,
  });
  const relay = await startStampingRelay();
  const socket = createSocketClock();
  const CLIENTS = clientSpecs(relay, socket);
  const offset = performanceToMonotonicOffset();
  const clock = await server.clockCheck();
  if (clock.minMs < 0)
    throw new Error(`the server's clock is not this process's: IPC delay ${clock.minMs} ms`);
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);
  console.log(
    `server: child process at nice 10, first byte ${FIRST_BYTE_MS} ms, chunk gap ${CHUNK_GAP_MS} ms, ${TOKENS} content chunks; ` +
      `shared monotonic clock (IPC child→parent min ${clock.minMs.toFixed(3)} ms, never negative)`,
  );
  console.log(
    `closed loop, workers' starts spread over ${STAGGER_MS} ms; each client first warmed up with ` +
      `${WARMUP_ROUNDS * 64} requests at c=64 (discarded); each level in rounds, every client once per round`,
  );
  console.log('TTFT error = client sees first content delta − server write time of that chunk\n');

  const rows: Row[] = [];
  try {
    for (const spec of CLIENTS) {
      // Warm-up, discarded: a client's first few hundred requests run slower code (JIT tiers) on a smaller heap
      // (more collections) and open its connections; the figures are of the steady state after.
      for (let round = 0; round < WARMUP_ROUNDS; round++) {
        await closedLoop(spec.make(server.url), 64, 64, STAGGER_MS);
      }
    }
    for (const { concurrency, rounds, perRound } of LEVELS) {
      const runs = new Map<ClientSpec, LoopRun<FirstContent>[]>(CLIENTS.map((spec) => [spec, []]));
      for (let round = 0; round < rounds; round++) {
        for (const spec of CLIENTS) {
          const client = spec.make(server.url);
          runs.get(spec)?.push(await closedLoop(client, concurrency, perRound, STAGGER_MS));
        }
      }
      for (const spec of CLIENTS) {
        const done = runs.get(spec) ?? [];
        const errors = done.flatMap((run) =>
          run.results.map((first) => first.seenAt + offset - first.writtenAt),
        );
        const summary = distribution(errors);
        rows.push({
          client: spec.name,
          concurrency,
          n: summary?.n ?? 0,
          failures: done.reduce((sum, run) => sum + run.failures, 0),
          p50: summary?.p50 ?? Number.NaN,
          p99: summary?.p99 ?? Number.NaN,
          max: summary?.max ?? Number.NaN,
          loopDelayP99: median(done.map((run) => run.loopDelayP99Ms)),
          cpuShare: median(done.map((run) => run.cpuShare)),
        });
        const failed = done.find((run) => run.firstFailure !== undefined);
        if (failed) console.log(`  ${spec.name} c=${concurrency}: first failure: ${failed.firstFailure}`);
      }
    }
  } finally {
    socket.close();
    await server.close();
    await relay.close();
  }
  printTable(rows);
  console.log(`\nload average at end: ${loadAverage()}`);
  console.log(
    "(d) is runCase's stream.text case (adapter, wire tap, collectStream, checks), timed by the tap: by its own " +
      'reads (tap clock: run, record), by when undici parsed the bytes on the same thread (local socket clock, ' +
      "src/wire/socket-clock.ts; bench --clock local), or by the stamping relay's thread (relay clock, " +
      "src/wire/relay/; bench's default).",
  );
  console.log(
    'reference (issue 4, p99 at c=64): node:http 0.5 ms, fetch 5.3 ms, openai SDK 7.4 ms; target: harness ≤ 1 ms.',
  );
  console.log(`took ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

await main();
