import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  refusedWith,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

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

let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture('openai', 'output.with-tools', refusedWith(REFUSAL));
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a response format refused together with tools', () => {
  it('is format-with-tools-rejected on its cell, which fails, with the refusal as evidence', () => {
    const found = expectFailsWithOnly(runs.after, 'output.with-tools', 'format-with-tools-rejected');
    expect(found.message).toContain('the response format and the tools were refused together (HTTP 400)');
    expect(found.evidence).toContain("Function calling with a response mime type: 'application/json'");
    expect(cellOf(runs.before, 'output.with-tools').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(runs, 'output.with-tools');
  });
});
