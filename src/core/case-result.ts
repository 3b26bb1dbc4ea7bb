import type { FinishReason } from './adapter-contract.ts';
import type { Capability } from './capabilities.ts';
import type { ErrorKind, RetryAfter } from './classified-error.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { FaultKind } from './fault-kinds.ts';

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
  /**
   * With --repeat k: how many of the k attempts passed. pass@k = passed > 0, pass^k = passed === total; a cell with
   * 0 < passed < total is flaky.
   */
  attempts?: { passed: number; total: number };
  /** Record mode: the fixture file this case was written to. */
  recordedTo?: string;
  /** Fault scenarios: the classification of the injected fault. */
  fault?: ObservedFault;
  /** Recorded mode: where the replayed fixture came from (recorded live on a date, or synthesized from sources). */
  provenance?: CaseProvenance;
  /** What the provider answered (in every case of a schema 2 report; absent from schema 1 reports). */
  observed?: Observed;
}

/** Text as the answer gave it: its head when it is long. */
export interface ObservedText {
  text: string;
  /** Present when the text was trimmed: its full length in characters. */
  trimmedFrom?: number;
}

export interface ObservedToolCall {
  /** '' when the provider sent none. */
  id: string;
  name: string;
  /** The arguments exactly as assembled from the wire: raw text. */
  arguments: string;
  /** The arguments parsed, when they are JSON. */
  parsed?: unknown;
}

/** Token counts, as the wire reported them (input includes cached tokens; output includes reasoning tokens). */
export interface ObservedUsage {
  input?: number;
  output?: number;
  total?: number;
  cached?: number;
  reasoning?: number;
}

/** The counts of a usage, in the order reports show them. */
export const OBSERVED_USAGE_KINDS: readonly (keyof ObservedUsage)[] = [
  'input',
  'output',
  'total',
  'cached',
  'reasoning',
];

/**
 * What the provider answered in the case's last exchange that gave an answer: empty (no tool calls, nothing else)
 * when the case did not run or no request was answered.
 */
export interface Observed {
  /** Which exchange it is (1-based), when the case had more than one. */
  turn?: number;
  text?: ObservedText;
  reasoning?: ObservedText;
  toolCalls: ObservedToolCall[];
  /** The neutral finish reason the adapter gave, and the provider's own spelling from the wire. */
  finish?: { reason: FinishReason; raw?: string };
  usage?: ObservedUsage;
}

/** A replayed fixture's provenance, as a report shows it: recorded live on a date, or synthesized from sources. */
export interface CaseProvenance {
  kind: 'recorded' | 'synthesized';
  date: string;
  /** Synthesized: what the wire text follows (sample files with their origin and licence, or documentation). */
  sources?: string[];
}

/** A fault scenario's finding: the fault the fixture injected, and what the harness and the adapter made of it. */
export interface ObservedFault {
  expected: FaultKind;
  /** How the harness classified what happened; `none` when the exchange showed nothing wrong. */
  observed: ErrorKind | 'none';
  /** Whether the adapter raised an error; false when it returned an answer as if nothing had happened. */
  raised: boolean;
  /** Wire quirks only: whether the adapter returned the whole answer the wire carried, without raising. */
  coped?: boolean;
  /** What happened, in words a person can act on (rate-limited: with the wait the provider asked for). */
  message: string;
  retryAfter?: RetryAfter;
}

/** Folds k attempts of one case into one cell: pass only when every attempt passed (pass^k), flaky in between. */
export function combineAttempts(results: readonly CaseResult[]): CaseResult {
  const [first] = results;
  if (!first) throw new Error('combineAttempts needs at least one attempt');
  if (results.length === 1) return first;
  const passed = results.filter((r) => r.status === 'pass').length;
  const worst =
    results.find((r) => r.status === 'error') ?? results.find((r) => r.status === 'fail') ?? first;
  const status: CaseStatus = passed === results.length ? 'pass' : worst.status;
  const diagnostics = [...worst.diagnostics];
  if (passed > 0 && passed < results.length) {
    diagnostics.unshift({
      code: 'flaky',
      severity: 'failure',
      message: `passed ${passed} of ${results.length} attempts (pass@${results.length} = 1, pass^${results.length} = 0)`,
    });
  }
  const combined: CaseResult = {
    ...worst,
    status,
    outcome: outcomeOf(status, first.declared),
    diagnostics,
    attempts: { passed, total: results.length },
  };
  return combined;
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
