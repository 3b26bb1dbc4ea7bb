import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  runWithBrokenFixture,
  verdictsBesides,
} from './support/broken-fixture.ts';

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
const SCENARIO = 'tools.schema-dialect';

let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture('google', SCENARIO, (response) => {
    response.status = 400;
    response.chunks = [{ t: response.chunks[0]?.t ?? 0, text: JSON.stringify(REFUSAL) }];
  });
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a tool schema refused for a keyword', () => {
  it('is schema-keyword-rejected on its cell, which fails, naming the keyword with the refusal as evidence', () => {
    const result = cellOf(runs.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['schema-keyword-rejected']);
    const [found] = result.diagnostics;
    expect(found?.severity).toBe('failure');
    expect(found?.message).toContain("the tool schema's `$ref` was refused (HTTP 400)");
    expect(found?.evidence).toContain('Unknown name "ref"');
    expect(cellOf(runs.before, SCENARIO).outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expect(runs.after.cases).toHaveLength(runs.before.cases.length);
    expect(verdictsBesides(runs.after, SCENARIO)).toEqual(verdictsBesides(runs.before, SCENARIO));
  });
});
