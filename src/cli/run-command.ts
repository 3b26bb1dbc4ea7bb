import { accessSync, constants, type Dirent, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveClient } from '../config/client-config.ts';
import { loadConfig } from '../config/load-config.ts';
import {
  ENV,
  type Mode,
  overInputs,
  type RunInputs,
  type RunSettings,
  resolveRunSettings,
  runInputsFromEnv,
} from '../config/run-settings.ts';
import { SETTING_RANGES, wholeNumberOption } from '../config/setting-ranges.ts';
import { type CaseResult, failsRun } from '../core/case-result.ts';
import { PACKAGE_ROOT, VERSION } from '../core/package-root.ts';
import type { RunReport } from '../core/run-report.ts';
import { UsageError } from '../core/usage-error.ts';
import { ensureDirSync } from '../fs/ensure-dir.ts';
import { appendGithubSummary } from '../report/markdown/github-summary.ts';
import { renderMarkdownMatrix } from '../report/markdown/render-markdown-matrix.ts';
import { nothingRecordedNotice, nothingTestedNotice, unreachableNotices } from '../report/run-notices.ts';
import { renderTerminalMatrix } from '../report/terminal/render-terminal-matrix.ts';
import { writeRunReports } from '../report/write-run-reports.ts';
import { buildRunReport } from '../runner/build-run-report.ts';
import { runSelection, selectedPairs } from '../runner/run-conformance.ts';
import { loadDotenv, loadedSecrets, runKeyEnvs } from '../secrets/provider-keys.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { redactProcessOutput } from './redact-output.ts';
import { type StopRequest as Stop, watchStopRequests } from './stop-requests.ts';

const HELP = `llmcompat run — run the conformance scenarios and print the capability matrix

Every selected provider × scenario is one case, judged against what the catalog declares.

Modes:
  recorded (default)   msw replays fixtures/: no keys, no network, deterministic
  live                 the real endpoints, keys from .env or the environment; a provider without its key is skipped
  record               as live, and each completed case is written to fixtures/ (secrets redacted, atomic replace)

Selection:
  --provider <globs>        Providers, comma-separated, * allowed (default: all). e.g. --provider 'openai,ollama*'
  --scenario <globs>        Scenarios (default: all). e.g. --scenario 'tools.*'
  --only <p/s,...>          Exactly these provider/scenario pairs, e.g. --only together/tools.stream

Endpoints (repeatable; also in llmcompat.config.ts as providers.<id>.baseUrl / .model / .models):
  --base-url <id>=<url>     Send a provider's requests elsewhere: a proxy, a gateway, a local server
  --model <id>=<model>      Use another model than the catalog's default
  --model <id>/<capability>=<model>
                            The model for one capability's scenarios (reasoning: a reasoning model)

Live and record:
  --repeat <k>              Run each case k times: pass@k and pass^k per cell; 0 < passes < k is flaky (default 1)
  --require-keys            A provider without its key (or an unreachable Ollama) fails the run instead of skipping
  --timeout <ms>            No response headers within this fails the request (default 60000)
  --idle-timeout <ms>       No bytes for this long fails a stream (default 30000)
  --retries <n>             Retries for 429 and 5xx, honouring Retry-After (default 2)
  --concurrency <n>         Requests in flight per provider (default 4)
  --run-timeout <ms>        Bound the whole run: past it, what finished is written (partial) and the run fails
  --env-file <path>         Keys file (default .env)

Your client (any language; docs/client-protocol.md):
  --client <name>           Run the cases through an external client: clients.<name> in llmcompat.config.ts, or
                            the built-in python-reference. One process for the run, speaking JSON lines on stdio;
                            its requests go through llmcompat's gateway, so the wire checks stay llmcompat's.
                            Providers of a protocol it does not speak are skipped. Recorded or live mode only;
                            LLMCOMPAT_CLIENT too (for llmcompat run, not plain vitest)

Other:
  --fixtures <dir>          Fixture folder to replay or record into (default: fixtures/ of the package)
  --timing fast|recorded    Recorded mode: every chunk at once (default), or at its recorded arrival time
  --out <dir>               Where conformance.json and conformance.md go (default: reports/)
  --junit <file>            Also write JUnit XML: one testcase per provider × scenario, for any CI's test view
                            (the Markdown matrix is appended to $GITHUB_STEP_SUMMARY when that is set)
  --config <file>           Config file (default: the first llmcompat.config.* in this folder)
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
  llmcompat run --client python-reference --provider 'openai,cohere,openrouter,together,google-openai,ollama-openai'
  llmcompat record --only together/tools.stream

Ctrl-C (SIGINT) or SIGTERM stops the run at once (requests in flight are aborted) and writes the report of the
cases that finished, marked partial; a second Ctrl-C does not wait for anything.

Exit codes: 0 ok · 1 a declared capability failed, a case errored, nothing was tested (every case skipped), record
wrote no fixture, or the run was cut short by --run-timeout · 2 usage or configuration error ·
130 interrupted (SIGINT) · 143 terminated (SIGTERM)
`;

const RECORD_HELP = `llmcompat record — run live and write what the providers answer into fixtures/

Each case is run against the real endpoint (keys from .env or the environment) and, when its exchanges completed
and the answer is one the scenario can use, written to fixtures/<provider>/<scenario>.json: credentials, key values
and their encodings replaced by REDACTED, volatile ids and timestamps made stable, each file replaced atomically.
A failed answer (429, 401, an HTML page) is not written: the case says so and the old fixture stays. Fault
fixtures are synthesized, never recorded over. Then \`llmcompat run\` replays what was recorded, offline.

Selection:
  --provider <globs>        Providers, comma-separated, * allowed (default: all)
  --scenario <globs>        Scenarios (default: all). e.g. --scenario 'tools.*'
  --only <p/s,...>          Exactly these provider/scenario pairs, e.g. --only together/tools.stream

Endpoints (repeatable; also in llmcompat.config.ts as providers.<id>.baseUrl / .model / .models):
  --base-url <id>=<url>     Record from elsewhere (a proxy, a gateway): the fixtures remember the URL
  --model <id>=<model>      Record another model than the catalog's default
  --model <id>/<capability>=<model>
                            The model for one capability's scenarios

Limits:
  --require-keys            A provider without its key (or an unreachable Ollama) fails the run instead of skipping
  --timeout <ms>            No response headers within this fails the request (default 60000)
  --idle-timeout <ms>       No bytes for this long fails a stream (default 30000)
  --retries <n>             Retries for 429 and 5xx, honouring Retry-After (default 2)
  --concurrency <n>         Requests in flight per provider (default 4)
  --run-timeout <ms>        Bound the whole run: past it, what finished is written (partial) and the run fails
  --env-file <path>         Keys file (default .env)

Other:
  --fixtures <dir>          Fixture folder to write into (default: fixtures/ of the package)
  --out <dir>               Where the report of the recording run goes (default: reports/)
  --junit <file>            Also write JUnit XML
  --config <file>           Config file (default: the first llmcompat.config.* in this folder)
  --no-color                Plain output
  -h, --help                This help

Examples:
  llmcompat record --only together/tools.stream
  llmcompat record --provider openai,anthropic
  llmcompat record --provider openai --base-url openai=http://127.0.0.1:4000/v1

Exit codes: 0 recorded · 1 nothing was recorded, a declared capability failed or a case errored · 2 usage or
configuration error · 130 interrupted (SIGINT) · 143 terminated (SIGTERM)
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
  client: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** The flags over the environment's LLMCOMPAT_* variables: one validation for both, and the flag wins. */
function runInputs(values: Values, mode: string): RunInputs {
  const inputs = overInputs(runInputsFromEnv(process.env), {
    mode,
    providers: values.provider,
    scenarios: values.scenario,
    only: values.only,
    baseUrls: values['base-url']?.join(','),
    models: values.model?.join(','),
    repeat: values.repeat,
    requireKeys: values['require-keys'] ? true : undefined,
    requestTimeoutMs: values.timeout,
    idleTimeoutMs: values['idle-timeout'],
    retries: values.retries,
    concurrency: values.concurrency,
    timing: values.timing,
  });
  return {
    ...inputs,
    fixtures: resolve(values.fixtures ?? inputs.fixtures ?? resolve(PACKAGE_ROOT, 'fixtures')),
  };
}

/** How long an aborted run may take to let go of its cases before what finished is written without them. */
const STOP_GRACE_MS = 3_000;

/** Fails now, with the fix, rather than after the run, when the reports cannot be written where asked. */
function assertWritableDir(dir: string, flag: string): void {
  try {
    ensureDirSync(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(
      `Cannot write reports into ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        `give a folder you can write to with ${flag} <dir>.`,
    );
  }
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

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export async function runCommand(args: string[], defaultMode: Mode = 'recorded'): Promise<number> {
  const { values } = parseCommandArgs(defaultMode === 'record' ? 'record' : 'run', args, OPTIONS);
  if (values.help) {
    process.stdout.write(defaultMode === 'record' ? RECORD_HELP : HELP);
    return 0;
  }
  const env = process.env;
  const configPath = values.config ?? env[ENV.config];
  const config = await loadConfig(configPath && resolve(configPath));
  const settings = resolveRunSettings(runInputs(values, values.mode ?? defaultMode), config);
  const runTimeoutMs = wholeNumberOption(
    values['run-timeout'] ?? env.LLMCOMPAT_RUN_TIMEOUT_MS,
    '--run-timeout',
    SETTING_RANGES.runTimeoutMs,
  );
  const clientName = values.client ?? (env.LLMCOMPAT_CLIENT || undefined);
  const client = clientName === undefined ? undefined : resolveClient(config.clients, clientName);
  const total = selectedPairs(settings).length;
  if (total === 0) {
    throw new UsageError(
      'The selection holds no case: the scenarios chosen do not run for the providers chosen (a fault scenario ' +
        "runs for one provider per protocol: see 'llmcompat list'). Widen --provider, --scenario or --only.",
    );
  }
  const outDir = resolve(values.out);
  assertWritableDir(outDir, '--out');
  const junitOption = values.junit ?? config.reports?.junit;
  const junitFile = junitOption ? resolve(junitOption) : undefined;
  if (settings.mode !== 'recorded') {
    loadDotenv(values['env-file'] ? resolve(values['env-file']) : env[ENV.envFile]);
    redactProcessOutput(loadedSecrets(process.env, runKeyEnvs(settings.providers)));
  }
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stdout.isTTY === true;
  const columns = process.stdout.columns || 80;
  process.stdout.write(`${banner(settings, total, clientName)}\n`);

  const finished: CaseResult[] = [];
  const startedAt = new Date();
  const controller = new AbortController();
  let stop: Stop | undefined;
  const partialReport = (): RunReport =>
    buildRunReport(finished, {
      mode: settings.mode,
      startedAt,
      finishedAt: new Date(),
      complete: false,
      selected: total,
      version: VERSION,
      providers: settings.providers,
      // Its version is known only to the run that said hello; this report is written without waiting for it.
      ...(clientName === undefined ? {} : { client: { name: clientName, version: 'unknown' } }),
    });
  const leaveNow = (why: Stop) => {
    // The run did not let go in time (or a second signal came): write what finished, without waiting for it.
    finish(partialReport(), why);
    process.exit(why.code);
  };
  const finish = (report: RunReport, why: Stop | undefined): number => {
    if (progress) process.stdout.write('\r\x1b[2K');
    return writeOutcome(report, { outDir, junitFile, color, columns, settings, stop: why, total });
  };
  const requestStop = (why: Stop) => {
    if (stop) return leaveNow(stop);
    stop = why;
    controller.abort(new Error(why.why));
    setTimeout(() => leaveNow(why), STOP_GRACE_MS).unref();
  };
  const stopWatching = watchStopRequests(runTimeoutMs, requestStop);
  try {
    const report = await runSelection(settings, {
      env: process.env,
      signal: controller.signal,
      ...(client ? { client } : {}),
      onCase: (result, { done }) => {
        finished.push(result);
        const count = `${String(done).padStart(String(total).length)}/${total}`;
        const line = `${count} · ${result.provider} › ${result.scenario}: ${result.outcome}`;
        if (progress) process.stdout.write(`\r\x1b[2K${line}`);
        // A live run can take minutes: a CI log shows each case as it finishes.
        else if (settings.mode !== 'recorded') process.stdout.write(`${line}\n`);
      },
    });
    const code = finish(report, stop);
    if (report.cases.length > 0) await appendGithubSummary(renderMarkdownMatrix(report));
    return code;
  } finally {
    stopWatching();
  }
}

function banner(settings: RunSettings, total: number, clientName: string | undefined): string {
  const attempts = settings.repeat > 1 ? `, ${settings.repeat} attempts each` : '';
  const through = clientName === undefined ? '' : `, through client ${clientName}`;
  return (
    `llmcompat ${VERSION}: ${plural(settings.providers.length, 'provider')} × ` +
    `${plural(settings.scenarios.length, 'scenario')} (${plural(total, 'case')}), ${settings.mode} mode${attempts}` +
    through
  );
}

interface Outcome {
  outDir: string;
  junitFile: string | undefined;
  color: boolean;
  columns: number;
  settings: RunSettings;
  stop: Stop | undefined;
  total: number;
}

/** Prints the matrix and what it means, writes the reports, and returns the exit code. */
function writeOutcome(report: RunReport, outcome: Outcome): number {
  const { stop } = outcome;
  report.run.resources = {
    processWallMs: Math.round(performance.now()),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const out = (text: string) => process.stdout.write(text);
  if (report.cases.length > 0) {
    out(`\n${renderTerminalMatrix(report, { color: outcome.color, columns: outcome.columns })}\n`);
    const { processWallMs, peakRssMb } = report.run.resources;
    out(
      `Run cost: ${plural(report.cases.length, 'case')}, ${(processWallMs / 1000).toFixed(1)} s from process ` +
        `start, peak RSS ${peakRssMb} MB.\n`,
    );
  }
  const notices = [...unreachableNotices(report)];
  const nothingTested = nothingTestedNotice(report);
  const nothingRecorded = nothingRecordedNotice(report);
  for (const notice of [...notices, nothingTested, nothingRecorded]) {
    if (notice) process.stderr.write(`llmcompat: ${notice}\n`);
  }
  let written: string[] = [];
  let writeError: string | undefined;
  if (report.cases.length > 0) {
    try {
      written = writeRunReports(report, {
        outDir: outcome.outDir,
        ...(outcome.junitFile ? { junitFile: outcome.junitFile } : {}),
      });
      out(`Reports: ${written.join(', ')}\n`);
    } catch (error) {
      writeError =
        `Cannot write the reports into ${outcome.outDir}: ${(error as Error).message}. ` +
        'Give a folder you can write to with --out <dir>.';
      process.stderr.write(`llmcompat: ${writeError}\n`);
    }
  }
  removeOwnTempFiles(outcome.outDir, 0);
  if (outcome.settings.mode === 'record') removeOwnTempFiles(outcome.settings.fixtureDir, 1);
  if (stop) {
    const what = `${report.cases.length} of ${outcome.total} cases had finished`;
    const notice =
      written.length > 0
        ? `${what}; partial report written to ${written.slice(0, 2).join(' and ')}`
        : report.cases.length === 0
          ? 'no case had finished; no report written'
          : `${what}; no report written`;
    process.stderr.write(`\nllmcompat: ${stop.why}: ${notice}.\n`);
    return stop.code;
  }
  if (writeError) return 2;
  if (nothingTested || nothingRecorded) return 1;
  return report.cases.some((c) => failsRun(c.outcome)) ? 1 : 0;
}
