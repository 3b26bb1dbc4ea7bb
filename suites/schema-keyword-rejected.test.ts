import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../src/core/case-result.ts';
import type { RunReport } from '../src/core/run-report.ts';
import type { Fixture } from '../src/fixtures/fixture.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

// Gemini's answer when a tool's parameters go out in `parameters` (its OpenAPI subset) instead of
// `parametersJsonSchema`: the proto parser refuses the `$ref` (and names it without its `$`). karthink/gptel#806 and
// decolua/9router#1036 show the shape.
const REFUSAL = {
  error: {
    code: 400,
    message:
      'Invalid JSON payload received. Unknown name "ref" at ' +
      "'tools[0].function_declarations[0].parameters.properties[0].value': Cannot find field.",
    status: 'INVALID_ARGUMENT',
  },
};

// The same parser on a response schema sent as `responseSchema` (the OpenAPI subset) instead of `responseJsonSchema`:
// it knows no `anyOf` there (QuantumNous/new-api#1037 shows `$schema` refused in response_schema the same way).
const RESPONSE_REFUSAL = {
  error: {
    code: 400,
    message:
      'Invalid JSON payload received. Unknown name "anyOf" at ' +
      "'generation_config.response_schema.properties[3].value': Cannot find field.",
    status: 'INVALID_ARGUMENT',
  },
};
const BROKEN = ['tools.schema-dialect', 'output.schema-complex'];

const shipped = resolve(import.meta.dirname, '..', 'fixtures');
let dir: string;
let before: RunReport;
let after: RunReport;

const cell = (report: RunReport, scenario: string) =>
  report.cases.find((c) => c.scenario === scenario) as CaseResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompat-schema-keyword-'));
  await cp(shipped, dir, { recursive: true });
  const refuse = async (scenario: string, refusal: unknown) => {
    const path = join(dir, 'google', `${scenario}.json`);
    const fixture = JSON.parse(await readFile(path, 'utf8')) as Fixture;
    const response = fixture.exchanges[0]!.response;
    response.status = 400;
    response.chunks = [{ t: response.chunks[0]!.t, text: JSON.stringify(refusal) }];
    await writeFile(path, JSON.stringify(fixture));
  };
  await refuse('tools.schema-dialect', REFUSAL);
  await refuse('output.schema-complex', RESPONSE_REFUSAL);
  before = await runConformance({ providers: 'google' });
  after = await runConformance({ providers: 'google', fixtureDir: dir });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a tool schema refused for a keyword', () => {
  it('is schema-keyword-rejected on its cell, which fails, naming the keyword with the refusal as evidence', () => {
    const result = cell(after, 'tools.schema-dialect');
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['schema-keyword-rejected']);
    const [found] = result.diagnostics;
    expect(found?.severity).toBe('failure');
    expect(found?.message).toContain("the tool schema's `$ref` was refused (HTTP 400)");
    expect(found?.evidence).toContain('Unknown name "ref"');
    expect(cell(before, 'tools.schema-dialect').outcome).toBe('pass');
  });

  it('is schema-keyword-rejected for a keyword of the response schema too, naming that schema', () => {
    const result = cell(after, 'output.schema-complex');
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['schema-keyword-rejected']);
    expect(result.diagnostics[0]?.message).toContain("the response schema's `anyOf` was refused (HTTP 400)");
    expect(cell(before, 'output.schema-complex').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    const verdicts = (report: RunReport) =>
      report.cases
        .filter((c) => !BROKEN.includes(c.scenario))
        .map((c) => [c.scenario, c.status, c.outcome, c.diagnostics.map((d) => d.code)]);
    expect(after.cases).toHaveLength(before.cases.length);
    expect(verdicts(after)).toEqual(verdicts(before));
  });
});
