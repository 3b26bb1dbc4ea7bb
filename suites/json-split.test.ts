import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_PROVIDERS } from '../src/scenarios/fault-scenarios.ts';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

// Ollama's faults.json-split reads its "10 €" NDJSON line in two reads, cut half-way through its JSON. The same
// fixture with its cut taken out (every line in one read, as the synthesized streams are): the cell fails.
const PROVIDER = 'ollama';
const SCENARIO = 'faults.json-split';
let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture(
    PROVIDER,
    SCENARIO,
    (response) => {
      const split = response.chunks.find((chunk) => chunk.splitAtBytes !== undefined);
      expect(split?.text).toMatch(/^\{"model".*10 €.*\n$/);
      delete split?.splitAtBytes;
    },
    { providers: FAULT_PROVIDERS, scenarios: 'faults.*' },
  );
}, 120_000);
afterAll(async () => {
  await runs?.remove();
});

describe("an event's JSON split across two reads", () => {
  it('is named json-split, with the line up to the cut, and the SDK coped', () => {
    const split = cellOf(runs.before, SCENARIO, PROVIDER);
    expect(split.status).toBe('pass');
    expect(split.fault).toMatchObject({ expected: 'json-split', observed: 'json-split', coped: true });
    expect(split.fault?.message).toMatch(
      /^the JSON of 1 event\(s\) spans two or more reads \(the first cut after "….+"\): a client must buffer a line until it ends$/,
    );
  });

  it('unsplit, the same fixture shows no json-split: misclassified-fault, and the cell fails', () => {
    const found = expectFailsWithOnly(runs.after, SCENARIO, 'misclassified-fault', PROVIDER);
    expect(found.message).toContain('expected json-split, found none');
  });

  it('leaves the rest of the fault matrix as it was', () => {
    expectOtherCellsUnchanged(runs, SCENARIO, PROVIDER);
  });
});
