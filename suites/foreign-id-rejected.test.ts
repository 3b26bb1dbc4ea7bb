import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectOtherCellsUnchanged,
  refusedWith,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

const SCENARIO = 'tools.foreign-history';

// Mistral's answer to a history whose ids went as they came, in the words users report (editor-code-assistant/eca#233
// quotes the whole body, karthink/gptel#1203 the same message for an OpenAI-style id).
const MISTRAL_REFUSAL = {
  object: 'error',
  message: 'Tool call id was call_pQ3vX8nR2mK7tL4wZ9sB1yD6 but must be a-z, A-Z, 0-9, with a length of 9.',
  type: 'invalid_function_call',
  param: null,
  code: '3280',
};

// Anthropic's, for Kimi's `functions.get_weather:0` (RooCodeInc/Roo-Code#10649, BlockRunAI/ClawRouter#17).
const ANTHROPIC_REFUSAL = {
  type: 'error',
  error: {
    type: 'invalid_request_error',
    message: "messages.5.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'",
  },
};

/** The cell fails with foreign-id-rejected alone; the deviation the adapter's rewrite is may stay listed. */
function expectRefused(runs: BrokenFixtureRuns, words: string): void {
  const result = cellOf(runs.after, SCENARIO);
  expect(cellOf(runs.before, SCENARIO).outcome).toBe('pass');
  expect(result.outcome).toBe('fail');
  const failures = result.diagnostics.filter((d) => d.severity === 'failure');
  expect(failures.map((d) => d.code)).toEqual(['foreign-id-rejected']);
  expect(failures[0]?.message).toContain("the history's tool-call ids were refused (HTTP 400)");
  expect(failures[0]?.evidence).toContain(words);
  expect(result.diagnostics.filter((d) => d.severity !== 'failure').map((d) => d.code)).toEqual([
    'history-ids-rewritten',
  ]);
}

describe.each([
  ['mistral', MISTRAL_REFUSAL, 'but must be a-z, A-Z, 0-9, with a length of 9'],
  ['anthropic', ANTHROPIC_REFUSAL, 'tool_use.id: String should match pattern'],
])('%s refusing the foreign ids of the history', (provider, refusal, words) => {
  let runs: BrokenFixtureRuns;
  beforeAll(async () => {
    runs = await runWithBrokenFixture(provider, SCENARIO, refusedWith(refusal));
  }, 60_000);
  afterAll(async () => {
    await runs?.remove();
  });

  it('is foreign-id-rejected on its cell, which fails, with the refusal as evidence', () => {
    expectRefused(runs, words);
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(runs, SCENARIO);
  });
});
