#!/usr/bin/env -S node --
// The `--` stops Node from reading llmcompat's own options (it takes `--env-file` anywhere on the command line).
import { nodeTooOld } from './node-floor.mjs';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
await import('../src/cli/main.ts');
