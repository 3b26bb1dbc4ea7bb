import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runCli as cli } from './support/run-cli.ts';
import { ATTEMPT_MARK } from './support/watch-network.ts';

// Fixtures that pass for JSON but cannot be replayed as a conversation (a stream that stalls or never answers on a
// plain scenario, a URL that is not one, a status past 599, a header with a line break): every selected case still
// has a result, as an error naming the fixture or the limit, and the run fails. The CLI children are watched offline.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const temp: string[] = [];
let fixtures: string;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-every-case-'));
  temp.push(dir);
  return dir;
}

async function edit(scenario: string, change: (fixture: Fixture) => void): Promise<void> {
  const path = join(fixtures, 'openai', `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  change(fixture);
  await writeFile(path, JSON.stringify(fixture));
}

const first = (fixture: Fixture) => fixture.exchanges[0]!;

beforeAll(async () => {
  fixtures = await tempDir();
  await cp(join(shipped, 'openai'), join(fixtures, 'openai'), { recursive: true });
  await edit('chat.basic', (f) => {
    first(f).response.fault = { kind: 'stall' };
  });
  await edit('chat.system', (f) => {
    first(f).response.fault = { kind: 'never-respond' };
  });
  await edit('chat.multi-turn', (f) => {
    first(f).request.url = 'not a url';
  });
  await edit('tools.single', (f) => {
    first(f).response.status = 999;
  });
  await edit('tools.parallel', (f) => {
    first(f).response.headers['x-bad\nname'] = 'v';
  });
});

afterAll(async () => {
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a run over fixtures that cannot be replayed as asked', () => {
  let out: string;
  let run: Awaited<ReturnType<typeof cli>>;
  let report: RunReport;
  const only = [
    'chat.basic',
    'chat.system',
    'chat.multi-turn',
    'tools.single',
    'tools.parallel',
    'stream.text',
  ];

  beforeAll(async () => {
    out = await tempDir();
    const pairs = only.map((s) => `openai/${s}`).join(',');
    run = await cli([
      'run',
      '--only',
      pairs,
      '--fixtures',
      fixtures,
      '--out',
      out,
      '--timeout',
      '800',
      '--idle-timeout',
      '800',
    ]);
    report = JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')) as RunReport;
  }, 60_000);

  it('has a result for every selected case, and fails', () => {
    expect(run.stderr).not.toContain(ATTEMPT_MARK);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(report.run).toMatchObject({ complete: true, selected: only.length });
    expect(report.cases.map((c) => c.scenario).sort()).toEqual([...only].sort());
    expect(run.stdout).toContain('CI would fail (5 error)');
  });

  it('names what went wrong in each error cell', () => {
    const reason = (scenario: string) => report.cases.find((c) => c.scenario === scenario)?.reason ?? '';
    const outcome = (scenario: string) => report.cases.find((c) => c.scenario === scenario)?.outcome;
    expect(outcome('stream.text')).toBe('pass');
    // msw sends the head with the first chunk: a stream that stalls before it is a response that never came.
    expect(reason('chat.basic')).toMatch(/stalled|no response headers within 800 ms/);
    expect(reason('chat.system')).toMatch(/no response headers within 800 ms/);
    expect(reason('chat.multi-turn')).toContain(
      'exchanges[0].request.url: "not a url" is not an absolute http(s) URL',
    );
    expect(reason('tools.single')).toContain('exchanges[0].response.status: 999 is not a final HTTP status');
    expect(reason('tools.parallel')).toContain('"x-bad\\nname" is not a valid header name');
  });

  it('makes `report` fail on it, and on a report that lacks a selected case', async () => {
    expect((await cli(['report', join(out, 'conformance.json'), '--quiet'])).code).toBe(1);
    const good = JSON.parse(
      await readFile(join(shipped, '..', 'baselines', 'conformance.json'), 'utf8'),
    ) as RunReport;
    const short = { ...good, run: { ...good.run, selected: good.cases.length + 1 } };
    const path = join(out, 'short.json');
    await writeFile(path, JSON.stringify(short));
    const result = await cli(['report', path, '--quiet']);
    expect(result.code).toBe(1);
  });
});

describe('damaged reports', () => {
  it.each([
    [
      'a case that is null',
      (r: RunReport) => ({ ...r, cases: [null, ...r.cases.slice(1)] }),
      'cases[0] is damaged (not an object)',
    ],
    [
      'diagnostics that are null',
      (r: RunReport) => ({ ...r, cases: [{ ...r.cases[0], diagnostics: null }, ...r.cases.slice(1)] }),
      'cases[0] is damaged ("diagnostics" is not a list)',
    ],
  ])(
    '%s: one sentence, exit 2, for report and compare',
    async (_what, damage, says) => {
      const dir = await tempDir();
      const good = JSON.parse(
        await readFile(join(shipped, '..', 'baselines', 'conformance.json'), 'utf8'),
      ) as RunReport;
      const path = join(dir, 'damaged.json');
      await writeFile(path, JSON.stringify(damage(good)));
      for (const args of [
        ['report', path],
        ['compare', join(shipped, '..', 'baselines', 'conformance.json'), path],
      ]) {
        const result = await cli(args);
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toContain(says);
        expect(result.stderr).not.toMatch(/^\s+at .+[:(]/m);
      }
    },
    60_000,
  );
});
