import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

// Node's `mkdir(…, { recursive: true })` spins forever on some pseudo file systems (`/proc/nope/x` on Linux keeps
// answering ENOENT). These walk up to the nearest existing folder and create each missing one on their own, so a
// folder that cannot be made fails with the error of the first one that could not.

function missingChain(dir: string, exists: (path: string) => boolean): string[] {
  const missing: string[] = [];
  let at = dir;
  while (!exists(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  return missing;
}

function isDirSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Creates `dir` and any missing parents. */
export function ensureDirSync(dir: string): void {
  for (const path of missingChain(dir, isDirSync)) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirSync(path)) throw error;
    }
  }
}

/** As ensureDirSync; the few stat and mkdir calls of a report folder are not worth a round of promises. */
export async function ensureDir(dir: string): Promise<void> {
  ensureDirSync(dir);
}
