import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A merge's conflict markers inside a template literal still compile: `llmcompat --help` shipped two of them once.
const ROOT = join(import.meta.dirname, '..');
const MARKER = /^(<{7}|>{7}) /m;

describe('the tracked files', () => {
  it('hold no merge conflict markers', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((path) => /\.(ts|mts|js|py|md|json|ya?ml)$/.test(path));
    expect(tracked.length).toBeGreaterThan(100);
    const marked = tracked.filter((path) => MARKER.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(marked).toEqual([]);
  });
});
