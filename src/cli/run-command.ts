import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startVitest } from 'vitest/node';
import { loadConfig } from '../config/load-config.ts';
import { MatrixReporter } from '../report/matrix-reporter.ts';
import { ENV, type Mode, resolveRunSettings } from '../runner/run-settings.ts';
import { PACKAGE_ROOT, VERSION } from './package-root.ts';

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
  --env-file <path>         Keys file (default .env)

Other:
  --fixtures <dir>          Fixture folder to replay or record into (default: fixtures/ of the package)
  --timing fast|recorded    Recorded mode: every chunk at once (default), or at its recorded arrival time
  --out <dir>               Where conformance.json and conformance.md go (default: reports/)
  --config <file>           Config file (default: llmcompat.config.{ts,mjs,js,json} in this folder)
  --no-color                Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help                This help

Every option has an environment variable for use with plain vitest / npm test: LLMCOMPAT_MODE, LLMCOMPAT_PROVIDERS,
LLMCOMPAT_SCENARIOS, LLMCOMPAT_ONLY, LLMCOMPAT_BASE_URLS (id=url,…), LLMCOMPAT_MODELS, LLMCOMPAT_REPEAT,
LLMCOMPAT_REQUIRE_KEYS=1, LLMCOMPAT_REQUEST_TIMEOUT_MS, LLMCOMPAT_IDLE_TIMEOUT_MS, LLMCOMPAT_RETRIES,
LLMCOMPAT_CONCURRENCY, LLMCOMPAT_FIXTURES, LLMCOMPAT_TIMING, LLMCOMPAT_CONFIG, LLMCOMPAT_ENV_FILE.

Reading the matrix: ✓ pass · ✗ a declared capability failed (fails the run) · ✗ᵏ known gap (the catalog says the
provider lacks it; shown with the reason, the run stays green) · ✓! passed though not declared (news) · – skipped ·
E the harness could not judge (bad fixture, timeout). Footnotes give each failure's code, message and evidence.

Examples:
  llmcompat run
  llmcompat run --provider together --scenario 'tools.*'
  llmcompat run --mode live --provider openai,anthropic --repeat 3
  llmcompat run --mode live --base-url openai=http://127.0.0.1:4000/v1 --model openai=gpt-4o-mini
  llmcompat record --only together/tools.stream

Exit codes: 0 ok · 1 a declared capability failed or a case errored · 2 usage or configuration error
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
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Flags become LLMCOMPAT_* variables: the vitest suite reads its settings from there, as under `npm test`. */
function flagsToEnv(
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'],
  mode: Mode,
): void {
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

export async function runCommand(args: string[], defaultMode: Mode = 'recorded'): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  flagsToEnv(values, (values.mode ?? defaultMode) as Mode);
  // Validate here, so a typo gets a one-paragraph answer instead of a failed test file.
  const settings = resolveRunSettings(process.env, await loadConfig(process.env[ENV.config]));
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stdout.isTTY === true;
  const reporter = new MatrixReporter({
    outDir: resolve(values.out),
    mode: settings.mode,
    color,
    progress,
    version: VERSION,
    measureProcess: true,
  });
  const cases = settings.only?.size ?? settings.providers.length * settings.scenarios.length;
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
  return failed || process.exitCode ? 1 : 0;
}
