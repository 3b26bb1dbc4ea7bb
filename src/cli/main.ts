import { parseArgs } from 'node:util';
import { closest } from '../catalog/suggest.ts';
import { VERSION } from '../core/package-root.ts';
import { UsageError } from '../core/usage-error.ts';
import { assertEnvFile } from '../secrets/provider-keys.ts';

const HELP = `llmcompat — conformance and latency harness for LLM provider APIs

Usage: llmcompat <command> [options]

Commands:
  run      Run the conformance scenarios and print the capability matrix (default: recorded mode, offline)
  record   Run live and write what the providers answer into fixtures/ (same options as run)
  bench    Measure latency (TTFT, inter-token latency, tokens/s, percentiles) under load, recorded or live
  list     List the providers, their declared capabilities, and the scenarios
  probe    Run every scenario live against a provider not in the catalog; print its matrix and config entry
  compare  Diff a conformance or latency report against a baseline; exit 1 on a regression
  report   Re-render a JSON report (terminal, Markdown, JUnit XML) without running anything
  verify   Check every fixture: schema, provenance, and no key or key-shaped value (run it in CI)
  init     Set llmcompat up in your repository: llmcompat.config.ts, .env.example, a GitHub workflow
  serve    Serve the fixtures over HTTP on 127.0.0.1 for your own test suite, logging each request's match

Run 'llmcompat <command> --help' for a command's options; 'llmcompat --version' (-v) for the version.

Exit codes: 0 ok · 1 a declared capability failed, a case errored, or compare found a regression ·
2 usage or configuration error
`;

// Loaded on demand: `list` and `--help` should not pay for starting vitest.
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: async (args) => (await import('./run-command.ts')).runCommand(args),
  record: async (args) => (await import('./run-command.ts')).runCommand(args, 'record'),
  bench: async (args) => (await import('./bench-command.ts')).benchCommand(args),
  list: async (args) => (await import('./list-command.ts')).listCommand(args),
  probe: async (args) => (await import('./probe-command.ts')).probeCommand(args),
  compare: async (args) => (await import('./compare-command.ts')).compareCommand(args),
  report: async (args) => (await import('./report-command.ts')).reportCommand(args),
  verify: async (args) => (await import('./verify-command.ts')).verifyCommand(args),
  init: async (args) => (await import('./init-command.ts')).initCommand(args),
  serve: async (args) => (await import('./serve-command.ts')).serveCommand(args),
};

// The commands that read a keys file. Checked here, before any command starts: run hands the path to vitest's
// workers and bench reads it only when live, so a mistyped path would otherwise pass unnoticed, and unkeyed.
const ENV_FILE_COMMANDS = new Set(['run', 'record', 'bench', 'probe', 'verify']);

/** The value of the last `--env-file` in `args`, read as the command's own strict parser will read it. */
function envFileArg(args: string[]): string | undefined {
  const { values } = parseArgs({
    args,
    options: { 'env-file': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const value = values['env-file'];
  return typeof value === 'string' ? value : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`llmcompat ${VERSION} (Node.js ${process.version})\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    const names = Object.keys(COMMANDS);
    const guess = closest(command, names);
    throw new UsageError(
      `Unknown command '${command}'.${guess ? ` Did you mean '${guess}'?` : ''} Commands: ${names.join(', ')} ` +
        "('llmcompat --help' says what each does).",
    );
  }
  if (ENV_FILE_COMMANDS.has(command)) {
    const envFile = envFileArg(rest);
    if (envFile !== undefined) assertEnvFile(envFile);
  }
  return handler(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`llmcompat: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `llmcompat: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
