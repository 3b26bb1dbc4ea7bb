import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyReport } from '../src/core/latency-report.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture, FixtureResponse } from '../src/fixtures/fixture.ts';
import { ROOT, runCli } from './support/run-cli.ts';

// Fixtures that pass for a fixture but describe a body without end: each run ends, with a report, in every mode.
// (The memory these shapes take is a measurement, printed by `npm run bench:memory`; here, only how they end.)
let dir: string;
const CEILING = /generates 1,000,000,000,013 chunks, past the ceiling of 4,000,000 a fixture may generate/;

/** Writes a fixture folder holding openai/chat.basic as shipped and openai/stream.text with `response` changed. */
async function fixtures(name: string, response: Partial<FixtureResponse>): Promise<string> {
  const folder = join(dir, name);
  await mkdir(join(folder, 'openai'), { recursive: true });
  await cp(join(ROOT, 'fixtures/openai/chat.basic.json'), join(folder, 'openai/chat.basic.json'));
  const fixture = JSON.parse(
    await readFile(join(ROOT, 'fixtures/openai/stream.text.json'), 'utf8'),
  ) as Fixture;
  Object.assign(fixture.exchanges[0]!.response, response);
  await writeFile(join(folder, 'openai/stream.text.json'), JSON.stringify(fixture));
  return folder;
}

/** A long OpenAI content event (~4.5 KB), repeated to make a body past the 10 MB cap. */
function longEvent(): string {
  const content = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
  const chunk = {
    id: 'chatcmpl-big',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-2024-08-06',
  };
  return `data: ${JSON.stringify({ ...chunk, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

const readJson = async <T>(path: string) => JSON.parse(await readFile(path, 'utf8')) as T;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a fixture repeating an empty chunk 10¹² times', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await fixtures('empty-repeat', { repeat: { chunk: '', times: 1e12, at: 1 } });
  });

  it('verify refuses it, naming the ceiling', async () => {
    const result = await runCli(['verify', '--fixtures', folder]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(CEILING);
  });

  it('run: the case is an error naming the ceiling, its neighbour passes, and the report is written', async () => {
    const out = join(dir, 'run-out');
    const result = await runCli([
      'run',
      '--fixtures',
      folder,
      '--only',
      'openai/stream.text,openai/chat.basic',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    const report = await readJson<RunReport>(join(out, 'conformance.json'));
    expect(report.run.complete).toBe(true);
    const byScenario = Object.fromEntries(report.cases.map((c) => [c.scenario, c]));
    expect(byScenario['stream.text']?.status).toBe('error');
    expect(byScenario['stream.text']?.reason).toMatch(CEILING);
    expect(byScenario['chat.basic']?.status).toBe('pass');
  });

  it('bench recorded: the cell is skipped naming the ceiling, the other measured, a report written', async () => {
    const out = join(dir, 'bench-out');
    const result = await runCli([
      'bench',
      '--fixtures',
      folder,
      '--provider',
      'openai',
      '--scenario',
      'stream.text,chat.basic',
      '--requests',
      '2',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    const report = await readJson<LatencyReport>(join(out, 'latency.json'));
    expect(report.skipped?.find((cell) => cell.scenario === 'stream.text')?.reason).toMatch(CEILING);
    expect(report.cells.map((cell) => [cell.scenario, cell.errors])).toEqual([['chat.basic', 0]]);
  });
});

describe('bench recorded applies the response size cap', () => {
  let folder: string;
  beforeAll(async () => {
    // ~13 MB: past the default 10 MB cap, under a raised one.
    folder = await fixtures('big', { repeat: { chunk: longEvent(), times: 3000, at: 2 } });
  });

  const bench = (out: string, env: NodeJS.ProcessEnv = {}) =>
    runCli(
      [
        'bench',
        '--fixtures',
        folder,
        '--provider',
        'openai',
        '--scenario',
        'stream.text',
        '--requests',
        '2',
        '--warmup',
        '0',
        '--out',
        out,
      ],
      env,
    );

  it('a body past the cap is an oversized error, as in every other mode', async () => {
    const out = join(dir, 'big-out');
    expect((await bench(out)).code).toBe(1);
    const report = await readJson<LatencyReport>(join(out, 'latency.json'));
    expect(report.cells[0]).toMatchObject({ requests: 2, errors: 2, errorKinds: { oversized: 2 } });
  });

  it('LLMCOMPAT_MAX_RESPONSE_BYTES raises it there too', async () => {
    const out = join(dir, 'big-raised-out');
    const result = await bench(out, { LLMCOMPAT_MAX_RESPONSE_BYTES: String(20 * 1024 * 1024) });
    expect(result.code, result.stderr).toBe(0);
    const report = await readJson<LatencyReport>(join(out, 'latency.json'));
    expect(report.cells[0]).toMatchObject({ requests: 2, errors: 0 });
  });
});
