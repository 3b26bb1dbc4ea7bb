import type { CaseOutcome, CaseResult } from './case-result.ts';
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

type Judged = Pick<RunReport, 'cases'> & { run?: Pick<RunReport['run'], 'complete' | 'selected'> };

/**
 * Why CI fails on this run, each as a short phrase; empty when it passes. A declared capability that fails and a
 * case the harness could not judge fail it, and so does a run that did not test what it selected: one that ended
 * before every case finished, or one whose every case was skipped (no key anywhere: green would mean nothing).
 */
export function failReasons(report: Judged): string[] {
  const counts = summarize(report.cases);
  const reasons: string[] = [];
  if (counts.fail > 0) reasons.push(`${counts.fail} fail`);
  if (counts.error > 0) reasons.push(`${counts.error} error`);
  if (isPartial(report))
    reasons.push(`partial: ${report.cases.length} of ${report.run?.selected ?? '?'} cases`);
  if (report.cases.length > 0 && counts.skipped === report.cases.length) reasons.push('nothing was tested');
  return reasons;
}

/** Whether the run ended before every case it selected had a result. */
export function isPartial(report: Judged): boolean {
  const selected = report.run?.selected;
  return report.run?.complete === false || (selected !== undefined && report.cases.length < selected);
}

/** Would CI fail on this run (see failReasons). */
export function runFails(report: Judged): boolean {
  return failReasons(report).length > 0;
}
