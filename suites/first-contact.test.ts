import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/core/package-root.ts';
import { childEnv, runCli as cli } from './support/run-cli.ts';

// The smaller things a newcomer meets on a first try, each seen once and now answered properly.
const root = resolve(import.meta.dirname, '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-first-contact-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a first contact', () => {
  it('record --help is record’s own: no modes, no replay timing, what it writes and keeps', async () => {
    const { code, stdout } = await cli(['record', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^llmcompat record — run live and write what the providers answer into fixtures\//,
    );
    expect(stdout).not.toContain('--timing');
    expect(stdout).not.toMatch(/--mode\b/);
    expect(stdout).toContain('the old fixture stays');
  });

  it('counts in words that agree with the number', async () => {
    const out = join(dir, 'one');
    const { code, stdout } = await cli(['run', '--only', 'openai/chat.basic', '--out', out]);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('1 provider × 1 scenario (1 case), recorded mode');
    expect(stdout).toContain('1 case: 1 pass');
    expect(stdout).not.toMatch(/\b1 (cases|providers|scenarios)\b/);
  });

  it.each([
    [
      'a getter that throws',
      'export default { get providers() { throw new Error("boom"); } };\n',
      'reading it threw Error: boom',
    ],
    ['a thrown string', 'throw "nope";\n', 'it threw "nope" (not an Error) while loading'],
  ])('a config with %s: one sentence and exit 2', async (_what, text, says) => {
    const file = join(dir, `config-${says.length}.mjs`);
    await writeFile(file, text);
    const { code, stderr } = await cli(['run', '--config', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(says);
    expect(stderr).not.toMatch(/^\s+at .+[:(]/m);
  });

  it('npm test’s matrix is headed with the real version', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'suites/conformance.test.ts'],
      { cwd: root, env: childEnv({ LLMCOMPAT_ONLY: 'openai/chat.basic' }), maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toContain(`Capability matrix · llmcompat ${VERSION} · recorded mode`);
    expect(stdout).not.toContain('llmcompat 0.0.0');
  }, 60_000);
});
