import { readFileSync } from 'node:fs';

/** Reads a fixture beside the calling test: `readFixture(import.meta.url, '__fixtures__/x.chunks.txt')`. */
export function readFixture(baseUrl: string, relativePath: string): string {
  return readFileSync(new URL(relativePath, baseUrl), 'utf8');
}
