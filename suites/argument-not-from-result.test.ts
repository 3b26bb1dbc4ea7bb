import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// OpenAI's tools.sequential with its second answer calling get_weather for Paris, not for Nantes, the city the
// get_office_city result gave: the history of the third request echoes that call, so it is changed alike.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
let dir: string;
let before: RunReport;
let after: RunReport;

const cell = (report: RunReport, scenario: string) =>
  report.cases.find((c) => c.scenario === scenario) as CaseResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-argument-not-from-result-'));
  await cp(shipped, dir, { recursive: true });
  const path = join(dir, 'openai', 'tools.sequential.json');
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const [, second, third] = fixture.exchanges;
  for (const chunk of second!.response.chunks) chunk.text = chunk.text.replace('\\"Nantes\\"', '\\"Paris\\"');
  const history = (
    third!.request.body as { messages: { tool_calls?: { function: { arguments: string } }[] }[] }
  ).messages;
  const weatherCall = history.flatMap((message) => message.tool_calls ?? []).at(-1)!;
  weatherCall.function.arguments = '{"city":"Paris"}';
  await writeFile(path, JSON.stringify(fixture));
  before = await runConformance({ providers: 'openai' });
  after = await runConformance({ providers: 'openai', fixtureDir: dir });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a dependent call made without the result it depends on', () => {
  it('is argument-not-from-result on its cell, which fails, with the arguments as evidence', () => {
    const result = cell(after, 'tools.sequential');
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['argument-not-from-result']);
    const [found] = result.diagnostics;
    expect(found?.severity).toBe('failure');
    expect(found?.message).toContain('get_weather was called with city Paris');
    expect(found?.evidence).toBe('{"city":"Paris"}');
    expect(cell(before, 'tools.sequential').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    const verdicts = (report: RunReport) =>
      report.cases
        .filter((c) => c.scenario !== 'tools.sequential')
        .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
    expect(after.cases).toHaveLength(before.cases.length);
    expect(verdicts(after)).toEqual(verdicts(before));
  });
});
