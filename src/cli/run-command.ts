import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startVitest } from 'vitest/node';
import { MatrixReporter } from '../report/matrix-reporter.ts';
import { conformanceSettings, ENV } from '../runner/conformance-env.ts';
import { UsageError } from '../runner/selection.ts';
import { PACKAGE_ROOT, VERSION } from './package-root.ts';

const HELP = `llmcompat run — run the conformance scenarios and print the capability matrix

Every provider × scenario becomes one vitest test. In recorded mode (the default and, for now, the only mode)
msw replays the fixtures under fixtures/: no keys, no network, deterministic.

Options:
  --provider <globs>   Providers to run, comma-separated, * allowed (default: all). e.g. --provider 'openai,ollama*'
  --scenario <globs>   Scenarios to run (default: all). e.g. --scenario 'tools.*'
  --mode recorded      Where requests go (default: recorded)
  --fixtures <dir>     Fixture folder (default: fixtures/ of the package)
  --timing fast|recorded
                       fast: replay every chunk at once (default); recorded: at its recorded arrival time
  --out <dir>          Where conformance.json and conformance.md go (default: reports/)
  --no-color           Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help           This help

Reading the matrix: ✓ pass · ✗ a declared capability failed (fails the run) · known gaps (a capability the catalog
says the provider lacks, with the reason) are shown but do not fail the run · ✓! passed though not declared (news) ·
E the harness could not judge (bad fixture, harness bug). Footnotes give each failure's code, message and evidence.

Examples:
  llmcompat run
  llmcompat run --provider together --scenario 'tools.*'

Exit codes: 0 ok · 1 a declared capability failed or a case errored · 2 usage error
`;

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' },
      scenario: { type: 'string' },
      mode: { type: 'string', default: 'recorded' },
      fixtures: { type: 'string' },
      timing: { type: 'string', default: 'fast' },
      out: { type: 'string', default: 'reports' },
      color: { type: 'boolean', default: true },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.mode !== 'recorded') {
    throw new UsageError(
      `Unknown mode '${values.mode}': this version runs 'recorded' (fixtures replayed offline).`,
    );
  }
  if (values.provider !== undefined) process.env[ENV.providers] = values.provider;
  if (values.scenario !== undefined) process.env[ENV.scenarios] = values.scenario;
  process.env[ENV.fixtures] = resolve(values.fixtures ?? resolve(PACKAGE_ROOT, 'fixtures'));
  process.env[ENV.timing] = values.timing;
  // Validate the selection here, so a typo gets a one-line answer instead of a failed test file.
  const settings = conformanceSettings();
  const color =
    values.color && !values['no-color'] && !process.env.NO_COLOR && !process.env.CI && process.stdout.isTTY;
  const progress = !process.env.CI && process.stdout.isTTY === true;
  const reporter = new MatrixReporter({
    outDir: resolve(values.out),
    mode: 'recorded',
    color,
    progress,
    version: VERSION,
    measureProcess: true,
  });
  process.stdout.write(
    `llmcompat ${VERSION}: ${settings.providers.length} providers × ${settings.scenarios.length} scenarios, recorded mode\n`,
  );
  const vitest = await startVitest('test', [], {
    root: PACKAGE_ROOT,
    config: false,
    include: ['suites/conformance.test.ts'],
    reporters: [reporter],
    // One process for the whole run, so its peak RSS and wall time are the run's own figures.
    pool: 'threads',
    watch: false,
  });
  const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
  await vitest.close();
  return failed || process.exitCode ? 1 : 0;
}
