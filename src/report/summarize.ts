import { type CaseOutcome, type CaseResult, failsRun } from '../runner/case-result.ts';
import type { RunReport } from './run-report.ts';

/** Every outcome, in the order reports list them. */
export const CASE_OUTCOMES: readonly CaseOutcome[] = [
  'pass',
  'fail',
  'known-gap',
  'unexpected-pass',
  'skipped',
  'error',
];

/** How many cases ended in each outcome; every outcome is present, zero when absent. */
export function summarize(cases: readonly CaseResult[]): Record<CaseOutcome, number> {
  const counts: Record<CaseOutcome, number> = {
    pass: 0,
    fail: 0,
    'known-gap': 0,
    'unexpected-pass': 0,
    skipped: 0,
    error: 0,
  };
  for (const result of cases) counts[result.outcome]++;
  return counts;
}

/** Would CI fail on this run: a declared capability that fails, or a case the harness could not judge. */
export function runFails(report: Pick<RunReport, 'cases'>): boolean {
  return report.cases.some((result) => failsRun(result.outcome));
}
