import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  runWithBrokenFixture,
  verdictsBesides,
} from './support/broken-fixture.ts';

// OpenAI's tools.sequential with its second answer calling get_weather for Paris, not for Nantes, the city the
// get_office_city result gave: the history of the third request echoes that call, so it is changed alike.
const SCENARIO = 'tools.sequential';
let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture('openai', SCENARIO, (_first, fixture) => {
    const [, second, third] = fixture.exchanges;
    for (const chunk of second!.response.chunks)
      chunk.text = chunk.text.replace('\\"Nantes\\"', '\\"Paris\\"');
    const history = (
      third!.request.body as { messages: { tool_calls?: { function: { arguments: string } }[] }[] }
    ).messages;
    const weatherCall = history.flatMap((message) => message.tool_calls ?? []).at(-1)!;
    weatherCall.function.arguments = '{"city":"Paris"}';
  });
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a dependent call made without the result it depends on', () => {
  it('is argument-not-from-result on its cell, which fails, with the arguments as evidence', () => {
    const result = cellOf(runs.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['argument-not-from-result']);
    const [found] = result.diagnostics;
    expect(found?.severity).toBe('failure');
    expect(found?.message).toContain('get_weather was called with city Paris');
    expect(found?.evidence).toBe('{"city":"Paris"}');
    expect(cellOf(runs.before, SCENARIO).outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expect(runs.after.cases).toHaveLength(runs.before.cases.length);
    expect(verdictsBesides(runs.after, SCENARIO)).toEqual(verdictsBesides(runs.before, SCENARIO));
  });
});
