import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// Google's OpenAI endpoint signs a thinking model's call in extra_content.google.thought_signature, and the adapter
// sends it back. The fixture is broken as a provider changing the field's spelling would break it (thoughtSignature,
// Gemini's native name): the adapter no longer finds the signature, so the second request goes without it. Its
// recorded second request is changed to match, so that the dropped state, not request drift, is what fails.
const shipped = resolve(import.meta.dirname, '..', 'fixtures');
const SCENARIO = 'reasoning.tool-roundtrip';
let dir: string;
let before: RunReport;
let after: RunReport;

const cell = (report: RunReport) => report.cases.find((c) => c.scenario === SCENARIO) as CaseResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-reasoning-state-'));
  await cp(shipped, dir, { recursive: true });
  const path = join(dir, 'google-openai', `${SCENARIO}.json`);
  const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
  const [first, second] = fixture.exchanges;
  const body = first!.response.chunks.map((chunk) => chunk.text).join('');
  const renamed = body.replace('"thought_signature"', '"thoughtSignature"');
  expect(renamed).not.toBe(body);
  first!.response.chunks = [{ t: first!.response.chunks[0]!.t, text: renamed }];
  const request = JSON.stringify(second!.request.body).replace(
    /,?"extra_content":\{"google":\{[^}]*\}\}/,
    '',
  );
  expect(request).not.toBe(JSON.stringify(second!.request.body));
  second!.request.body = JSON.parse(request);
  await writeFile(path, JSON.stringify(fixture));
  before = await runConformance({ providers: 'google-openai' });
  after = await runConformance({ providers: 'google-openai', fixtureDir: dir });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a thought signature that does not go back', () => {
  it('is reasoning-state-dropped on its cell, which fails, the signature as evidence', () => {
    const result = cell(after);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-state-dropped',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-state-dropped')?.message).toContain(
      '`thoughtSignature`',
    );
    expect(cell(before).outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    const verdicts = (report: RunReport) =>
      report.cases
        .filter((c) => c.scenario !== SCENARIO)
        .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
    expect(after.cases).toHaveLength(before.cases.length);
    expect(verdicts(after)).toEqual(verdicts(before));
  });
});
