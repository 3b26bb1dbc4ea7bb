import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDir, ensureDirSync } from './ensure-dir.ts';

const temp: string[] = [];
afterAll(async () => {
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-ensure-dir-'));
  temp.push(dir);
  return dir;
}

describe('ensureDir', () => {
  it('creates missing parents and accepts a folder that exists', async () => {
    const root = await tempDir();
    const deep = join(root, 'a', 'b', 'c');
    await ensureDir(deep);
    ensureDirSync(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('fails with the error of the folder it could not make, where a file stands in the way', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'file'), 'x');
    expect(() => ensureDirSync(join(root, 'file', 'sub'))).toThrow(/ENOTDIR|EEXIST/);
  });

  it.runIf(process.platform === 'linux')('fails at once under /proc, where a recursive mkdir spins', () => {
    expect(() => ensureDirSync('/proc/llmcompat-nope/reports')).toThrow(/ENOENT/);
  });
});
