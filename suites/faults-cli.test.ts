import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// One `llmcompat run` over every scenario, the faults included, in one process cut off beyond loopback: it
// survives all 65 faults and writes a complete report whose matrix is the usual 10 × 16 plus the fault section.
const root = resolve(import.meta.dirname, '..');
const execute = promisify(execFile);
let out: string;
let result: { code: number; stdout: string; stderr: string };
let report: RunReport;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'llmcompat-faults-'));
  const args = ['--import', join(root, 'suites/support/watch-network.ts'), join(root, 'src/cli/main.ts')];
  try {
    const { stdout, stderr } = await execute(
      process.execPath,
      [...args, 'run', '--scenario', '*', '--out', out],
      { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 32 * 1024 * 1024 },
    );
    result = { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    result = { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
  report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
}, 60_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('a run with every fault', () => {
  it('exits 0, offline, and counts the pairs that run (faults: one provider per protocol)', () => {
    expect(result.stderr).not.toContain(ATTEMPT_MARK);
    expect(result.code, result.stdout.slice(-2000) + result.stderr.slice(-2000)).toBe(0);
    expect(result.stdout).toContain('(225 cases)');
  });

  it('writes a complete report: 160 conformance cases and 65 fault cases, each fault named as injected', async () => {
    expect(report.run.complete).toBe(true);
    const faults = report.cases.filter((c) => c.capability === 'fault-handling');
    expect(report.cases.length - faults.length).toBe(160);
    expect(faults).toHaveLength(65);
    expect(faults.filter((c) => c.fault?.observed !== c.fault?.expected)).toEqual([]);
    expect(report.summary.fail + report.summary.error).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['conformance.json', 'conformance.md', 'index.html']);
  });

  it('draws the faults as their own table after the unchanged 10 × 16 matrix', async () => {
    const markdown = await readFile(join(out, 'conformance.md'), 'utf8');
    const [main, faults] = markdown.split('## Faults');
    const header = main?.split('\n').find((line) => line.startsWith('| scenario |')) ?? '';
    const columns = header
      .split('|')
      .map((cell) => cell.trim())
      .filter(Boolean);
    expect(columns).toHaveLength(1 + 10);
    const scenarioRows = (main ?? '').split('\n').filter((line) => line.startsWith('| `'));
    expect(scenarioRows).toHaveLength(16);
    expect(scenarioRows.some((row) => row.includes('faults.'))).toBe(false);
    expect(faults).toContain(
      '| fault | openai (openai-chat) | google (gemini) | anthropic (anthropic-messages)',
    );
    expect(faults).toContain('| `rate-limited` | ✓ rate-limited | ✓ rate-limited |');
    expect(result.stdout).toMatch(/^oversized +│ ✓ {2,}✓ {2,}✓ {2,}✓ {2,}✓$/m);
  });
});
