import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../suites/support/run-cli.ts';
import { failure } from '../core/diagnostic.ts';
import type { RunReport } from '../core/run-report.ts';
import { makeLatencyCell, makeLatencyReport } from '../latency/test-support/make-latency-report.ts';

const root = resolve(import.meta.dirname, '../..');

const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCli(args, env, cwd);

let dir: string;
let baseline: RunReport;
const write = async (name: string, value: unknown) => {
  const path = join(dir, name);
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-compare-'));
  baseline = JSON.parse(await readFile(join(root, 'baselines/conformance.json'), 'utf8')) as RunReport;
  await write('baseline.json', baseline);
  await write('same.json', baseline);
  const regressed = structuredClone(baseline);
  const openaiStream = regressed.cases.find((c) => c.provider === 'openai' && c.scenario === 'tools.stream')!;
  Object.assign(openaiStream, {
    status: 'fail',
    outcome: 'fail',
    diagnostics: [failure('missing-index', 'a tool_calls delta has no index')],
  });
  await write('regressed.json', regressed);
  await mkdir(join(dir, 'reports'));
  await write('reports/conformance.json', regressed);
  const latency = makeLatencyReport([makeLatencyCell({ provider: 'openai', scenario: 'stream.text' })]);
  await write('latency-baseline.json', latency);
  const slower = structuredClone(latency);
  slower.cells[0]!.ttftMs = { ...slower.cells[0]!.ttftMs!, p50: slower.cells[0]!.ttftMs!.p50 * 1.5 };
  await write('latency-slower.json', slower);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('llmcompat compare', () => {
  it('exits 0 on identical reports', async () => {
    const result = await cli(['compare', 'baseline.json', 'same.json'], dir);
    expect(result.stdout).toContain('No regression against the baseline');
    expect(result.code).toBe(0);
  });

  it('exits 1 on an injected regression, names it, and writes the Markdown summary', async () => {
    const summary = join(dir, 'step-summary.md');
    const result = await cli(
      ['compare', 'baseline.json', 'regressed.json', '--markdown', 'compare.md'],
      dir,
      {
        GITHUB_STEP_SUMMARY: summary,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/REGRESSION[^\n]*openai › tools\.stream/);
    expect(result.stdout).toContain('missing-index');
    const markdown = await readFile(join(dir, 'compare.md'), 'utf8');
    expect(markdown).toContain('### Regressions');
    expect(await readFile(summary, 'utf8')).toBe(markdown);
  });

  it('defaults the current report to reports/conformance.json', async () => {
    const result = await cli(['compare', 'baseline.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('openai › tools.stream');
  });

  it('reads a schema 1 baseline against a schema 2 report, and refuses a schema it does not know', async () => {
    expect(baseline.schema).toBe(1);
    const current = structuredClone(baseline);
    current.schema = 2;
    for (const c of current.cases) c.observed = { text: { text: 'Paris' }, toolCalls: [] };
    await write('schema-2.json', current);
    const across = await cli(['compare', 'baseline.json', 'schema-2.json'], dir);
    expect(across.stdout).toContain('No regression against the baseline');
    expect(across.code).toBe(0);
    const back = await cli(['compare', 'schema-2.json', 'baseline.json'], dir);
    expect(back.code).toBe(0);
    await write('schema-3.json', { ...current, schema: 3 });
    const future = await cli(['compare', 'baseline.json', 'schema-3.json'], dir);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain(
      'it has schema 3; this llmcompat reads conformance reports of schemas 1 and 2',
    );
  });

  it('compares latency reports against thresholds', async () => {
    const slower = await cli(['compare', 'latency-baseline.json', 'latency-slower.json'], dir);
    expect(slower.code).toBe(1);
    expect(slower.stdout).toMatch(/TTFT p50[^\n]*\+50% \(threshold ttft-p50 \+20%\)/);
    const loose = await cli(
      ['compare', 'latency-baseline.json', 'latency-slower.json', '--threshold', 'ttft-p50=60%'],
      dir,
    );
    expect(loose.code).toBe(0);
  });

  it('exits 2 and names the file or the mismatch on a usage error', async () => {
    const missing = await cli(['compare', 'nope.json', 'same.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The baseline ${join(dir, 'nope.json')} does not exist.`);
    const kinds = await cli(['compare', 'baseline.json', 'latency-baseline.json'], dir);
    expect(kinds.code).toBe(2);
    expect(kinds.stderr).toMatch(
      /Cannot compare baseline\.json \(a conformance report\) with latency-baseline\.json/,
    );
    const noDefault = await cli(['compare', 'latency-baseline.json'], dir);
    expect(noDefault.code).toBe(2);
    expect(noDefault.stderr).toContain('reports/latency.json does not exist');
    const threshold = await cli(['compare', 'baseline.json', '--threshold', 'ttft=20%'], dir);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain("Unknown threshold 'ttft'");
  });

  it('updates the baseline only when asked, and says so', async () => {
    await write('to-update.json', baseline);
    const before = await readFile(join(dir, 'to-update.json'), 'utf8');
    expect((await cli(['compare', 'to-update.json', 'regressed.json'], dir)).code).toBe(1);
    expect(await readFile(join(dir, 'to-update.json'), 'utf8')).toBe(before);
    const updated = await cli(['compare', 'to-update.json', 'regressed.json', '--update-baseline'], dir);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('Baseline updated on request: to-update.json now holds regressed.json');
    expect(updated.stdout).toContain('1 regression accepted');
    expect(await readFile(join(dir, 'to-update.json'), 'utf8')).toBe(
      await readFile(join(dir, 'regressed.json'), 'utf8'),
    );
    expect((await cli(['compare', 'to-update.json', 'regressed.json'], dir)).code).toBe(0);
  });

  it('refuses to make an interrupted run the baseline', async () => {
    const partial = structuredClone(baseline);
    partial.run.complete = false;
    await write('partial.json', partial);
    await write('keep.json', baseline);
    const result = await cli(['compare', 'keep.json', 'partial.json', '--update-baseline'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('interrupted run');
    expect(JSON.parse(await readFile(join(dir, 'keep.json'), 'utf8'))).toEqual(baseline);
  });

  it('answers --help with the options and an example', async () => {
    const help = await cli(['compare', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--update-baseline');
    expect(help.stdout).toContain('llmcompat compare baselines/conformance.json');
  });
});
