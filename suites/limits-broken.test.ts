import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  replacedInBody,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

// Two fixtures broken the ways the sources report limits breaking: a cut answer whose finish says `stop`
// (BerriAI/litellm#25825), and a stop list dropped on the way, so the text runs past it (BerriAI/litellm#33934).
let cut: BrokenFixtureRuns;
let runOn: BrokenFixtureRuns;

beforeAll(async () => {
  cut = await runWithBrokenFixture(
    'ollama-openai',
    'limits.max-tokens',
    replacedInBody('"finish_reason":"length"', '"finish_reason":"stop"'),
  );
  runOn = await runWithBrokenFixture(
    'mistral',
    'limits.stop-sequence',
    replacedInBody('"content":"ONE TWO "', '"content":"ONE TWO END THREE FOUR"'),
  );
}, 60_000);
afterAll(async () => {
  await cut?.remove();
  await runOn?.remove();
});

describe('limits broken in a fixture', () => {
  it('a cut answer reported as stop is length-reported-as-stop on its cell, which fails', () => {
    expectFailsWithOnly(cut.after, 'limits.max-tokens', 'length-reported-as-stop');
    expect(cellOf(cut.after, 'limits.max-tokens').observed?.finish).toEqual({ reason: 'stop', raw: 'stop' });
    expect(cellOf(cut.before, 'limits.max-tokens').outcome).toBe('pass');
  });

  it('a stop sequence in the text is stop-sequence-ignored, the text as evidence', () => {
    const found = expectFailsWithOnly(runOn.after, 'limits.stop-sequence', 'stop-sequence-ignored');
    expect(found.evidence).toBe('ONE TWO END THREE FOUR');
    expect(cellOf(runOn.before, 'limits.stop-sequence').outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expectOtherCellsUnchanged(cut, 'limits.max-tokens');
    expectOtherCellsUnchanged(runOn, 'limits.stop-sequence');
  });
});
