import { PROVIDERS } from '../../src/catalog/providers.ts';
import { FAULT_PROVIDERS, FAULT_SCENARIOS } from '../../src/scenarios/fault-scenarios.ts';
import { SCENARIOS } from '../../src/scenarios/scenarios.ts';

// The sizes a full run must cover, read from the data the run reads: a scenario added to the list raises what every
// suite expects, so a run that drops a case still fails, and no suite hard-codes yesterday's count.

/** Conformance scenarios in a default run (every one runs against every provider). */
export const SCENARIO_COUNT = SCENARIOS.length;
/** Providers in the catalog. */
export const PROVIDER_COUNT = PROVIDERS.length;
/** Cases of the default recorded matrix. */
export const MATRIX_CASES = PROVIDER_COUNT * SCENARIO_COUNT;
/** Scenarios of one group (`chat` for `--scenario 'chat.*'`). */
export const groupSize = (group: string) => SCENARIOS.filter((s) => s.id.startsWith(`${group}.`)).length;
/** Cases of the fault section (`--scenario 'faults.*'`). */
export const FAULT_CASES = FAULT_SCENARIOS.length * FAULT_PROVIDERS.length;

if (SCENARIOS.some((s) => s.providers !== undefined) || SCENARIO_COUNT < 16 || PROVIDER_COUNT !== 10) {
  throw new Error('matrix-size: the counts assume ten providers, each running every conformance scenario');
}
