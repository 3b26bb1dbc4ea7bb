import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// Two fixtures broken the ways the sources report limits breaking: a cut answer whose finish says `stop`
// (BerriAI/litellm#25825), and a stop list dropped on the way, so the text runs past it (BerriAI/litellm#33934).
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
let dir: string;
const before: Record<string, RunReport> = {};
const after: Record<string, RunReport> = {};

async function rewrite(provider: string, scenario: string, edit: (body: string) => string): Promise<void> {
  const path = join(dir, provider, `${scenario}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const response = fixture.exchanges[0]!.response;
  const body = response.chunks.map((chunk) => chunk.text).join('');
  const edited = edit(body);
  expect(edited).not.toBe(body);
  response.chunks = [{ t: response.chunks[0]!.t, text: edited }];
  await writeFile(path, JSON.stringify(fixture));
}

const cell = (report: RunReport | undefined, scenario: string) =>
  report?.cases.find((c) => c.scenario === scenario) as CaseResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-limits-'));
  await cp(shipped, dir, { recursive: true });
  await rewrite('ollama-openai', 'limits.max-tokens', (body) =>
    body.replace('"finish_reason":"length"', '"finish_reason":"stop"'),
  );
  await rewrite('mistral', 'limits.stop-sequence', (body) =>
    body.replace('"content":"ONE TWO "', '"content":"ONE TWO END THREE FOUR"'),
  );
  for (const provider of ['ollama-openai', 'mistral']) {
    before[provider] = await runConformance({ providers: provider });
    after[provider] = await runConformance({ providers: provider, fixtureDir: dir });
  }
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('limits broken in a fixture', () => {
  it('a cut answer reported as stop is length-reported-as-stop on its cell, which fails', () => {
    const result = cell(after['ollama-openai'], 'limits.max-tokens');
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['length-reported-as-stop']);
    expect(result.observed?.finish).toEqual({ reason: 'stop', raw: 'stop' });
    expect(cell(before['ollama-openai'], 'limits.max-tokens').outcome).toBe('pass');
  });

  it('a stop sequence in the text is stop-sequence-ignored, the text as evidence', () => {
    const result = cell(after.mistral, 'limits.stop-sequence');
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['stop-sequence-ignored']);
    expect(result.diagnostics[0]?.evidence).toBe('ONE TWO END THREE FOUR');
    expect(cell(before.mistral, 'limits.stop-sequence').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    for (const [provider, scenario] of [
      ['ollama-openai', 'limits.max-tokens'],
      ['mistral', 'limits.stop-sequence'],
    ] as const) {
      const verdicts = (report: RunReport | undefined) =>
        (report?.cases ?? [])
          .filter((c) => c.scenario !== scenario)
          .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
      expect(after[provider]?.cases).toHaveLength(before[provider]?.cases.length ?? -1);
      expect(verdicts(after[provider])).toEqual(verdicts(before[provider]));
    }
  });
});
