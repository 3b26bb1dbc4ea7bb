import type { CaseOutcome } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import { failReasons, summarize } from '../core/summarize.ts';
import { printable } from './printable.ts';

/** `850 ms`, `12.3 s`, `2 min 05 s`: fixed formats, no locale, so a re-render gives the same bytes. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The facts of the run, each as a short phrase: tool, mode, start, duration, node, platform. */
export function runFacts(report: RunReport): string[] {
  const { run, tool } = report;
  return [
    `${tool.name} ${printable(tool.version)}`,
    ...(run.client ? [`client ${printable(run.client.name)} ${printable(run.client.version)}`] : []),
    `${run.mode} mode`,
    `started ${printable(run.startedAt)}`,
    `took ${formatDuration(run.durationMs)}`,
    `node ${printable(run.node)}`,
    printable(run.platform),
  ];
}

/** `1 case`, `2 cases`: a count with its noun in the right number. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Number of passing cases that carry tolerated deviations. */
export function deviationCount(report: Pick<RunReport, 'cases'>): number {
  return report.cases.filter(
    (c) => c.outcome === 'pass' && c.diagnostics.some((d) => d.severity === 'deviation'),
  ).length;
}

/** `140 cases` and its breakdown, `120 pass`, `12 known gaps`, … in a fixed order. */
export function countsPhrases(counts: Record<CaseOutcome, number>): { total: string; items: string[] } {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    total: plural(total, 'case', 'cases'),
    items: [
      `${counts.pass} pass`,
      plural(counts['known-gap'], 'known gap', 'known gaps'),
      `${counts.fail} fail`,
      `${counts.error} error`,
      plural(counts['unexpected-pass'], 'unexpected pass', 'unexpected passes'),
      `${counts.skipped} skipped`,
    ],
  };
}

/** `140 cases: 120 pass, 12 known gaps, 0 fail, 0 error, 1 unexpected pass, 7 skipped`. */
export function countsLine(counts: Record<CaseOutcome, number>): string {
  const { total, items } = countsPhrases(counts);
  return `${total}: ${items.join(', ')}`;
}

/** Whether CI would fail, and on how many cases. */
export function verdict(report: Parameters<typeof failReasons>[0]): { fails: boolean; text: string } {
  const why = failReasons(report);
  if (why.length === 0) return { fails: false, text: 'CI would pass' };
  return { fails: true, text: `CI would fail (${why.join(', ')})` };
}

/** The one-line summary, without the verdict: counts, tolerated deviations, an interrupted run. */
export function summaryParts(report: RunReport): string[] {
  const parts = [countsLine(summarize(report.cases))];
  const deviations = deviationCount(report);
  if (deviations > 0) parts.push(`${plural(deviations, 'pass', 'passes')} with tolerated deviations`);
  if (!report.run.complete) parts.push('run interrupted before every case finished');
  return parts;
}
