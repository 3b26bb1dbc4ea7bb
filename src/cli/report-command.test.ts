import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../suites/support/run-cli.ts';
import type { RunReport } from '../core/run-report.ts';
import { makeLatencyCell, makeLatencyReport } from '../latency/test-support/make-latency-report.ts';

const root = resolve(import.meta.dirname, '../..');

const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCli(args, env, cwd);

let dir: string;
const baselinePath = join(root, 'baselines/conformance.json');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-report-'));
  const latency = makeLatencyReport([makeLatencyCell({ provider: 'openai', scenario: 'stream.text' })]);
  await writeFile(join(dir, 'latency.json'), JSON.stringify(latency));
  const failing = JSON.parse(await readFile(baselinePath, 'utf8')) as RunReport;
  Object.assign(failing.cases[0]!, { status: 'error', outcome: 'error', reason: 'fixture not found' });
  await writeFile(join(dir, 'failing.json'), JSON.stringify(failing));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('llmcompat report', () => {
  it('re-renders a conformance report as the matrix, Markdown, JUnit XML and a step summary', async () => {
    const summary = join(dir, 'summary.md');
    const result = await cli(
      ['report', baselinePath, '--junit', 'junit.xml', '--markdown', 'matrix.md', '--github-summary'],
      dir,
      { GITHUB_STEP_SUMMARY: summary },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/together › tools\.stream[^\n]*tool-call-as-text/);
    expect(result.stdout).toContain('Written: junit.xml, matrix.md, $GITHUB_STEP_SUMMARY');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(140);
    const markdown = await readFile(join(dir, 'matrix.md'), 'utf8');
    expect(markdown).toContain('# llmcompat capability matrix');
    expect(await readFile(summary, 'utf8')).toBe(markdown);
  });

  it('exits 1 for a report holding a failing case, and re-renders a latency report', async () => {
    const failing = await cli(['report', 'failing.json', '--quiet'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('');
    const latency = await cli(['report', 'latency.json', '--markdown', 'latency.md'], dir);
    expect(latency.code).toBe(0);
    expect(latency.stdout).toContain('openai');
    expect(await readFile(join(dir, 'latency.md'), 'utf8')).toContain('openai');
  });

  it('exits 2 on a missing file or JUnit for a latency report', async () => {
    const missing = await cli(['report', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The report ${join(dir, 'nope.json')} does not exist.`);
    const junit = await cli(['report', 'latency.json', '--junit', 'x.xml'], dir);
    expect(junit.code).toBe(2);
    expect(junit.stderr).toContain('--junit needs a conformance report');
  });

  it('answers --help with the options and an example', async () => {
    const help = await cli(['report', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--junit <file>');
    expect(help.stdout).toContain('llmcompat report reports/conformance.json --junit reports/junit.xml');
  });
});
