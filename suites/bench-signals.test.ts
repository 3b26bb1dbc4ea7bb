import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyReport } from '../src/core/latency-report.ts';
import type { FixtureResponse } from '../src/fixtures/fixture.ts';
import { loadFixture } from '../src/fixtures/load-fixture.ts';
import { makeCase, makeRunReport } from '../src/report/test-support/make-run-report.ts';

// `llmcompat bench --mode live` in a child process against a loopback server that answers the first requests and
// holds every later one without a byte, so that a request is in flight whenever the test says. Each stop (SIGINT,
// SIGTERM, --run-timeout) comes on an explicit event of the server's, never after a wait. The request timeout is
// 10 minutes: a bench that waited for the held request instead of aborting it would outlive the test's timeout.
const root = resolve(import.meta.dirname, '..');
const KEY = 'sk-bench-signals-7777';

interface HoldingServer {
  url: string;
  events: EventEmitter;
  /** Requests answered so far; from `answer` on, requests are held. */
  received: () => number;
  close(): Promise<void>;
}

let answer = 0;
let chatBasic: FixtureResponse;
let servers: HoldingServer[] = [];
let out: string;

async function startHoldingServer(): Promise<HoldingServer> {
  const events = new EventEmitter();
  let received = 0;
  const held = new Set<IncomingMessage>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = ++received;
      if (n <= answer) {
        res.writeHead(chatBasic.status, chatBasic.headers);
        res.end(chatBasic.chunks.map((chunk) => chunk.text).join(''));
        events.emit('answered', n);
        return;
      }
      held.add(req);
      res.on('close', () => events.emit('closed', n));
      events.emit('held', n);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    events,
    received: () => received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

interface Bench {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startBench(server: HoldingServer, dir: string, extra: string[] = []): Bench {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', OPENAI_API_KEY: KEY };
  const args = [
    join(root, 'src/cli/main.ts'),
    'bench',
    '--mode',
    'live',
    '--provider',
    'openai',
    '--scenario',
    'chat.basic,stream.text',
    '--base-url',
    `openai=${server.url}`,
    '--requests',
    '3',
    '--warmup',
    '0',
    '--timeout',
    '600000',
    '--exact-request',
    '--out',
    dir,
    ...extra,
  ];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, exited };
}

/** Resolves when the server holds request `n` (a request is then in flight); rejects if the bench ends first. */
const holding = (server: HoldingServer, n: number, bench: Bench) =>
  Promise.race([
    new Promise<void>((done) => {
      const onHeld = (held: number) => {
        if (held !== n) return;
        server.events.off('held', onHeld);
        done();
      };
      server.events.on('held', onHeld);
    }),
    bench.exited.then(({ code, stderr }) => {
      throw new Error(`the bench exited (${code}) before request ${n} was held: ${stderr}`);
    }),
  ]);

const closedBy = (server: HoldingServer, n: number) =>
  new Promise<void>((done) => {
    const onClosed = (closed: number) => {
      if (closed === n) done();
    };
    server.events.on('closed', onClosed);
  });

async function serve(answered: number): Promise<HoldingServer> {
  answer = answered;
  const server = await startHoldingServer();
  servers.push(server);
  return server;
}

async function folder(name: string): Promise<string> {
  return mkdtemp(join(out, `${name}-`));
}

/** A conformance report beside the latency one: `index.html` is then (re)written with it. */
async function withConformanceReport(dir: string): Promise<void> {
  const report = makeRunReport([makeCase({ provider: 'openai', scenario: 'chat.basic', status: 'pass' })]);
  await writeFile(join(dir, 'conformance.json'), JSON.stringify(report));
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'llmcompat-bench-signals-'));
  chatBasic = (await loadFixture(join(root, 'fixtures'), 'openai', 'chat.basic')).exchanges[0]!.response;
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('llmcompat bench --mode live, stopped by %s', (signal, exitCode) => {
  it('aborts the request in flight at once, writes what it measured marked partial, and exits ' +
    `${exitCode}`, async () => {
    // Requests 1 and 2 of chat.basic are answered; 3 is held, so the signal lands with 2 of 3 measured.
    const server = await serve(2);
    const dir = await folder(signal);
    await withConformanceReport(dir);
    const bench = startBench(server, dir);
    await holding(server, 3, bench);
    const aborted = closedBy(server, 3);
    bench.child.kill(signal);
    const { code, stdout, stderr } = await bench.exited;
    await aborted;
    expect(code, stderr).toBe(exitCode);
    expect(server.received()).toBe(3);
    expect(stderr).toContain(`llmcompat bench: interrupted by ${signal}: aborting the requests in flight`);
    expect(stderr).toContain(
      `llmcompat bench: Partial report: interrupted by ${signal}; 1 of 2 cells measured, 1 of them cut short ` +
        '(fewer requests than asked).',
    );
    const report = JSON.parse(await readFile(join(dir, 'latency.json'), 'utf8')) as LatencyReport;
    expect(report.run).toMatchObject({
      complete: false,
      stopped: `interrupted by ${signal}`,
      cellsPlanned: 2,
      clock: 'relay',
    });
    // The held request measured nothing: it is neither a sample nor an error.
    expect(report.cells).toHaveLength(1);
    expect(report.cells[0]).toMatchObject({
      provider: 'openai',
      scenario: 'chat.basic',
      requests: 2,
      errors: 0,
      partial: true,
    });
    const partial = `Partial report: interrupted by ${signal}; 1 of 2 cells measured, 1 of them cut short`;
    expect(stdout).toContain(partial);
    expect(await readFile(join(dir, 'latency.md'), 'utf8')).toContain(partial);
    expect(await readFile(join(dir, 'latency.html'), 'utf8')).toContain(partial);
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('Latency');
    expect((await readdir(dir)).sort()).toEqual([
      'conformance.json',
      'index.html',
      'latency.html',
      'latency.json',
      'latency.md',
    ]);
  }, 60_000);

  it('with nothing measured yet, leaves the previous report as it was', async () => {
    const server = await serve(0);
    const dir = await folder(`${signal}-nothing`);
    const good = '{"kind":"latency","a good report":true}\n';
    await writeFile(join(dir, 'latency.json'), good);
    const bench = startBench(server, dir);
    await holding(server, 1, bench);
    const aborted = closedBy(server, 1);
    bench.child.kill(signal);
    const { code, stderr } = await bench.exited;
    await aborted;
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toContain(
      `llmcompat bench: interrupted by ${signal} before any cell was measured; no report written ` +
        `(${join(dir, 'latency.*')} left as it was).`,
    );
    expect(await readFile(join(dir, 'latency.json'), 'utf8')).toBe(good);
    expect(await readdir(dir)).toEqual(['latency.json']);
  }, 60_000);
});

describe('llmcompat bench --run-timeout', () => {
  it('stops a run that cannot finish, aborts what is in flight, writes nothing over a report, and exits 1', async () => {
    // Every request is held: whenever the timeout fires, nothing has been measured.
    const server = await serve(0);
    const dir = await folder('run-timeout');
    const good = '{"kind":"latency","a good report":true}\n';
    await writeFile(join(dir, 'latency.json'), good);
    const bench = startBench(server, dir, ['--run-timeout', '1000']);
    const { code, stderr } = await bench.exited;
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(
      'llmcompat bench: the run timeout of 1000 ms was reached (--run-timeout) before any cell was measured; ' +
        'no report written',
    );
    expect(await readFile(join(dir, 'latency.json'), 'utf8')).toBe(good);
  }, 60_000);
});
