import { type Dirent, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startVitest } from 'vitest/node';
import { loadConfig } from '../config/load-config.ts';
import { MatrixReporter } from '../report/matrix-reporter.ts';
import { ENV, type Mode, type RunSettings, resolveRunSettings } from '../runner/run-settings.ts';
import { UsageError } from '../runner/selection.ts';
import { PACKAGE_ROOT, VERSION } from './package-root.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const HELP = `llmcompat run — run the conformance scenarios and print the capability matrix

Every provider × scenario becomes one vitest test, judged against what the catalog declares.

Modes:
  recorded (default)   msw replays fixtures/: no keys, no network, deterministic
  live                 the real endpoints, keys from .env or the environment; a provider without its key is skipped
  record               as live, and each completed case is written to fixtures/ (secrets redacted, atomic replace)

Selection:
  --provider <globs>        Providers, comma-separated, * allowed (default: all). e.g. --provider 'openai,ollama*'
  --scenario <globs>        Scenarios (default: all). e.g. --scenario 'tools.*'
  --only <p/s,...>          Exactly these provider/scenario pairs, e.g. --only together/tools.stream

Endpoints (repeatable; also in llmcompat.config.ts as providers.<id>.baseUrl / .model):
  --base-url <id>=<url>     Send a provider's requests elsewhere: a proxy, a gateway, a local server
  --model <id>=<model>      Use another model than the catalog's default

Live and record:
  --repeat <k>              Run each case k times: pass@k and pass^k per cell; 0 < passes < k is flaky (default 1)
  --require-keys            A provider without its key (or an unreachable Ollama) fails the run instead of skipping
  --timeout <ms>            No response headers within this fails the request (default 60000)
  --idle-timeout <ms>       No bytes for this long fails a stream (default 30000)
  --retries <n>             Retries for 429 and 5xx, honouring Retry-After (default 2)
  --concurrency <n>         Requests in flight per provider (default 4)
  --run-timeout <ms>        Bound the whole run: past it, what finished is written (partial) and the run fails
  --env-file <path>         Keys file (default .env)

Other:
  --fixtures <dir>          Fixture folder to replay or record into (default: fixtures/ of the package)
  --timing fast|recorded    Recorded mode: every chunk at once (default), or at its recorded arrival time
  --out <dir>               Where conformance.json and conformance.md go (default: reports/)
  --junit <file>            Also write JUnit XML: one testcase per provider × scenario, for any CI's test view
                            (the Markdown matrix is appended to $GITHUB_STEP_SUMMARY when that is set)
  --config <file>           Config file (default: llmcompat.config.{ts,mjs,js,json} in this folder)
  --no-color                Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help                This help

Every option has an environment variable for use with plain vitest / npm test: LLMCOMPAT_MODE, LLMCOMPAT_PROVIDERS,
LLMCOMPAT_SCENARIOS, LLMCOMPAT_ONLY, LLMCOMPAT_BASE_URLS (id=url,…), LLMCOMPAT_MODELS, LLMCOMPAT_REPEAT,
LLMCOMPAT_REQUIRE_KEYS=1, LLMCOMPAT_REQUEST_TIMEOUT_MS, LLMCOMPAT_IDLE_TIMEOUT_MS, LLMCOMPAT_RETRIES,
LLMCOMPAT_CONCURRENCY, LLMCOMPAT_RUN_TIMEOUT_MS, LLMCOMPAT_FIXTURES, LLMCOMPAT_TIMING, LLMCOMPAT_CONFIG,
LLMCOMPAT_ENV_FILE.

Reading the matrix: ✓ pass · ✗ a declared capability failed (fails the run) · ✗ᵏ known gap (the catalog says the
provider lacks it; shown with the reason, the run stays green) · ✓! passed though not declared (news) · – skipped ·
E the harness could not judge (bad fixture, timeout). Footnotes give each failure's code, message and evidence.

Examples:
  llmcompat run
  llmcompat run --provider together --scenario 'tools.*'
  llmcompat run --mode live --provider openai,anthropic --repeat 3
  llmcompat run --mode live --base-url openai=http://127.0.0.1:4000/v1 --model openai=gpt-4o-mini
  llmcompat record --only together/tools.stream

Ctrl-C (SIGINT) or SIGTERM stops the run at once and writes the report of the cases that finished, marked partial.

Exit codes: 0 ok · 1 a declared capability failed or a case errored · 2 usage or configuration error ·
130 interrupted (SIGINT) · 143 terminated (SIGTERM)
`;

const OPTIONS = {
  provider: { type: 'string' },
  scenario: { type: 'string' },
  only: { type: 'string' },
  mode: { type: 'string' },
  'base-url': { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  repeat: { type: 'string' },
  'require-keys': { type: 'boolean' },
  timeout: { type: 'string' },
  'idle-timeout': { type: 'string' },
  retries: { type: 'string' },
  concurrency: { type: 'string' },
  'env-file': { type: 'string' },
  fixtures: { type: 'string' },
  timing: { type: 'string' },
  out: { type: 'string', default: 'reports' },
  config: { type: 'string' },
  color: { type: 'boolean', default: true },
  'no-color': { type: 'boolean', default: false },
  junit: { type: 'string' },
  'run-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Flags become LLMCOMPAT_* variables: the vitest suite reads its settings from there, as under `npm test`. */
function flagsToEnv(values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'], mode: Mode): void {
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) process.env[name] = value;
  };
  set(ENV.mode, mode);
  set(ENV.providers, values.provider);
  set(ENV.scenarios, values.scenario);
  set(ENV.only, values.only);
  set(ENV.baseUrls, values['base-url']?.join(','));
  set(ENV.models, values.model?.join(','));
  set(ENV.repeat, values.repeat);
  if (values['require-keys']) process.env[ENV.requireKeys] = '1';
  set(ENV.requestTimeoutMs, values.timeout);
  set(ENV.idleTimeoutMs, values['idle-timeout']);
  set(ENV.retries, values.retries);
  set(ENV.concurrency, values.concurrency);
  set(ENV.envFile, values['env-file'] && resolve(values['env-file']));
  set(ENV.config, values.config && resolve(values.config));
  set(ENV.timing, values.timing);
  process.env[ENV.fixtures] = resolve(values.fixtures ?? resolve(PACKAGE_ROOT, 'fixtures'));
}

const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

function runTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) {
    throw new UsageError(`--run-timeout must be a whole number of milliseconds ≥ 1, got '${value}'.`);
  }
  return ms;
}

/**
 * Removes this process's leftover temporary files (writeFileAtomic names them `.<name>.<pid>.<hex>.tmp`) from `dir`
 * and, with depth 1, from its subfolders: a write the exit cut short must not leave one behind.
 */
function removeOwnTempFiles(dir: string, depth: number): void {
  const own = new RegExp(`^\\..+\\.${process.pid}\\.[0-9a-f]+\\.tmp$`);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) removeOwnTempFiles(path, depth - 1);
    } else if (own.test(entry.name)) {
      rmSync(path, { force: true });
    }
  }
}

interface InterruptTarget {
  reporter: MatrixReporter;
  total: number;
  outDir: string;
  /** Record mode: the fixture folder, where a case may be mid-write. */
  fixtureDir?: string;
}

/**
 * Ctrl-C and SIGTERM stop the run at once, as vitest's own handler does (it exits a millisecond after either
 * signal, without ending the run), but first write the report of what finished. Everything here is synchronous,
 * so it completes before any exit; the process leaves from here with 130 or 143.
 */
function exitOnSignals(target: InterruptTarget, runTimeoutMs: number | undefined): () => void {
  const stop = (why: string, code: number) => {
    const written = target.reporter.writeInterrupted();
    removeOwnTempFiles(target.outDir, 0);
    if (target.fixtureDir) removeOwnTempFiles(target.fixtureDir, 1);
    const what = `${written.cases} of ${target.total} cases had finished`;
    const notice = written.error
      ? `${what}, but the partial report could not be written into ${target.outDir}: ${written.error}`
      : written.files.length > 0
        ? `${what}; partial report written to ${written.files.join(' and ')}`
        : written.cases === 0
          ? 'no case had finished; no report written'
          : `${what}; no report written`;
    process.stderr.write(`\nllmcompat: ${why}: ${notice}.\n`);
    process.exit(code);
  };
  const onSignal = (signal: keyof typeof EXIT_ON_SIGNAL) =>
    stop(`interrupted by ${signal}`, EXIT_ON_SIGNAL[signal]);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The whole run's bound: past it, what finished is reported (partial) and the run fails.
  const timer =
    runTimeoutMs === undefined
      ? undefined
      : setTimeout(
          () => stop(`the run timeout of ${runTimeoutMs} ms was reached (--run-timeout)`, 1),
          runTimeoutMs,
        );
  timer?.unref();
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (timer) clearTimeout(timer);
  };
}

export async function runCommand(args: string[], defaultMode: Mode = 'recorded'): Promise<number> {
  const { values } = parseCommandArgs(defaultMode === 'record' ? 'record' : 'run', args, OPTIONS);
  if (values.help) {
    if (defaultMode === 'record') {
      process.stdout.write(
        'llmcompat record is llmcompat run --mode record: every completed case is written to fixtures/.\n\n',
      );
    }
    process.stdout.write(HELP);
    return 0;
  }
  flagsToEnv(values, (values.mode ?? defaultMode) as Mode);
  // Validate here, so a typo gets a one-paragraph answer instead of a failed test file.
  const config = await loadConfig(process.env[ENV.config]);
  const settings = resolveRunSettings(process.env, config);
  const junit = values.junit ?? config.reports?.junit;
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stdout.isTTY === true;
  const outDir = resolve(values.out);
  const reporter = new MatrixReporter({
    outDir,
    mode: settings.mode,
    color,
    progress,
    version: VERSION,
    measureProcess: true,
    githubSummary: true,
    ...(junit ? { junitFile: resolve(junit) } : {}),
  });
  const cases = settings.only?.size ?? settings.providers.length * settings.scenarios.length;
  const stopHandlingSignals = exitOnSignals(
    {
      reporter,
      total: cases,
      outDir,
      ...(settings.mode === 'record' ? { fixtureDir: settings.fixtureDir } : {}),
    },
    runTimeout(values['run-timeout'] ?? process.env.LLMCOMPAT_RUN_TIMEOUT_MS),
  );
  try {
    return await runVitest(reporter, settings, cases);
  } finally {
    stopHandlingSignals();
  }
}

async function runVitest(reporter: MatrixReporter, settings: RunSettings, cases: number): Promise<number> {
  process.stdout.write(
    `llmcompat ${VERSION}: ${settings.providers.length} providers × ${settings.scenarios.length} scenarios ` +
      `(${cases} cases), ${settings.mode} mode${settings.repeat > 1 ? `, ${settings.repeat} attempts each` : ''}\n`,
  );
  const vitest = await startVitest('test', [], {
    root: PACKAGE_ROOT,
    config: false,
    include: ['suites/conformance.test.ts'],
    reporters: [reporter],
    // One process for the whole run, so its peak RSS and wall time are the run's own figures.
    pool: 'threads',
    // Live cases run side by side; each provider's own cap (--concurrency) still holds.
    maxConcurrency: Math.max(5, settings.providers.length * settings.live.concurrency),
    watch: false,
  });
  const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
  await vitest.close();
  if (reporter.writeError) return 2;
  return failed || process.exitCode ? 1 : 0;
}
