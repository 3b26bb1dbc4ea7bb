import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import { childEnv } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// A large live run spread over machines, in miniature and offline: two vitest shards write blob reports, one
// `vitest --merge-reports` turns them into the matrix; the result must equal one unsharded run's. Plain vitest
// commands, as the README gives them, in child processes watched for any connection beyond loopback.
const root = resolve(import.meta.dirname, '..');
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const entry = './src/report/matrix-reporter-entry.ts';
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function vitest(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [vitestBin, ...args], {
      cwd: root,
      env: childEnv({ LLMCOMPAT_MODE: 'recorded', ...env }),
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Outcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let shards: Outcome[];
let single: Outcome;
let merge: Outcome;

const readReport = async (folder: string) =>
  JSON.parse(await readFile(join(dir, folder, 'conformance.json'), 'utf8')) as RunReport;

/** What a matrix says about each case: the cell and the codes of its footnote. */
const cells = (report: RunReport) =>
  report.cases.map((c) => ({
    cell: `${c.provider} › ${c.scenario}`,
    status: c.status,
    outcome: c.outcome,
    codes: c.diagnostics.map((d) => d.code),
  }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-shards-'));
  const shard = (i: number) =>
    vitest(
      [
        'run',
        '--config',
        'vitest.shard.config.ts',
        `--shard=${i}/2`,
        '--reporter=blob',
        `--outputFile=${join(dir, 'blobs', `blob-${i}.json`)}`,
        // Each shard's own part of the matrix, to check that the shards split the providers between them.
        `--reporter=${entry}`,
      ],
      { LLMCOMPAT_REPORT_DIR: join(dir, `shard-${i}`) },
    );
  [shards, single] = await Promise.all([
    Promise.all([shard(1), shard(2)]),
    vitest(['run', 'suites/conformance.test.ts', `--reporter=${entry}`], {
      LLMCOMPAT_REPORT_DIR: join(dir, 'single'),
    }),
  ]);
  merge = await vitest(['run', `--merge-reports=${join(dir, 'blobs')}`, `--reporter=${entry}`], {
    LLMCOMPAT_REPORT_DIR: join(dir, 'merged'),
  });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('two vitest shards merged with --merge-reports', () => {
  it('run, merge and attempt nothing beyond loopback', () => {
    for (const outcome of [...shards, single, merge]) {
      expect(outcome.stderr).not.toContain(ATTEMPT_MARK);
      expect(outcome.code, outcome.stderr).toBe(0);
    }
  });

  it('split the providers between the shards', async () => {
    const [first, second, whole] = await Promise.all([
      readReport('shard-1'),
      readReport('shard-2'),
      readReport('single'),
    ]);
    const providers = (report: RunReport) => report.providers.map((p) => p.id);
    expect(providers(first).length).toBeGreaterThan(0);
    expect(providers(second).length).toBeGreaterThan(0);
    expect(providers(first).filter((id) => providers(second).includes(id))).toEqual([]);
    expect(first.cases.length + second.cases.length).toBe(whole.cases.length);
  });

  it('give the same matrix as one unsharded run: cases, outcomes and diagnostic codes', async () => {
    const [merged, whole] = await Promise.all([readReport('merged'), readReport('single')]);
    expect(whole.providers).toHaveLength(10);
    expect(merged.cases).toHaveLength(whole.cases.length);
    expect(merged.providers).toEqual(whole.providers);
    expect(merged.scenarios).toEqual(whole.scenarios);
    expect(cells(merged)).toEqual(cells(whole));
    expect(merged.summary).toEqual(whole.summary);
    const together = merged.cases.find((c) => c.provider === 'together' && c.scenario === 'tools.stream');
    expect(together?.outcome).toBe('known-gap');
    expect(merge.stdout).toMatch(/together › tools\.stream[^\n]*tool-call-as-text/);
  });

  it('write the same Markdown matrix, but for the run facts', async () => {
    const withoutFacts = async (folder: string) =>
      (await readFile(join(dir, folder, 'conformance.md'), 'utf8'))
        .split('\n')
        .filter((line) => !line.includes('started '))
        .join('\n');
    expect(await withoutFacts('merged')).toBe(await withoutFacts('single'));
  });
});
