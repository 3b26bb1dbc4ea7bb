import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  refusedWith,
  runWithBrokenFixtures,
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

let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixtures('google', {
    'tools.schema-dialect': refusedWith(REFUSAL),
    'output.schema-complex': refusedWith(RESPONSE_REFUSAL),
  });
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a tool schema refused for a keyword', () => {
  it('is schema-keyword-rejected on its cell, which fails, naming the keyword with the refusal as evidence', () => {
    const found = expectFailsWithOnly(runs.after, 'tools.schema-dialect', 'schema-keyword-rejected');
    expect(found.message).toContain("the tool schema's `$ref` was refused (HTTP 400)");
    expect(found.evidence).toContain('Unknown name "ref"');
    expect(cellOf(runs.before, 'tools.schema-dialect').outcome).toBe('pass');
  });

  it('is schema-keyword-rejected for a keyword of the response schema too, naming that schema', () => {
    const found = expectFailsWithOnly(runs.after, 'output.schema-complex', 'schema-keyword-rejected');
    expect(found.message).toContain("the response schema's `anyOf` was refused (HTTP 400)");
    expect(cellOf(runs.before, 'output.schema-complex').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(runs, BROKEN);
  });
});
