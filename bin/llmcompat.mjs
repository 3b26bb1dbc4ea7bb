#!/usr/bin/env -S node --
// The `--` stops Node from reading llmcompat's own options (it takes `--env-file` anywhere on the command line).
import { existsSync } from 'node:fs';
import { nodeTooOld } from './node-floor.mjs';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
// A checkout runs its TypeScript sources, so a contributor needs no build and never runs a stale one; the package
// npm installs has no src/, only the JavaScript built into dist/ (Node does not strip types under node_modules).
const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(source) && !existsSync(built)) {
  process.stderr.write(
    'llmcompat: this copy has neither src/ nor the build in dist/ (npm builds the package when it packs it, not for ' +
      'a git dependency): install it from the registry or from a tarball made with `npm pack`, or run ' +
      '`npm run build` in a checkout.\n',
  );
  process.exit(1);
}
await import(existsSync(source) ? source.href : built.href);
