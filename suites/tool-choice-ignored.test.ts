import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  replacedInBody,
  runWithBrokenFixture,
  verdictsBesides,
} from './support/broken-fixture.ts';

// Mistral's answer to get_time forced by name, broken the way a dropped choice shows (ollama/ollama#17921): the model
// calls the tool the question asks for, get_weather, with the city it names.
const FORCED = '"function":{"name":"get_time","arguments":"{}"}';
const IGNORED = '"function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}';
const SCENARIO = 'tools.choice-named';

let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture('mistral', SCENARIO, replacedInBody(FORCED, IGNORED));
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a tool forced by name and another called', () => {
  it('is tool-choice-ignored on its cell, which fails, with the call made as evidence', () => {
    const result = cellOf(runs.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['tool-choice-ignored']);
    const [found] = result.diagnostics;
    expect(found?.severity).toBe('failure');
    expect(found?.message).toContain('forced a call to get_time by name, but get_weather was called instead');
    expect(found?.evidence).toBe('get_weather({"city": "Paris"})');
    expect(cellOf(runs.before, SCENARIO).outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expect(runs.after.cases).toHaveLength(runs.before.cases.length);
    expect(verdictsBesides(runs.after, SCENARIO)).toEqual(verdictsBesides(runs.before, SCENARIO));
  });
});
