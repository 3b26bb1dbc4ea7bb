import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LatencyReport } from '../src/bench/latency-report.ts';
import { progressText } from '../src/bench/progress-line.ts';
import { runBench } from '../src/bench/run-bench.ts';
import { PROVIDERS } from '../src/catalog/providers.ts';
import { benchCommand } from '../src/cli/bench-command.ts';
import { resolveRunSettings } from '../src/runner/run-settings.ts';
import { UsageError } from '../src/runner/selection.ts';

// The bench command's own surface (help, usage errors, a live run with no key at all) and the runner's edges, in
// recorded mode with fast timing.
let out: string;

function captureStdout(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}

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
    [['--requests', '0'], /--requests must be a whole number ≥ 1/],
    [['--warmup=-1'], /--warmup must be a whole number ≥ 0/],
    [['--concurrency', '1,x'], /Bad --concurrency 'x'/],
    [['--rate', 'fast'], /Bad --rate 'fast'/],
    [['--mode', 'live', '--timing', 'recorded'], /--timing applies to recorded mode/],
    [['--exact-request'], /--exact-request applies to live mode/],
    [['--clock', 'local'], /--clock applies to live mode/],
    [['--mode', 'live', '--clock', 'kernel'], /Unknown clock 'kernel': use relay \(default\) or local/],
    [['--provider', 'opnai'], /Did you mean 'openai'/],
    [['--concurency', '8'], /Did you mean '--concurrency'/],
  ])('refuses %j with a usage error that says what to do', async (args, message) => {
    captureStdout();
    await expect(benchCommand(args)).rejects.toThrow(UsageError);
    await expect(benchCommand(args)).rejects.toThrow(message);
  });

  it('in live mode without keys, skips every provider with its reason and still writes the reports', async () => {
    for (const provider of PROVIDERS) if (provider.keyEnv) vi.stubEnv(provider.keyEnv, '');
    vi.stubEnv('CI', 'true');
    const stdout = captureStdout();
    const code = await benchCommand([
      '--mode',
      'live',
      '--provider',
      'openai,anthropic,ollama',
      '--scenario',
      'chat.basic',
      '--env-file',
      join(out, 'no-such.env'),
      // Nothing listens there: the keyless provider is probed and skipped.
      '--base-url',
      'ollama=http://127.0.0.1:9',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'latency.json'), 'utf8')) as LatencyReport;
    expect(report.cells).toEqual([]);
    expect(report.run).toMatchObject({ mode: 'live', prompts: 'varied', complete: true });
    expect(report.skipped?.map((s) => `${s.provider}: ${s.reason}`)).toEqual([
      'openai: no OPENAI_API_KEY',
      'anthropic: no ANTHROPIC_API_KEY',
      expect.stringMatching(/^ollama: not reachable at http:\/\/127\.0\.0\.1:9: /),
    ]);
    expect(stdout.text()).toContain('skipped openai (chat.basic): no OPENAI_API_KEY');
    expect(stdout.text()).toMatch(/live mode \(relay clock\)\n/);
    for (const name of ['latency.md', 'latency.html']) {
      expect((await readFile(join(out, name), 'utf8')).length).toBeGreaterThan(100);
    }
  });
});

describe('runBench', () => {
  it('stops at an abort between cells and marks the report incomplete', async () => {
    const controller = new AbortController();
    const report = await runBench({
      // One provider: its cells run in turn (recorded mode runs providers side by side).
      settings: resolveRunSettings({
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
    const settings = resolveRunSettings({ LLMCOMPAT_PROVIDERS: 'openai', LLMCOMPAT_SCENARIOS: 'chat.basic' });
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
    const settings = resolveRunSettings({
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
