// The loopback fixture server at a fixed pace, in a process of its own as a provider would be (the client's work
// cannot delay its writes): the first byte D ms after a request arrives, each next chunk G ms after the one before,
// never earlier. suites/bench-live.test.ts holds bench to the bounds that pace guarantees; bench/pace.ts prints how
// close the figures come to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { PROVIDERS } from '../../src/catalog/providers.ts';
import type { Fixture } from '../../src/fixtures/fixture.ts';
import { requestMetrics } from '../../src/latency/request-metrics.ts';
import { SCENARIOS } from '../../src/scenarios/scenarios.ts';

const root = resolve(import.meta.dirname, '../..');
export const SHIPPED_FIXTURES = join(root, 'fixtures');

export interface Pace {
  firstByteMs: number;
  chunkGapMs: number;
}

export interface PacedServer {
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

/** The fixture server, paced, in a child process serving these providers × scenarios; it stops when told to. */
export async function startPacedServer(options: {
  providers: readonly string[];
  scenarios: readonly string[];
  /** Expected key per provider id. */
  keys: Record<string, string>;
  pace: Pace;
}): Promise<PacedServer> {
  const spec = {
    dir: SHIPPED_FIXTURES,
    providers: options.providers,
    cells: options.providers.flatMap((p) => options.scenarios.map((s) => [p, s])),
    keys: options.keys,
    timing: options.pace,
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

/** The figures a fixture would give if each of its chunks left exactly at D + i × G. */
export function pacedFigures(fixture: Fixture, pace: Pace) {
  const { chunks } = fixture.exchanges[0]!.response;
  const { firstByteMs: d, chunkGapMs: g } = pace;
  const protocol = PROVIDERS.find((p) => p.id === fixture.provider)!.protocol;
  const stream = SCENARIOS.find((s) => s.id === fixture.scenario)!.stream;
  return requestMetrics(
    {
      request: { method: 'POST', url: '', headers: {} },
      chunks: chunks.map((chunk, i) => ({ t: d + i * g, text: chunk.text })),
      tEnd: d + (chunks.length - 1) * g,
      complete: true,
    },
    protocol,
    stream,
  );
}

/** The figures a fixture's own recorded offsets give. */
export function recordedFigures(fixture: Fixture) {
  const { chunks } = fixture.exchanges[0]!.response;
  const protocol = PROVIDERS.find((p) => p.id === fixture.provider)!.protocol;
  const stream = SCENARIOS.find((s) => s.id === fixture.scenario)!.stream;
  return requestMetrics(
    { request: { method: 'POST', url: '', headers: {} }, chunks, tEnd: chunks.at(-1)!.t, complete: true },
    protocol,
    stream,
  );
}

/** A key per provider that reads one (the paced server checks them), but none for `except`'s variable. */
export function fakeKeys(except?: string): Record<string, string> {
  return Object.fromEntries(
    PROVIDERS.flatMap((p) => (p.keyEnv && p.keyEnv !== except ? [[p.keyEnv, `fake-${p.id}-key-4321`]] : [])),
  );
}

/** What the paced server expects of each provider: the key fakeKeys gives it. */
export function expectedKeys(): Record<string, string> {
  return Object.fromEntries(PROVIDERS.flatMap((p) => (p.keyEnv ? [[p.id, `fake-${p.id}-key-4321`]] : [])));
}
