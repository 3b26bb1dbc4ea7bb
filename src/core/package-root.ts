import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder holding llmcompat's package.json, fixtures/ and suites/, wherever the CLI is started from. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..');

export const VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
