import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// Ollama's reasoning.basic broken the two ways the sources report reasoning breaking: the thinking written into the
// content inside <think> tags, as Ollama did before `think` (QwenLM/qwen-code#10791 shows the leak), and the thinking
// gone altogether. Each in a fixture set of its own, so that each cell shows its one code.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const SCENARIO = 'reasoning.basic';
const dirs: string[] = [];
let before: RunReport;
const after: Record<'inContent' | 'missing', RunReport | undefined> = {
  inContent: undefined,
  missing: undefined,
};

type OllamaLine = { message?: { content?: string; thinking?: string } };

/** A copy of the shipped fixtures whose Ollama reasoning.basic stream has its lines rewritten by `edit`. */
async function brokenSet(edit: (lines: OllamaLine[]) => OllamaLine[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llmcompat-reasoning-'));
  dirs.push(dir);
  await cp(shipped, dir, { recursive: true });
  const path = join(dir, 'ollama', `${SCENARIO}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const response = fixture.exchanges[0]!.response;
  const lines = response.chunks.map((chunk) => JSON.parse(chunk.text) as OllamaLine);
  expect(lines.some((line) => line.message?.thinking)).toBe(true);
  const edited = edit(lines);
  response.chunks = edited.map((line, i) => ({
    t: response.chunks[0]!.t + i,
    text: `${JSON.stringify(line)}\n`,
  }));
  await writeFile(path, JSON.stringify(fixture));
  return dir;
}

const cell = (report: RunReport | undefined) =>
  report?.cases.find((c) => c.scenario === SCENARIO) as CaseResult;

beforeAll(async () => {
  const inContent = await brokenSet((lines) => {
    const thinking = lines.filter((line) => line.message?.thinking);
    return lines.map((line) => {
      if (!line.message?.thinking) return line;
      const first = line === thinking[0] ? '<think>' : '';
      const last = line === thinking.at(-1) ? '</think>\n\n' : '';
      return { ...line, message: { content: `${first}${line.message.thinking}${last}` } };
    });
  });
  const missing = await brokenSet((lines) => lines.filter((line) => !line.message?.thinking));
  before = await runConformance({ providers: 'ollama' });
  after.inContent = await runConformance({ providers: 'ollama', fixtureDir: inContent });
  after.missing = await runConformance({ providers: 'ollama', fixtureDir: missing });
}, 60_000);
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('reasoning broken in a fixture', () => {
  it('thinking inside <think> tags in the text is reasoning-in-content, the text as evidence', () => {
    const result = cell(after.inContent);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-in-content',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-in-content')?.evidence).toMatch(
      /^<think>17 ×/,
    );
    expect(cell(before).outcome).toBe('pass');
  });

  it('no thinking and no reasoning tokens is reasoning-missing, naming how to choose a reasoning model', () => {
    const result = cell(after.missing);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-missing',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-missing')?.message).toContain(
      '--model <provider>/reasoning=<model>',
    );
  });

  it('leaves every other cell as it was', () => {
    const verdicts = (report: RunReport | undefined) =>
      (report?.cases ?? [])
        .filter((c) => c.scenario !== SCENARIO)
        .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
    for (const broken of [after.inContent, after.missing]) {
      expect(broken?.cases).toHaveLength(before.cases.length);
      expect(verdicts(broken)).toEqual(verdicts(before));
    }
  });
});
