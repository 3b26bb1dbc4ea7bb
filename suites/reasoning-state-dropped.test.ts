import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrokenFixtureRuns,
  cellOf,
  runWithBrokenFixture,
  verdictsBesides,
} from './support/broken-fixture.ts';

// Google's OpenAI endpoint signs a thinking model's call in extra_content.google.thought_signature, and the adapter
// sends it back. The fixture is broken as a provider changing the field's spelling would break it (thoughtSignature,
// Gemini's native name): the adapter no longer finds the signature, so the second request goes without it. Its
// recorded second request is changed to match, so that the dropped state, not request drift, is what fails.
const SCENARIO = 'reasoning.tool-roundtrip';
let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture('google-openai', SCENARIO, (first, fixture) => {
    const [, second] = fixture.exchanges;
    const body = first.chunks.map((chunk) => chunk.text).join('');
    const renamed = body.replace('"thought_signature"', '"thoughtSignature"');
    expect(renamed).not.toBe(body);
    first.chunks = [{ t: first.chunks[0]!.t, text: renamed }];
    const request = JSON.stringify(second!.request.body).replace(
      /,?"extra_content":\{"google":\{[^}]*\}\}/,
      '',
    );
    expect(request).not.toBe(JSON.stringify(second!.request.body));
    second!.request.body = JSON.parse(request);
  });
}, 60_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a thought signature that does not go back', () => {
  it('is reasoning-state-dropped on its cell, which fails, the signature as evidence', () => {
    const result = cellOf(runs.after, SCENARIO);
    expect(result.outcome).toBe('fail');
    expect(result.diagnostics.filter((d) => d.severity === 'failure').map((d) => d.code)).toEqual([
      'reasoning-state-dropped',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'reasoning-state-dropped')?.message).toContain(
      '`thoughtSignature`',
    );
    expect(cellOf(runs.before, SCENARIO).outcome).toBe('pass');
  });

  it('leaves every other cell as it was', () => {
    expect(runs.after.cases).toHaveLength(runs.before.cases.length);
    expect(verdictsBesides(runs.after, SCENARIO)).toEqual(verdictsBesides(runs.before, SCENARIO));
  });
});
