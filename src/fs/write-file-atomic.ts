import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ensureDir, ensureDirSync } from './ensure-dir.ts';

/**
 * Writes through a temporary file in the same folder and renames it over the target, so a reader (or a crash)
 * never sees half a file.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await ensureDir(dir);
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** As writeFileAtomic, synchronously: a signal handler has no event loop turns left to wait for. */
export function writeFileAtomicSync(path: string, content: string): void {
  ensureDirSync(dirname(path));
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
