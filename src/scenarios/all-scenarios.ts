import { FAULT_SCENARIOS } from './fault-scenarios.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';

/**
 * Every scenario: the conformance matrix, then the fault section. A run selects the conformance scenarios unless
 * asked for others (`--scenario 'faults.*'`): the faults replay injected misbehaviour, and a run against real
 * endpoints has nothing to inject it with.
 */
export const ALL_SCENARIOS: readonly Scenario[] = [...SCENARIOS, ...FAULT_SCENARIOS];
