// The harness's own CPU cost per chunk, next to the floor (raw fetch) and the openai SDK alone.
// npm run bench:overhead   (env BENCH_RUNS=n to change the number of measured runs)
import { performance } from 'node:perf_hooks';
import { type StampingRelay, startStampingRelay } from '../src/wire/relay/stamping-relay.ts';
import { createSocketClock, type SocketClock } from '../src/wire/socket-clock.ts';
import { startLoopbackServer } from './support/loopback-server.ts';
import { describeMachine, loadAverage } from './support/machine.ts';
import {
  type Consumer,
  harnessConsumer,
  openAiSdkConsumer,
  rawFetchConsumer,
} from './support/overhead-consumers.ts';
import { median } from './support/stats.ts';

const CHUNKS = 20_000;
const WARMUP = 2;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

interface Spec {
  key: string;
  name: string;
  make: (baseUrl: string) => Consumer;
}

function specs(relay: StampingRelay, socket: SocketClock): Spec[] {
  return [
    { key: 'a', name: 'raw fetch, bytes', make: rawFetchConsumer },
    { key: 'b', name: 'openai SDK alone', make: openAiSdkConsumer },
    {
      key: 'c',
      name: 'harness (adapter + tap + collectStream + checks)',
      make: (url) => harnessConsumer(url),
    },
    {
      key: "c'",
      name: 'harness, socket clock (bench --clock local)',
      make: (url) => harnessConsumer(url, socket.wrap()),
    },
    {
      key: 'd',
      name: "harness through the stamping relay (bench's live path)",
      make: (url) => harnessConsumer(url, relay.wrap()),
    },
  ];
}

/** CPU µs per chunk of one consumption. */
async function measure(consume: Consumer): Promise<number> {
  const before = process.cpuUsage();
  await consume();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CHUNKS;
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadAtStart = loadAverage();
  const server = await startLoopbackServer({ kind: 'bulk', chunks: CHUNKS });
  const relay = await startStampingRelay();
  const socket = createSocketClock();
  const SPECS = specs(relay, socket);
  const samples = new Map<string, number[]>(SPECS.map((spec) => [spec.key, []]));
  try {
    const consumers = SPECS.map((spec) => ({ spec, consume: spec.make(server.url) }));
    for (let round = 0; round < WARMUP + RUNS; round++) {
      // Interleaved, so a slow phase of a shared machine hits every consumer alike.
      for (const { spec, consume } of consumers) {
        const us = await measure(consume);
        if (round >= WARMUP) samples.get(spec.key)?.push(us);
      }
    }
  } finally {
    socket.close();
    await server.close();
    await relay.close();
  }
  const medians = new Map(SPECS.map((spec) => [spec.key, median(samples.get(spec.key) ?? [])]));
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAtStart}, at end: ${loadAverage()}`);
  console.log(
    `one ${CHUNKS.toLocaleString('en')}-chunk OpenAI-format stream from a loopback server (child process), ` +
      `CPU µs per chunk of this process, median of ${RUNS} runs (after ${WARMUP} warm-up runs)\n`,
  );
  const width = Math.max(...SPECS.map((spec) => spec.name.length)) + 5;
  for (const spec of SPECS) {
    const values = samples.get(spec.key) ?? [];
    const range = `(min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})`;
    console.log(
      `${`(${spec.key}) ${spec.name}`.padEnd(width)} ${(medians.get(spec.key) ?? 0).toFixed(2).padStart(6)} µs  ${range}`,
    );
  }
  const ratio = (x: string, y: string) => ((medians.get(x) ?? 0) / (medians.get(y) ?? 1)).toFixed(2);
  console.log(
    `\nc/a = ${ratio('c', 'a')}×   c/b = ${ratio('c', 'b')}×   (c'/b = ${ratio("c'", 'b')}×, d/b = ${ratio('d', 'b')}×)`,
  );
  console.log("(d) counts the relay thread's CPU too: this process's CPU time covers all its threads.");
  console.log(
    'reference (issue 4): raw fetch 0.8 µs, openai SDK 7.6 µs per chunk; target: harness ≤ 1.5× the SDK alone.',
  );
  console.log(`took ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

await main();
