import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_FLOOR, nodeTooOld } from '../bin/node-floor.mjs';
import { BIN, childEnv, ROOT, runCli } from './support/run-cli.ts';

// The first commands a newcomer types: which version this is, and what an older Node gets instead of a stack trace.
const STACK_FRAME = /^\s+at .+[:(]/m;
const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the Node version check of bin/llmcompat.mjs', () => {
  it('lets 22.18 and newer through', () => {
    for (const supported of [NODE_FLOOR, '22.18.0', '22.20.1', '23.6.0', '24.0.0', '24.22.3', '26.1.0']) {
      expect(nodeTooOld(supported), supported).toBeUndefined();
    }
  });

  it('stops an older Node with one sentence naming the version needed, the one found, and how to get one', () => {
    for (const old of ['22.17.1', '22.12.0', '20.20.2', '18.19.0']) {
      const message = nodeTooOld(old);
      expect(message, old).toContain('llmcompat needs Node.js 22.18 or newer');
      expect(message).toContain(`this is Node.js ${old}`);
      expect(message).toContain('https://nodejs.org/');
      expect(message).not.toContain('\n');
    }
  });

  it('agrees with engines in package.json', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${NODE_FLOOR.replace(/\.0$/, '')}`);
  });

  it('the real entry on a Node that reports an older version: that sentence, exit 2, no stack trace', async () => {
    // The version is faked in the child before the entry runs, so no old Node needs to be installed.
    const fake = `data:text/javascript,Object.defineProperty(process,'versions',{value:{...process.versions,node:'20.11.1'}})`;
    const failed = await promisify(execFile)(process.execPath, ['--import', fake, '--', BIN, 'list'], {
      cwd: ROOT,
      env: childEnv(),
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toBe(`${nodeTooOld('20.11.1')}\n`);
    expect(failed?.stdout).toBe('');
  }, 30_000);
});

describe('llmcompat --version', () => {
  it.concurrent.for(['--version', '-v', 'version'])(
    '%s prints the version and the Node, exit 0',
    { timeout: 30_000 },
    async (flag) => {
      const result = await runCli([flag]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`llmcompat ${version} (Node.js ${process.version})\n`);
      expect(result.stderr).toBe('');
    },
  );

  it('is in the top-level help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("'llmcompat --version' (-v)");
    expect(result.stdout).not.toMatch(STACK_FRAME);
  }, 30_000);
});
