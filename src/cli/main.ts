#!/usr/bin/env node
import { UsageError } from '../runner/selection.ts';

const HELP = `llmcompat — conformance and latency harness for LLM provider APIs

Usage: llmcompat <command> [options]

Commands:
  run      Run the conformance scenarios and print the capability matrix (default: recorded mode, offline)
  record   Run live and write what the providers answer into fixtures/ (same options as run)
  list     List the providers, their declared capabilities, and the scenarios

Run 'llmcompat <command> --help' for a command's options.

Exit codes: 0 ok · 1 a declared capability failed or a case errored · 2 usage or configuration error
`;

// Loaded on demand: `list` and `--help` should not pay for starting vitest.
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: async (args) => (await import('./run-command.ts')).runCommand(args),
  record: async (args) => (await import('./run-command.ts')).runCommand(args, 'record'),
  list: async (args) => (await import('./list-command.ts')).listCommand(args),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(
      `Unknown command '${command}'. Commands: ${Object.keys(COMMANDS).join(', ')}.\n\n${HELP}`,
    );
    return 2;
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
