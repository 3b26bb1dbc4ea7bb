import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import { benchCommand } from '../src/cli/bench-command.ts';
import { settingsFromEnv } from '../src/config/run-settings.ts';
import { UsageError } from '../src/core/usage-error.ts';
import { progressText } from '../src/latency/progress-line.ts';
import { runBench } from '../src/latency/run-bench.ts';

// The bench command's own surface (help, usage errors, a live run with no key at all) and the runner's edges, in
// recorded mode with fast timing.
let out: string;

function capture(stream: NodeJS.WriteStream): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}
const captureStdout = () => capture(process.stdout);
const captureStderr = () => capture(process.stderr);

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'llmcompat-bench-cli-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('llmcompat bench', () => {
  it('--help says what it measures, lists the options and gives examples', async () => {
    const stdout = captureStdout();
    expect(await benchCommand(['--help'])).toBe(0);
    const help = stdout.text();
    for (const option of ['--provider', '--scenario', '--mode', '--timing', '--requests', '--warmup']) {
      expect(help).toContain(option);
    }
    for (const option of ['--concurrency', '--rate', '--base-url', '--model', '--out', '--fixtures']) {
      expect(help).toContain(option);
    }
    expect(help).toMatch(/TTFT/);
    expect(help).toMatch(/Examples:\n {2}llmcompat bench/);
  });

  it.each([
    [['--mode', 'record'], /Unknown mode 'record'/],
    [['--requests', '0'], /--requests must be a whole number from 1 to 1000000, got '0'/],
    [['--warmup=-1'], /--warmup must be a whole number from 0 to 1000000/],
    [['--concurrency', '1,x'], /Bad --concurrency 'x'/],
    [['--rate', 'fast'], /Bad --rate 'fast'/],
    [['--mode', 'live', '--timing', 'recorded'], /--timing applies to recorded mode/],
    [['--exact-request'], /--exact-request applies to live mode/],
    [['--clock', 'local'], /--clock applies to live mode/],
    [['--mode', 'live', '--clock', 'kernel'], /Unknown clock 'kernel': use relay \(default\) or local/],
    // Node's timers turn a delay past 2^31 - 1 ms into 1 ms: every request would time out at once.
    [
      ['--timeout', '3000000000'],
      /--timeout must be a whole number from 1 to 2147483647 \(about 24\.8 days, the longest timer Node has\)/,
    ],
    [['--idle-timeout', '2147483648'], /--idle-timeout must be a whole number from 1 to 2147483647/],
    [['--run-timeout', '1e10'], /--run-timeout must be a whole number from 1 to 2147483647/],
    [['--run-timeout', '0'], /--run-timeout must be a whole number from 1 to .*, got '0'/],
    [['--timeout', '1.5'], /--timeout must be a whole number from 1 to .*, got '1\.5'/],
    [['--requests', '1e7'], /--requests must be a whole number from 1 to 1000000, got '1e7'/],
    [['--warmup', '99999999'], /--warmup must be a whole number from 0 to 1000000/],
    [['--seed', '4294967296'], /--seed must be a whole number from 0 to 4294967295/],
    [['--concurrency', '1,100000'], /--concurrency must be at most 10000 requests in flight, got 100000/],
    [['--provider', 'opnai'], /Did you mean 'openai'/],
    [['--concurency', '8'], /Did you mean '--concurrency'/],
  ])('refuses %j with a usage error that says what to do', async (args, message) => {
    captureStdout();
    await expect(benchCommand(args)).rejects.toThrow(UsageError);
    await expect(benchCommand(args)).rejects.toThrow(message);
  });

  it('refuses a timeout from the config past what a Node timer can wait', async () => {
    const config = join(out, 'huge-timeout.config.json');
    await writeFile(config, JSON.stringify({ live: { requestTimeoutMs: 3_000_000_000 } }));
    captureStdout();
    await expect(benchCommand(['--mode', 'live', '--config', config])).rejects.toThrow(
      /live\.requestTimeoutMs: must be a whole number from 1 to 2147483647 .*, got 3000000000/,
    );
  });

  it('in live mode without keys, measures nothing, writes no report over a good one, and says why in one line', async () => {
    for (const provider of PROVIDERS) if (provider.keyEnv) vi.stubEnv(provider.keyEnv, '');
    vi.stubEnv('CI', 'true');
    const folder = await mkdtemp(join(out, 'no-keys-'));
    const good = '{"kind":"latency","a good report":true}\n';
    await writeFile(join(folder, 'latency.json'), good);
    const stdout = captureStdout();
    const stderr = captureStderr();
    const code = await benchCommand([
      '--mode',
      'live',
      '--provider',
      'openai,anthropic',
      '--scenario',
      'chat.basic',
      '--env-file',
      join(out, 'no-such.env'),
      '--out',
      folder,
    ]);
    expect(code).toBe(1);
    expect(stderr.text()).toBe(
      'llmcompat bench: nothing was measured: no key for any selected provider: set OPENAI_API_KEY, ' +
        'ANTHROPIC_API_KEY (in .env, --env-file or the environment); no report written ' +
        `(${join(folder, 'latency.*')} left as it was).\n`,
    );
    expect(stdout.text()).toMatch(/live mode \(relay clock\)\n$/);
    expect(await readFile(join(folder, 'latency.json'), 'utf8')).toBe(good);
    expect(await readdir(folder)).toEqual(['latency.json']);
  });

  it('names each reason when some providers lack a key and others are out of reach', async () => {
    for (const provider of PROVIDERS) if (provider.keyEnv) vi.stubEnv(provider.keyEnv, '');
    vi.stubEnv('CI', 'true');
    captureStdout();
    const stderr = captureStderr();
    const code = await benchCommand([
      '--mode',
      'live',
      '--provider',
      'openai,ollama',
      '--scenario',
      'chat.basic',
      '--env-file',
      join(out, 'no-such.env'),
      // Nothing listens there: the keyless provider is probed and skipped.
      '--base-url',
      'ollama=http://127.0.0.1:9',
      '--out',
      join(out, 'never-written'),
    ]);
    expect(code).toBe(1);
    expect(stderr.text()).toMatch(
      /^llmcompat bench: nothing was measured: no key: set OPENAI_API_KEY \(in \.env, --env-file or the environment\); ollama: not reachable at http:\/\/127\.0\.0\.1:9: .+; no report written \(.+\)\.\n$/,
    );
    await expect(readdir(join(out, 'never-written'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('with only scenarios that expect an error, measures nothing and says so', async () => {
    vi.stubEnv('CI', 'true');
    captureStdout();
    const stderr = captureStderr();
    const dir = await mkdtemp(join(out, 'errors-only-'));
    expect(await benchCommand(['--scenario', 'errors.*', '--out', dir])).toBe(1);
    expect(stderr.text()).toMatch(
      /^llmcompat bench: nothing to measure: every selected scenario expects an error, there is no answer to time/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('in recorded mode with no fixture for any cell, measures nothing and writes nothing', async () => {
    vi.stubEnv('CI', 'true');
    captureStdout();
    const stderr = captureStderr();
    const empty = await mkdtemp(join(out, 'no-fixtures-'));
    const code = await benchCommand([
      '--provider',
      'openai',
      '--scenario',
      'chat.basic',
      '--fixtures',
      empty,
      '--out',
      empty,
    ]);
    expect(code).toBe(1);
    expect(stderr.text()).toMatch(
      /^llmcompat bench: nothing was measured: no usable fixture for 1 cell; openai\/chat\.basic: Missing fixture .+; no report written \(.+\)\.\n$/,
    );
    expect(await readdir(empty)).toEqual([]);
  });
});

describe('runBench', () => {
  it('stops at an abort between cells and marks the report incomplete', async () => {
    const controller = new AbortController();
    const report = await runBench({
      // One provider: its cells run in turn (recorded mode runs providers side by side).
      settings: settingsFromEnv({
        LLMCOMPAT_PROVIDERS: 'openai',
        LLMCOMPAT_SCENARIOS: 'chat.basic,stream.text',
      }),
      loads: [{ kind: 'closed', concurrency: 1 }],
      requests: 2,
      warmup: 0,
      version: 'test',
      signal: controller.signal,
      onCell: () => controller.abort(),
    });
    expect(report.cells.map((cell) => `${cell.provider} › ${cell.scenario}`)).toEqual([
      'openai › chat.basic',
    ]);
    expect(report.cells[0]).toMatchObject({ requests: 2, errors: 0 });
    expect(report.run.complete).toBe(false);
  });

  it('measures at least as many requests as the concurrency, so that many are really in flight', async () => {
    const settings = settingsFromEnv({ LLMCOMPAT_PROVIDERS: 'openai', LLMCOMPAT_SCENARIOS: 'chat.basic' });
    const report = await runBench({
      settings,
      loads: [
        { kind: 'closed', concurrency: 1 },
        { kind: 'closed', concurrency: 6 },
      ],
      requests: 4,
      warmup: 0,
      version: 'test',
    });
    expect(report.cells.map((cell) => [cell.concurrency, cell.requests, cell.errors])).toEqual([
      [1, 4, 0],
      [6, 6, 0],
    ]);
  });

  it('counts a request that no fixture answers as request drift, and goes on', async () => {
    const settings = settingsFromEnv({
      LLMCOMPAT_PROVIDERS: 'openai',
      LLMCOMPAT_SCENARIOS: 'chat.basic',
      LLMCOMPAT_MODELS: 'openai=gpt-4o-mini',
    });
    const report = await runBench({
      settings,
      loads: [{ kind: 'closed', concurrency: 1 }],
      requests: 3,
      warmup: 1,
      version: 'test',
    });
    expect(report.cells[0]).toMatchObject({ requests: 3, errors: 3, errorKinds: { 'request-drift': 3 } });
    expect(report.cells[0]?.ttftMs).toBeUndefined();
  });
});

describe('progressText', () => {
  it('shows the cell, the load, requests done of total, errors and the running p50 TTFT', () => {
    const text = progressText({
      cell: 2,
      cells: 6,
      provider: 'openai',
      scenario: 'stream.text',
      load: { kind: 'closed', concurrency: 8 },
      done: 3,
      total: 20,
      errors: 1,
      ttftMs: [300, 100, 200],
    });
    expect(text).toBe(
      '[2/6] openai › stream.text · concurrency 8 · 3/20 requests · 1 error · p50 TTFT 200 ms',
    );
  });
});
