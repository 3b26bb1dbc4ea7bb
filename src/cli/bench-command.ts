import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { type RunInputs, resolveRunSettings, runInputsFromEnv } from '../config/run-settings.ts';
import { SETTING_RANGES, wholeNumberOption } from '../config/setting-ranges.ts';
import type { LatencyReport, SkippedCell } from '../core/latency-report.ts';
import { PACKAGE_ROOT, VERSION } from '../core/package-root.ts';
import { UsageError } from '../core/usage-error.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import { describeLoad, type LoadLevel, parseConcurrencyLevels, parseRates } from '../latency/load-level.ts';
import { createProgressLine } from '../latency/progress-line.ts';
import { LATENCY_SCENARIOS, runBench } from '../latency/run-bench.ts';
import { renderLatencyHtml } from '../report/html/render-latency-html.ts';
import { writeIndexHtml } from '../report/html/write-index-html.ts';
import { renderLatencyMarkdown } from '../report/markdown/render-latency-markdown.ts';
import { partialText } from '../report/render-latency-text.ts';
import { renderLatencyTerminal } from '../report/terminal/render-latency-terminal.ts';
import { loadDotenv, loadedSecrets, runKeyEnvs } from '../secrets/provider-keys.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { redactProcessOutput } from './redact-output.ts';
import { watchStopRequests } from './stop-requests.ts';

const HELP = `llmcompat bench — measure latency: time to first token, inter-token latency, tokens/s, under load

For each provider × scenario × load level: warm-up requests (discarded), then N measured requests, driven by
tinybench; the figures come from the wire (each chunk's arrival time), never from the SDK's own timers.

  TTFT          send → first chunk carrying text, reasoning or tool-call content (not a role-only chunk, ping,
                message_start, usage-only chunk or SSE comment); for an answer that is not streamed, its last byte
  E2E           send → end of the body
  ITL           (t_last − t_first) / (output tokens − 1), per request; needs 2+ tokens over 2+ chunks
  chunk gap     time between consecutive content chunks (a chunk often carries several tokens)
  tokens/s      (output tokens − 1) / (t_last − t_first); output tokens from the provider's usage, else ≈ chars/4
  throughput    successful requests and output tokens per second of the cell's wall time
  percentiles   p50/p90/p95/p99 by linear interpolation (numpy's default), with min, max, mean and n
  event loop    p99 delay while the cell ran; flagged ⚠ skewed above 20 ms, since every timing may be that late

Modes:
  recorded (default)   replays fixtures/ through msw, offline. Prompts are sent exactly as recorded (the replay
                       answers only a matching request). --timing fast (default) sends every chunk at once: it
                       measures the harness; --timing recorded replays each chunk at its recorded offset, so the
                       report reproduces the fixtures' latency profile.
  live                 the real endpoints, keys from .env or the environment (a provider without its key is
                       skipped). Each prompt gets a unique tag so no cache answers it; streams ask for usage.
                       Retries are off: a 429 or 5xx counts as an error, it is not hidden in a latency.

Options:
  --provider <globs>        Providers, comma-separated, * allowed (default: all)
  --scenario <globs>        Scenarios (default: ${LATENCY_SCENARIOS.join(',')}); errors.* are left out
  --mode recorded|live      Default recorded
  --timing fast|recorded    Recorded mode only (default fast)
  --requests <n>            Measured requests per cell (default 20; at least the cell's concurrency)
  --warmup <n>              Warm-up requests per cell, discarded (default 2); at concurrency c, ≥ c warms c
                            connections
  --concurrency <list>      Closed-loop levels: that many requests always in flight, e.g. 1,8,64 (default 1)
  --rate <list>             Open-loop levels: Poisson arrivals whatever the answers, e.g. 5/s, 0.5/s, 120/min
  --seed <n>                Seed of the open-loop arrival schedule (default 1)
  --clock relay|local       Live mode: where chunk arrival times are taken (default relay): on a relay thread
                            between the SDK and the provider that does nothing else, or (local) by undici's
                            parser on the harness's own thread, where the SDK's work and garbage collection can
                            delay them a few ms; local checks undici's diagnostics channels first and, if they
                            misbehave, falls back to the tap's own reads and says so
  --exact-request           Live mode: send the scenarios' requests unchanged (for a server replaying fixtures);
                            caches may then flatter the figures
  --base-url <id>=<url>     Send a provider's requests elsewhere (repeatable)
  --model <id>=<model>      Use another model than the catalog's (repeatable)
  --timeout <ms>            Live: no response headers within this fails the request (default 60000)
  --idle-timeout <ms>       Live: no bytes for this long fails a stream (default 30000)
  --run-timeout <ms>        Bound the whole bench: past it, what was measured is written (partial), exit 1
  --env-file <path>         Keys file (default .env)
  --config <file>           Config file (default: the first llmcompat.config.* in this folder)
  --fixtures <dir>          Fixture folder (default: fixtures/ of the package)
  --out <dir>               Where latency.json, latency.md and latency.html go (default: reports/)
  --no-color                Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help                This help

Progress (requests done/total, errors, running p50 TTFT) is shown on a terminal, never when CI is set.
Ctrl-C (SIGINT) or SIGTERM stops at once: the requests in flight are aborted (not counted) and what was measured
is written, marked partial (exit 130 or 143; a second signal quits without writing). A run that measured nothing
writes no report and leaves the previous one in place.

Examples:
  llmcompat bench
  llmcompat bench --timing recorded
  llmcompat bench --mode live --provider openai,anthropic --requests 50 --concurrency 1,8,64
  llmcompat bench --mode live --provider ollama --rate 2/s --requests 100

Exit codes: 0 measured · 1 a request failed, a fixture was missing, nothing could be measured (no key for any
selected provider, …), or the run timeout was reached · 2 usage or configuration error · 130 interrupted (SIGINT)
· 143 terminated (SIGTERM)
`;

const OPTIONS = {
  provider: { type: 'string' },
  scenario: { type: 'string' },
  mode: { type: 'string' },
  timing: { type: 'string' },
  requests: { type: 'string' },
  warmup: { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  seed: { type: 'string' },
  'exact-request': { type: 'boolean', default: false },
  clock: { type: 'string' },
  'base-url': { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'idle-timeout': { type: 'string' },
  'run-timeout': { type: 'string' },
  'env-file': { type: 'string' },
  config: { type: 'string' },
  fixtures: { type: 'string' },
  out: { type: 'string', default: 'reports' },
  color: { type: 'boolean', default: true },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function loadLevels(values: Values): LoadLevel[] {
  const levels = [
    ...(values.concurrency !== undefined ? parseConcurrencyLevels(values.concurrency) : []),
    ...(values.rate !== undefined ? parseRates(values.rate) : []),
  ];
  for (const level of levels) {
    if (level.kind === 'closed' && level.concurrency > SETTING_RANGES.benchConcurrency.max) {
      throw new UsageError(
        `--concurrency must be at most ${SETTING_RANGES.benchConcurrency.max} requests in flight, got ${level.concurrency}.`,
      );
    }
  }
  return levels.length > 0 ? levels : [{ kind: 'closed', concurrency: 1 }];
}

/**
 * The run settings every command shares (selection, overrides, fixtures, timeouts), validated as `run`'s are; the
 * selection and the overrides come from the flags alone, not from LLMCOMPAT_* variables.
 */
function runInputs(values: Values, mode: 'recorded' | 'live'): RunInputs {
  return {
    ...runInputsFromEnv(process.env),
    mode,
    providers: values.provider,
    scenarios: values.scenario ?? LATENCY_SCENARIOS.join(','),
    only: undefined,
    baseUrls: values['base-url']?.join(','),
    models: values.model?.join(','),
    timing: values.timing,
    requestTimeoutMs: values.timeout,
    idleTimeoutMs: values['idle-timeout'],
    fixtures: resolve(values.fixtures ?? join(PACKAGE_ROOT, 'fixtures')),
  };
}

/** Where the keys are read: the environment, and in live mode the keys file over it. */
function keysEnv(values: Values, mode: 'recorded' | 'live'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (mode === 'live') loadDotenv(values['env-file'] ?? '.env', env);
  return env;
}

async function writeReports(report: LatencyReport, outDir: string): Promise<string[]> {
  // A run that measured nothing never replaces a report: the caller says so and writes nothing.
  if (report.cells.length === 0) throw new Error('writeReports: a report without cells is not written');
  const files: [string, string][] = [
    ['latency.json', `${JSON.stringify(report, null, 2)}\n`],
    ['latency.md', renderLatencyMarkdown(report)],
    ['latency.html', renderLatencyHtml(report)],
  ];
  for (const [name, content] of files) await writeFileAtomic(join(outDir, name), content);
  // The combined page (matrix + latency) follows whenever a conformance report sits beside this one.
  const index = await writeIndexHtml(outDir);
  return [...files.map(([name]) => join(outDir, name)), ...(index ? [index] : [])];
}

function skippedText(report: LatencyReport): string {
  const byReason = new Map<string, string[]>();
  for (const { provider, scenario, reason } of report.skipped ?? []) {
    const key = `${provider}\u0000${reason}`;
    byReason.set(key, [...(byReason.get(key) ?? []), scenario]);
  }
  return [...byReason]
    .map(([key, scenarios]) => {
      const [provider, reason] = key.split('\u0000');
      return `skipped ${provider} (${scenarios.join(', ')}): ${reason}\n`;
    })
    .join('');
}

interface Stopper {
  signal: AbortSignal;
  /** The exit code of the stop, once there was one. */
  code(): number | undefined;
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM, or the run timeout, stops the bench: the requests in flight are aborted and the
 * run returns what it measured, to be written. A second signal quits at once, writing nothing more.
 */
/** This process's temporary files in `dir` (writeFileAtomic names them `.<name>.<pid>.<hex>.tmp`), removed. */
function removeOwnTempFiles(dir: string): void {
  const own = new RegExp(`^\\..+\\.${process.pid}\\.[0-9a-f]+\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (own.test(name)) rmSync(join(dir, name), { force: true });
}

function stopOnSignals(runTimeoutMs: number | undefined, outDir: string): Stopper {
  const controller = new AbortController();
  let code: number | undefined;
  const stop = (why: string, exitCode: number) => {
    if (controller.signal.aborted) return;
    code = exitCode;
    process.stderr.write(
      `\nllmcompat bench: ${why}: aborting the requests in flight and writing what was measured` +
        ' (a second signal quits at once)\n',
    );
    controller.abort(why);
  };
  const dispose = watchStopRequests(runTimeoutMs, (request) => {
    if (controller.signal.aborted && request.signal) {
      // A report being written is left as it was: only its temporary file goes.
      removeOwnTempFiles(outDir);
      process.stderr.write(`llmcompat bench: ${request.signal} again: quitting without writing.\n`);
      process.exit(request.code);
    }
    stop(request.why, request.code);
  });
  return { signal: controller.signal, code: () => code, dispose };
}

const sentence = (text: string) => text.trim().replace(/\.$/, '');

/** One line on why a run measured nothing: the keys to set, the providers out of reach, the missing fixtures. */
export function nothingMeasured(report: LatencyReport): string {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) {
    return (
      'nothing to measure: every selected scenario expects an error, there is no answer to time (pick others ' +
      'with --scenario)'
    );
  }
  if (report.run.mode === 'recorded') {
    const first = skipped[0] as SkippedCell;
    const count = skipped.length === 1 ? '1 cell' : `all ${skipped.length} cells`;
    return `nothing was measured: no usable fixture for ${count}; ${first.provider}/${first.scenario}: ${sentence(first.reason)}`;
  }
  const keys = [...new Set(skipped.flatMap((cell) => (cell.missingKey ? [cell.missingKey] : [])))];
  const others = new Map<string, string>();
  for (const cell of skipped) {
    if (!cell.missingKey && !others.has(cell.provider)) others.set(cell.provider, sentence(cell.reason));
  }
  const where = ' (in .env, --env-file or the environment)';
  const parts: string[] = [];
  if (keys.length > 0) {
    parts.push(
      others.size === 0
        ? `no key for any selected provider: set ${keys.join(', ')}${where}`
        : `no key: set ${keys.join(', ')}${where}`,
    );
  }
  for (const [provider, reason] of others) parts.push(`${provider}: ${reason}`);
  return `nothing was measured: ${parts.join('; ')}`;
}

export async function benchCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const mode = values.mode ?? 'recorded';
  if (mode !== 'recorded' && mode !== 'live') {
    throw new UsageError(`Unknown mode '${mode}' for bench: use recorded (offline, default) or live.`);
  }
  if (mode === 'live' && values.timing !== undefined) {
    throw new UsageError('--timing applies to recorded mode: live mode takes the network as it comes.');
  }
  const clock = values.clock;
  if (clock !== undefined && clock !== 'relay' && clock !== 'local') {
    throw new UsageError(`Unknown clock '${clock}': use relay (default) or local.`);
  }
  if (mode === 'recorded' && clock !== undefined) {
    throw new UsageError(
      '--clock applies to live mode: recorded mode replays in-process, with no socket to time.',
    );
  }
  if (mode === 'recorded' && values['exact-request']) {
    throw new UsageError(
      '--exact-request applies to live mode: recorded mode always sends the recorded requests.',
    );
  }
  const requests = wholeNumberOption(values.requests, '--requests', SETTING_RANGES.benchRequests) ?? 20;
  const warmup = wholeNumberOption(values.warmup, '--warmup', SETTING_RANGES.benchWarmup) ?? 2;
  const seed = wholeNumberOption(values.seed, '--seed', SETTING_RANGES.seed) ?? 1;
  const runTimeoutMs = wholeNumberOption(values['run-timeout'], '--run-timeout', SETTING_RANGES.runTimeoutMs);
  const loads = loadLevels(values);
  const env = keysEnv(values, mode);
  const settings = resolveRunSettings(
    runInputs(values, mode),
    await loadConfig(values.config && resolve(values.config)),
  );
  if (mode === 'live') redactProcessOutput(loadedSecrets(env, runKeyEnvs(settings.providers)));
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stderr.isTTY ? createProgressLine(process.stderr) : undefined;
  const timing = mode === 'recorded' ? ` (timing ${settings.timing})` : ` (${clock ?? 'relay'} clock)`;
  const measured = settings.scenarios.filter((scenario) => !scenario.expect.error).length;
  process.stdout.write(
    `llmcompat ${VERSION} bench: ${settings.providers.length} providers × ${measured} scenarios × ` +
      `${loads.map(describeLoad).join(', ')}; ${requests} requests + ${warmup} warm-up per cell, ` +
      `${mode} mode${timing}\n`,
  );
  const outDir = resolve(values.out);
  const stopper = stopOnSignals(runTimeoutMs, outDir);
  try {
    let report: LatencyReport;
    try {
      report = await runBench({
        settings,
        loads,
        requests,
        warmup,
        varyPrompts: !values['exact-request'],
        ...(clock ? { clock } : {}),
        seed,
        env,
        version: VERSION,
        signal: stopper.signal,
        ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
      });
    } finally {
      progress?.clear();
    }
    return await finish(report, outDir, color, stopper.code());
  } finally {
    // Until the reports are written, a signal stops the run rather than killing the process mid-write.
    stopper.dispose();
  }
}

/** Writes the reports of a run that measured something and prints them; the exit code. */
async function finish(
  report: LatencyReport,
  outDir: string,
  color: boolean,
  stopCode: number | undefined,
): Promise<number> {
  if (report.cells.length === 0) {
    const why = report.run.complete
      ? nothingMeasured(report)
      : `${report.run.stopped ?? 'stopped'} before any cell was measured`;
    process.stderr.write(
      `llmcompat bench: ${why}; no report written (${join(outDir, 'latency.*')} left as it was).\n`,
    );
    return stopCode ?? 1;
  }
  const files = await writeReports(report, outDir);
  const table = renderLatencyTerminal(report, { color });
  process.stdout.write(table.endsWith('\n') ? table : `${table}\n`);
  process.stdout.write(skippedText(report));
  process.stdout.write(`Reports: ${files.join(', ')}\n`);
  if (!report.run.complete) {
    process.stderr.write(`llmcompat bench: ${partialText(report)}\n`);
    return stopCode ?? 1;
  }
  const failed = report.cells.some((cell) => cell.errors > 0);
  const missingFixtures = report.run.mode === 'recorded' && (report.skipped?.length ?? 0) > 0;
  return failed || missingFixtures ? 1 : 0;
}
