import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_PROVIDERS } from '../src/scenarios/fault-scenarios.ts';
import {
  type BrokenFixtureRuns,
  cellOf,
  expectFailsWithOnly,
  expectOtherCellsUnchanged,
  runWithBrokenFixture,
} from './support/broken-fixture.ts';

// Anthropic's faults.utf8-split reads its "10 €" chunk in two reads, the first ending 1 byte into "€". The same
// fixture with its cut taken out (one read, every character whole): nothing left to name, the cell fails.
const PROVIDER = 'anthropic';
const SCENARIO = 'faults.utf8-split';
let runs: BrokenFixtureRuns;

beforeAll(async () => {
  runs = await runWithBrokenFixture(
    PROVIDER,
    SCENARIO,
    (response) => {
      const split = response.chunks.find((chunk) => chunk.splitAtBytes !== undefined);
      expect(split?.text).toContain('10 €');
      delete split?.splitAtBytes;
    },
    { providers: FAULT_PROVIDERS, scenarios: 'faults.*' },
  );
}, 120_000);
afterAll(async () => {
  await runs?.remove();
});

describe('a character split across two reads', () => {
  it('is named utf8-split, the character and the bytes before the cut said, and the SDK coped', () => {
    const split = cellOf(runs.before, SCENARIO, PROVIDER);
    expect(split.status).toBe('pass');
    expect(split.fault).toMatchObject({ expected: 'utf8-split', observed: 'utf8-split', coped: true });
    expect(split.fault?.message).toBe(
      '1 read(s) ended inside a multi-byte character (1 byte(s) into "€" (U+20AC)): a client must decode the ' +
        'stream, not each read',
    );
  });

  it('unsplit, the same fixture shows no utf8-split: misclassified-fault, and the cell fails', () => {
    const found = expectFailsWithOnly(runs.after, SCENARIO, 'misclassified-fault', PROVIDER);
    expect(found.message).toContain('expected utf8-split, found none');
    expect(cellOf(runs.after, SCENARIO, PROVIDER).observed?.text?.text).toBe('1 2 3 4 5 6 7 8 9 10 €');
  });

  it('leaves the rest of the fault matrix as it was', () => {
    expectOtherCellsUnchanged(runs, SCENARIO, PROVIDER);
  });
});
