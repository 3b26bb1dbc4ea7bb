// `npm run build` (and `prepack`): the package as npm ships it. tsc emits dist/ from src/ (JavaScript and
// declarations, `./x.ts` imports rewritten to `./x.js`), then the files tsc does not emit are copied beside them.
// The repository's own scripts and tests run src/ directly and never need this.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
// Folders of test material beside the code: never part of the package.
const TEST_ONLY = new Set(['__fixtures__', '__snapshots__', 'test-support', 'test-tls']);

/** Every file under `dir` that tsc does not emit: runtime assets such as the relay's plain-JavaScript worker. */
async function assets(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!TEST_ONLY.has(entry.name)) found.push(...(await assets(path)));
    } else if (!/\.[cm]?ts$/.test(entry.name) && !/\.test\./.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

// A clean dist/: a file whose source is gone must not ship.
await rm(DIST, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const emitted = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (emitted.status !== 0) {
  process.stderr.write(
    `build: tsc -p tsconfig.build.json failed (exit ${emitted.status ?? emitted.signal}).\n`,
  );
  process.exit(1);
}
const copied = await assets(SRC);
for (const file of copied) {
  const target = join(DIST, relative(SRC, file));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(file, target);
}
process.stdout.write(
  `build: dist/ from src/ (tsc), and ${copied.map((f) => relative(SRC, f)).join(', ')} copied\n`,
);
