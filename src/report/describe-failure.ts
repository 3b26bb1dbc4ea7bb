import type { CaseResult } from '../core/case-result.ts';

/** The test failure message: why the cell is red, each finding on its own line. */
export function describeFailure(result: CaseResult): string {
  const head = `${result.provider} › ${result.scenario}: ${result.outcome}`;
  if (result.reason) return `${head}: ${result.reason}`;
  const lines = result.diagnostics
    .filter((d) => d.severity === 'failure')
    .map((d) => `  ${d.code}: ${d.message}${d.evidence ? `\n    evidence: ${d.evidence}` : ''}`);
  return [head, ...lines].join('\n');
}
