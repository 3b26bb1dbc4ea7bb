import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import {
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  runWithRefusal,
} from './support/refused-fixture.ts';

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

let before: RunReport;
let after: RunReport;

beforeAll(async () => {
  ({ before, after } = await runWithRefusal('google', 'tools.schema-dialect', REFUSAL));
}, 60_000);

describe('a tool schema refused for a keyword', () => {
  it('is schema-keyword-rejected on its cell, which fails, naming the keyword with the refusal as evidence', () => {
    const found = expectFailsWithOnly(after, 'tools.schema-dialect', 'schema-keyword-rejected');
    expect(found.message).toContain("the tool schema's `$ref` was refused (HTTP 400)");
    expect(found.evidence).toContain('Unknown name "ref"');
    expect(cellOf(before, 'tools.schema-dialect').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(before, after, 'tools.schema-dialect');
  });
});
