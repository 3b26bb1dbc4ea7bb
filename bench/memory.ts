// Peak memory of the hostile shapes that once ran the process out of memory, each through the real CLI in a child
// process of its own, so that every peak RSS (process.resourceUsage().maxRSS, taken as the child exits) is that
// shape's alone. The loopback servers are processes of their own too: their buffers never count.
// npm run bench:memory
//
// Targets: one case under 300 MB, bench at c=256 under 1 GB. Exits 1 when a shape misses its target or does not end
// the way it must (the hostile ones as `oversized` or an error naming the limit, the normal run as it always does).
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { HostileShape } from './support/hostile-server-child.ts';
import { describeMachine, loadAverage } from './support/machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'llmcompat.mjs');
const REPORT_RSS = join(ROOT, 'bench', 'support', 'report-peak-rss.ts');
const SERVER = join(ROOT, 'bench', 'support', 'hostile-server-child.ts');
const ONE_CASE_MB = 300;
const C256_MB = 1024;
/** A shape past this is killed, so that the machine stays usable: its figure is then "over". */
const KILL_AT_MB = 4096;
const SHAPE_TIMEOUT_MS = 300_000;
const FAKE_KEY = 'sk-bench-memory-0123456789abcdefghijklmnopqrstuv';

interface Outcome {
  text: string;
  ok: boolean;
}

interface Shape {
  name: string;
  what: string;
  targetMb?: number;
  /** CLI arguments; `dir` is the shape's scratch folder, `url` its loopback server's. */
  args: (dir: string, url: string) => string[];
  server?: HostileShape;
  /** Writes the fixtures the shape replays into `dir`/fixtures. */
  prepare?: (dir: string) => void;
  /** What the run ended with, read from the report it wrote into `dir`/out. */
  outcome: (dir: string) => Outcome;
}

// ---- the fixtures the replayed shapes write ----

/** The shipped openai/stream.text fixture with its response changed. */
function writeStreamText(dir: string, response: Record<string, unknown>): void {
  const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'openai', 'stream.text.json'), 'utf8'));
  fixture.exchanges[0].response = { ...fixture.exchanges[0].response, ...response };
  const folder = join(dir, 'fixtures', 'openai');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'stream.text.json'), JSON.stringify(fixture));
}

/** An OpenAI content event of about 4 KB, as the shipped faults.oversized repeats. */
function bigEvent(): string {
  const content = 'The quick brown fox jumps over the lazy dog. '.repeat(90);
  const chunk = { id: 'chatcmpl-memory', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o' };
  return `data: ${JSON.stringify({ ...chunk, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

// ---- what each run ended with ----

interface CaseLike {
  status?: string;
  reason?: string;
  diagnostics?: { code?: string; message?: string }[];
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const shorten = (text: string, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The one case's cell: it must be an error naming a limit (the size cap, the chunk cap or the fixture ceiling). */
function limitedCase(dir: string): Outcome {
  const report = readJson(join(dir, 'out', 'conformance.json')) as { cases?: CaseLike[] } | undefined;
  const only = report?.cases?.[0];
  if (!only) return { text: 'no report written', ok: false };
  const why = only.reason ?? only.diagnostics?.find((d) => d.message)?.message ?? '';
  // The part that names the limit.
  const limit = /(response too large: .*)|: (generates .*)/.exec(why);
  const shown = limit?.[1] ?? limit?.[2] ?? why;
  return { text: shorten(`${only.status}: ${shown}`), ok: only.status === 'error' && limit !== null };
}

/** Every request of the bench must have failed as oversized (an endless or 200 MB body). */
function allOversized(dir: string): Outcome {
  const report = readJson(join(dir, 'out', 'latency.json')) as
    | { cells?: { requests: number; errors: number; errorKinds?: Record<string, number> }[] }
    | undefined;
  const cell = report?.cells?.[0];
  if (!cell) return { text: 'no report written', ok: false };
  const kinds = Object.entries(cell.errorKinds ?? {}).map(([kind, n]) => `${kind} ${n}`);
  const oversized = cell.errorKinds?.oversized ?? 0;
  return {
    text: `${cell.errors} of ${cell.requests} requests failed: ${kinds.join(', ') || 'none'}`,
    ok: cell.requests > 0 && oversized === cell.requests,
  };
}

/** The shipped fixtures' run: its summary, which must be what CI sees on main (no case errored). */
function normalRun(dir: string): Outcome {
  const report = readJson(join(dir, 'out', 'conformance.json')) as
    | { cases?: CaseLike[]; summary?: Record<string, number> }
    | undefined;
  if (!report?.cases) return { text: 'no report written', ok: false };
  const errors = report.cases.filter((c) => c.status === 'error').length;
  const passed = report.cases.filter((c) => c.status === 'pass').length;
  return { text: `${report.cases.length} cases, ${passed} pass, ${errors} error`, ok: errors === 0 };
}

// ---- the shapes ----

const live = (url: string) => ['--mode', 'live', '--base-url', `openai=${url}/v1`];
const out = (dir: string) => ['--out', join(dir, 'out'), '--no-color'];
const c256 = ['--concurrency', '256', '--requests', '256', '--warmup', '0'];

const SHAPES: Shape[] = [
  {
    name: 'tiny-chunk flood',
    what: 'run, live: a loopback server writing `:\\n` lines as fast as it can, never ending; one case',
    targetMb: ONE_CASE_MB,
    server: 'tiny',
    args: (dir, url) => ['run', ...live(url), '--only', 'openai/stream.text', ...out(dir)],
    outcome: limitedCase,
  },
  {
    name: 'tiny chunks, replayed',
    what: 'run, recorded: a fixture repeating a 3-byte `:.\\n` chunk 3.9 million times (11 MB); one case',
    targetMb: ONE_CASE_MB,
    prepare: (dir) => writeStreamText(dir, { repeat: { chunk: ':.\n', times: 3_900_000, at: 1 } }),
    args: (dir) => ['run', '--fixtures', join(dir, 'fixtures'), '--only', 'openai/stream.text', ...out(dir)],
    outcome: limitedCase,
  },
  {
    name: 'empty chunk × 1e12',
    what: 'run, recorded: a fixture repeating an empty chunk 10¹² times; one case',
    targetMb: ONE_CASE_MB,
    prepare: (dir) => writeStreamText(dir, { repeat: { chunk: '', times: 1e12 } }),
    args: (dir) => ['run', '--fixtures', join(dir, 'fixtures'), '--only', 'openai/stream.text', ...out(dir)],
    outcome: limitedCase,
  },
  {
    name: '200 MB body, bench recorded',
    what: 'bench, recorded: a fixture repeating a 4 KB event 50,000 times (200 MB); one request (and the warm-up)',
    targetMb: ONE_CASE_MB,
    prepare: (dir) => writeStreamText(dir, { repeat: { chunk: bigEvent(), times: 50_000, at: 2 } }),
    args: (dir) => [
      'bench',
      '--fixtures',
      join(dir, 'fixtures'),
      '--provider',
      'openai',
      '--scenario',
      'stream.text',
      '--requests',
      '1',
      '--warmup',
      '0',
      ...out(dir),
    ],
    outcome: allOversized,
  },
  {
    name: 'endless stream, c=256',
    what: 'bench, live (relay clock): a loopback server streaming content events without end; 256 in flight',
    targetMb: C256_MB,
    server: 'endless',
    args: (dir, url) => [
      'bench',
      ...live(url),
      '--provider',
      'openai',
      '--scenario',
      'stream.text',
      ...c256,
      ...out(dir),
    ],
    outcome: allOversized,
  },
  {
    name: 'endless stream, c=256, local',
    what: 'the same with --clock local (no relay thread)',
    targetMb: C256_MB,
    server: 'endless',
    args: (dir, url) => [
      'bench',
      ...live(url),
      '--clock',
      'local',
      '--provider',
      'openai',
      '--scenario',
      'stream.text',
      ...c256,
      ...out(dir),
    ],
    outcome: allOversized,
  },
  {
    name: 'normal recorded run',
    what: 'run, recorded: every shipped fixture (faults.oversized included), for comparison',
    args: (dir) => ['run', '--scenario', '*', ...out(dir)],
    outcome: normalRun,
  },
];

// ---- running a shape ----

function startServer(shape: HostileShape): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(SERVER, [shape], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the ${shape} server exited early (code ${code})`)));
    child.once('message', (message: { port?: number }) => {
      resolve({ url: `http://127.0.0.1:${message.port}`, child });
    });
  });
}

/** The child's resident memory now, in MB (Linux; undefined elsewhere). */
function rssNowMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Runs the CLI with `args` in a child that reports its own peak RSS on fd 3 as it exits. */
function measure(args: string[], cwd: string): Promise<{ peakRssMb?: number; ms: number; exit: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LLMCOMPAT_') && !name.endsWith('_API_KEY')) env[name] = value;
  }
  env.OPENAI_API_KEY = FAKE_KEY;
  env.CI = '1';
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', REPORT_RSS, CLI, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let report = '';
  let stderr = '';
  child.stdio[3]?.on('data', (data: Buffer) => {
    report += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-2000);
  });
  let killed: string | undefined;
  let watchedPeak = 0;
  const watch = setInterval(() => {
    const now = rssNowMb(child.pid) ?? 0;
    watchedPeak = Math.max(watchedPeak, now);
    if (now > KILL_AT_MB && killed === undefined) {
      killed = `killed past ${KILL_AT_MB} MB`;
      child.kill('SIGKILL');
    }
  }, 100);
  const timeout = setTimeout(() => {
    killed ??= `killed after ${SHAPE_TIMEOUT_MS / 1000} s`;
    child.kill('SIGKILL');
  }, SHAPE_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearInterval(watch);
      clearTimeout(timeout);
      const ms = performance.now() - started;
      const line = report.trim().split('\n').pop();
      const reported = line ? (JSON.parse(line) as { peakRssMb: number }).peakRssMb : undefined;
      const exit = killed ?? (signal ? `signal ${signal}` : `exit ${code}`);
      if (reported === undefined && stderr) process.stderr.write(`${stderr}\n`);
      resolve({
        ...(reported !== undefined || watchedPeak > 0 ? { peakRssMb: reported ?? watchedPeak } : {}),
        ms,
        exit,
      });
    });
  });
}

// ---- the fixture server, for a client that stops reading ----

const SLOW_READER_READS_MB = 4;
const SLOW_READER_GROWTH_MB = 48;
/** How long the reader holds the stream unread: enough for a server without back-pressure to write 64 MB. */
const SLOW_READER_HOLD_MS = 1_000;

/** Resolves with the URL `llmcompat serve` prints once it listens. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen)?.[1];
      if (url) resolve(url);
    });
    child.once('close', (code) =>
      reject(new Error(`llmcompat serve exited before listening (exit ${code})`)),
    );
  });
}

/**
 * `llmcompat serve` answering a 64 MB `repeat` to a client that reads 4 MB and then stops reading (holding the
 * stream open): the server must wait for room in the socket, generating nothing more, so its memory barely grows.
 */
async function slowReaderShape(): Promise<Row> {
  const shape: Shape = {
    name: 'fixture server, stalled reader',
    what: `serve: a 64 MB repeat, the client reads ${SLOW_READER_READS_MB} MB and stops reading for ${SLOW_READER_HOLD_MS / 1000} s`,
    args: () => [],
    outcome: () => ({ text: '', ok: false }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'llmcompat-bench-memory-'));
  writeStreamText(dir, { repeat: { chunk: bigEvent(), times: 16_000, at: 2 } });
  const fixture = JSON.parse(readFileSync(join(dir, 'fixtures', 'openai', 'stream.text.json'), 'utf8'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      REPORT_RSS,
      CLI,
      'serve',
      '--fixtures',
      join(dir, 'fixtures'),
      '--provider',
      'openai',
      '--scenario',
      'stream.text',
    ],
    { cwd: dir, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'inherit', 'pipe'] },
  );
  let report = '';
  child.stdio[3]?.on('data', (data: Buffer) => {
    report += data.toString();
  });
  const closed = new Promise<string>((resolve) => {
    child.once('close', (code, signal) => resolve(signal ? `signal ${signal}` : `exit ${code}`));
  });
  try {
    const url = await listeningUrl(child);
    const before = rssNowMb(child.pid) ?? 0;
    const giveUp = new AbortController();
    const response = await fetch(`${url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_KEY}` },
      body: JSON.stringify(fixture.exchanges[0].request.body),
      signal: giveUp.signal,
    });
    const reader = response.body!.getReader();
    let received = 0;
    while (received < SLOW_READER_READS_MB * 1024 * 1024) {
      const read = await reader.read();
      if (read.done) break;
      received += read.value.byteLength;
    }
    let peak = before;
    const holdUntil = performance.now() + SLOW_READER_HOLD_MS;
    while (performance.now() < holdUntil) {
      peak = Math.max(peak, rssNowMb(child.pid) ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    giveUp.abort();
    child.kill('SIGTERM');
    const exit = await closed;
    const grown = peak - before;
    const line = report.trim().split('\n').pop();
    return {
      shape,
      ...(line ? { peakRssMb: (JSON.parse(line) as { peakRssMb: number }).peakRssMb } : {}),
      ms: performance.now() - started,
      exit,
      outcome: {
        text: `read ${(received / 1024 / 1024).toFixed(0)} MB; the server grew ${grown.toFixed(0)} MB while the reader stalled (target < ${SLOW_READER_GROWTH_MB} MB)`,
        ok: received > 0 && grown < SLOW_READER_GROWTH_MB,
      },
      withinTarget: grown < SLOW_READER_GROWTH_MB,
    };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Row {
  shape: Shape;
  peakRssMb?: number;
  ms: number;
  exit: string;
  outcome: Outcome;
  withinTarget: boolean;
}

async function runShape(shape: Shape): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'llmcompat-bench-memory-'));
  const server = shape.server ? await startServer(shape.server) : undefined;
  try {
    shape.prepare?.(dir);
    const measured = await measure(shape.args(dir, server?.url ?? ''), dir);
    const outcome = shape.outcome(dir);
    const withinTarget =
      shape.targetMb === undefined ||
      (measured.peakRssMb !== undefined && measured.peakRssMb < shape.targetMb);
    return { shape, ...measured, outcome, withinTarget };
  } finally {
    server?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const shapes = only.length > 0 ? SHAPES.filter((s) => only.some((o) => s.name.includes(o))) : SHAPES;
  process.stdout.write(`bench:memory · ${describeMachine()} · load ${loadAverage()}\n\n`);
  const rows: Row[] = [];
  for (const shape of shapes) {
    process.stdout.write(`  ${shape.name}: ${shape.what} …\n`);
    rows.push(await runShape(shape));
  }
  if (only.length === 0 || only.some((o) => 'fixture server, stalled reader'.includes(o))) {
    process.stdout.write('  fixture server, stalled reader …\n');
    rows.push(await slowReaderShape());
  }
  const header = ['shape', 'peak RSS', 'target', 'time', 'exit', 'outcome'];
  const cells = rows.map((row) => [
    row.shape.name,
    row.peakRssMb === undefined ? '?' : `${row.peakRssMb.toFixed(0)} MB`,
    row.shape.targetMb === undefined ? '–' : `< ${row.shape.targetMb} MB ${row.withinTarget ? 'ok' : 'OVER'}`,
    `${(row.ms / 1000).toFixed(1)} s`,
    row.exit,
    `${row.outcome.ok ? '' : 'UNEXPECTED: '}${row.outcome.text}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : pad(v, widths[i] as number))).join('  ');
  process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
  process.stdout.write(
    "\npeak RSS: the CLI process's own (process.resourceUsage().maxRSS at exit), the servers not counted.\n",
  );
  return rows.every((row) => row.withinTarget && row.outcome.ok) ? 0 : 1;
}

process.exitCode = await main();
