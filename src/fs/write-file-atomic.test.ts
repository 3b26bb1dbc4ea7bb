import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates folders, replaces the file and leaves no temp file behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmcompat-'));
    const path = join(dir, 'nested', 'report.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'nested'))).toEqual(['report.json']);
  });

  it('leaves no temp file when the rename fails', async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmcompat-'));
    const target = join(dir, 'a-folder');
    await writeFileAtomic(join(target, 'x'), 'x');
    await expect(writeFileAtomic(target, 'cannot replace a folder')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a-folder']);
  });
});
