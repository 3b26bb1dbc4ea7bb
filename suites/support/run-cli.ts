import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { catalogKeyEnvs } from '../../src/secrets/provider-keys.ts';
import { watchNetworkOption } from './watch-network.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const execute = promisify(execFile);

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI child: no real key from this machine (only those a test passes), no settings leaking in
 * from the parent run, CI set, and the offline watch loaded into every process and worker.
 */
export function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|LLMCOMPAT_|GITHUB_STEP_SUMMARY$|NODE_OPTIONS$)/.test(name),
    ),
  );
  for (const name of catalogKeyEnvs()) delete clean[name];
  return { ...clean, CI: 'true', NODE_OPTIONS: watchNetworkOption(), ...env };
}

/** The entry a newcomer runs (package.json `bin`): the Node version check, then src/cli/main.ts. */
export const BIN = resolve(ROOT, 'bin/llmcompat.mjs');

/**
 * Runs `llmcompat <args>` as a newcomer would, and returns its exit code and output (never throws on exit ≠ 0).
 * `--` as the bin's shebang has it: Node stops reading options there, so it leaves `--env-file` to llmcompat.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await execute(process.execPath, ['--', BIN, ...args], {
      cwd,
      env: childEnv(env),
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliOutcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
