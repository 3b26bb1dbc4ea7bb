import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/core/run-report.ts';
import {
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  runWithRefusal,
} from './support/refused-fixture.ts';

// Gemini 2.x's refusal of a JSON response format with function declarations (google/adk-python#5735), as a gateway
// in front of it answers in OpenAI's error shape: the first turn is refused, so there is no second.
const REFUSAL = {
  error: {
    message: "Function calling with a response mime type: 'application/json' is unsupported",
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};

let before: RunReport;
let after: RunReport;

beforeAll(async () => {
  ({ before, after } = await runWithRefusal('openai', 'output.with-tools', REFUSAL));
}, 60_000);

describe('a response format refused together with tools', () => {
  it('is format-with-tools-rejected on its cell, which fails, with the refusal as evidence', () => {
    const found = expectFailsWithOnly(after, 'output.with-tools', 'format-with-tools-rejected');
    expect(found.message).toContain('the response format and the tools were refused together (HTTP 400)');
    expect(found.evidence).toContain("Function calling with a response mime type: 'application/json'");
    expect(cellOf(before, 'output.with-tools').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(before, after, 'output.with-tools');
  });
});
