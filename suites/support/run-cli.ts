import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { catalogKeyEnvs } from '../../src/runner/provider-keys.ts';
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

/** Runs `llmcompat <args>` as a newcomer would, and returns its exit code and output (never throws on exit ≠ 0). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [resolve(ROOT, 'src/cli/main.ts'), ...args], {
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
