// `npm run sample`: regenerates docs/recorded-matrix.md, the committed sample of the recorded matrix. A run writes
// only to reports/ (ignored by git), so the sample changes when someone runs this, on purpose, and commits it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../src/core/package-root.ts';
import { writeFileAtomic } from '../src/fs/write-file-atomic.ts';

const SAMPLE = join(PACKAGE_ROOT, 'docs', 'recorded-matrix.md');

const out = await mkdtemp(join(tmpdir(), 'llmcompat-sample-'));
try {
  // Started in the empty folder, so no llmcompat.config.* or .env of the working folder changes the sample.
  const run = spawnSync(
    process.execPath,
    ['--', join(PACKAGE_ROOT, 'bin', 'llmcompat.mjs'), 'run', '--mode', 'recorded', '--out', out],
    { cwd: out, stdio: 'inherit' },
  );
  if (run.status === 0) {
    await writeFileAtomic(SAMPLE, await readFile(join(out, 'conformance.md'), 'utf8'));
    process.stdout.write(`Wrote ${relative(process.cwd(), SAMPLE)}: review the diff, then commit it.\n`);
  } else {
    process.stderr.write(
      `The recorded run failed (exit ${run.status ?? run.signal}), so ${relative(process.cwd(), SAMPLE)} is left ` +
        'as it was: fix the failing cells first.\n',
    );
    process.exitCode = run.status ?? 1;
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
