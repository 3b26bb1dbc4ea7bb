import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendGithubSummary, STEP_SUMMARY_LIMIT_BYTES } from './github-summary.ts';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-summary-'));
  file = join(dir, 'step_summary');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('appendGithubSummary', () => {
  it('writes nothing outside GitHub Actions', async () => {
    expect(await appendGithubSummary('# matrix\n', {})).toBeUndefined();
  });

  it('appends to $GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    await writeFile(file, '## earlier step\n');
    const env = { GITHUB_STEP_SUMMARY: file };
    expect(await appendGithubSummary('# matrix', env)).toBe(file);
    expect(await appendGithubSummary('## compare\n', env)).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('## earlier step\n\n# matrix\n\n## compare\n');
  });

  it('cuts a summary over GitHub’s 1 MiB limit at a line end and says so', async () => {
    const row = `| ${'é'.repeat(40)} |\n`;
    const markdown = row.repeat(Math.ceil((STEP_SUMMARY_LIMIT_BYTES * 1.5) / Buffer.byteLength(row)));
    await appendGithubSummary(markdown, { GITHUB_STEP_SUMMARY: file });
    const written = await readFile(file, 'utf8');
    expect(Buffer.byteLength(written)).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    expect(written).toContain('cut here: GitHub shows at most 1 MiB');
    const kept = written.slice(0, written.indexOf('\n\n_…'));
    expect(kept.split('\n').every((line) => line === row.trimEnd())).toBe(true);
  });
});
