import type { Capability } from '../catalog/capabilities.ts';
import type { Diagnostic } from '../checks/diagnostic.ts';

/** What was observed. */
export type CaseStatus = 'pass' | 'fail' | 'skipped' | 'error';

/**
 * What it means, given what the catalog declares: `pass`/`fail` on a declared capability, `known-gap` (a fail on an
 * undeclared one: shown, but CI stays green), `unexpected-pass` (a pass on an undeclared one: news), `skipped`, `error`.
 */
export type CaseOutcome = 'pass' | 'fail' | 'known-gap' | 'unexpected-pass' | 'skipped' | 'error';

export interface CaseTimings {
  /** Wall time of the whole case, all exchanges. */
  totalMs: number;
  /** First exchange: ms from send to response headers, to first body chunk, to end of body. */
  headersMs?: number;
  firstChunkMs?: number;
  endMs?: number;
  chunks?: number;
}

export interface CaseResult {
  provider: string;
  scenario: string;
  capability: Capability;
  model: string;
  mode: 'recorded' | 'live' | 'record';
  status: CaseStatus;
  outcome: CaseOutcome;
  declared: boolean;
  /** Why the capability is not declared, for known gaps. */
  gapReason?: string;
  /** Why the case was skipped or errored. */
  reason?: string;
  diagnostics: Diagnostic[];
  timings: CaseTimings;
}

export function outcomeOf(status: CaseStatus, declared: boolean): CaseOutcome {
  if (status === 'pass') return declared ? 'pass' : 'unexpected-pass';
  if (status === 'fail') return declared ? 'fail' : 'known-gap';
  return status;
}

/** Only a declared capability that fails, or an error, fails the run. */
export function failsRun(outcome: CaseOutcome): boolean {
  return outcome === 'fail' || outcome === 'error';
}
