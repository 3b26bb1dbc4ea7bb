import {
  DEFAULT_THRESHOLDS,
  describeThreshold,
  LATENCY_METRICS,
  type LatencyMetric,
  type LatencyStat,
  THRESHOLD_NAMES,
  type ThresholdName,
  type Thresholds,
} from '../../config/compare-thresholds.ts';
import { type CaseOutcome, type CaseResult, failsRun } from '../../core/case-result.ts';
import type { Distribution, LatencyCell, LatencyReport } from '../../core/latency-report.ts';
import type { RunReport } from '../../core/run-report.ts';
import { UsageError } from '../../core/usage-error.ts';

export type AnyReport = RunReport | LatencyReport;

/** regression: fails the comparison (exit 1) · improvement: a fixed cell, a faster figure · news: worth a look. */
export type ChangeKind = 'regression' | 'improvement' | 'news';

export interface Change {
  kind: ChangeKind;
  /**
   * Stable code: `newly-failing`, `new-error`, `vanished`, `slower`, `error-rate`, `fixed`, `faster`,
   * `unexpected-pass`, `new-case`, `now-skipped`, `now-run`, `now-known-gap`, `now-declared`, `diagnostics-changed`,
   * `not-measured`.
   */
  code: string;
  /** `provider › scenario`, with the load for latency cells: `openai › stream.text @ c=8`. */
  where: string;
  /** What is compared: `outcome`, `TTFT p50`, `error rate`. */
  what: string;
  before: string;
  after: string;
  /** One sentence: why it matters, with the diagnostics or the threshold. */
  detail: string;
}

export interface ReportFacts {
  mode: string;
  startedAt: string;
  version: string;
  complete: boolean;
  /** Cases (conformance) or cells (latency). */
  count: number;
}

export interface Comparison {
  kind: AnyReport['kind'];
  baseline: ReportFacts;
  current: ReportFacts;
  regressions: Change[];
  improvements: Change[];
  news: Change[];
  /** Context that is not a change of a cell: a mode mismatch, an interrupted run, a model swap, skewed timings. */
  notes: string[];
  /** Cases or cells present in both reports. */
  compared: number;
  /** The thresholds applied (latency comparisons). */
  thresholds: Thresholds;
}

function factsOf(report: AnyReport): ReportFacts {
  return {
    mode: report.run.mode,
    startedAt: report.run.startedAt,
    version: report.tool.version,
    complete: report.run.complete,
    count: report.kind === 'conformance' ? report.cases.length : report.cells.length,
  };
}

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  pass: 'pass',
  fail: 'fail',
  'known-gap': 'known gap',
  'unexpected-pass': 'unexpected pass',
  skipped: 'skipped',
  error: 'error',
};

/** `tool-call-as-text: the tool call came back as text; …`: the failures of a case, or its reason. */
function whyFailing(result: CaseResult): string {
  const failures = result.diagnostics.filter((d) => d.severity === 'failure');
  const parts = failures.map((d) => `${d.code}: ${d.message}`);
  if (result.reason) parts.unshift(result.reason);
  return parts.length > 0 ? parts.join('; ') : 'failed without a diagnostic';
}

function codesOf(result: CaseResult): Set<string> {
  return new Set(result.diagnostics.map((d) => d.code));
}

function codeDiff(before: CaseResult, after: CaseResult): { added: string[]; removed: string[] } {
  const was = codesOf(before);
  const is = codesOf(after);
  return { added: [...is].filter((c) => !was.has(c)), removed: [...was].filter((c) => !is.has(c)) };
}

/** The change of one case between the reports, if any; `before` absent is a new case, `after` absent a vanished one. */
export function compareCase(
  before: CaseResult | undefined,
  after: CaseResult | undefined,
): Change | undefined {
  const subject = after ?? before;
  if (!subject) return undefined;
  const where = `${subject.provider} › ${subject.scenario}`;
  const change = (kind: ChangeKind, code: string, detail: string, what = 'outcome'): Change => ({
    kind,
    code,
    where,
    what,
    before: before ? OUTCOME_WORDS[before.outcome] : '—',
    after: after ? OUTCOME_WORDS[after.outcome] : '—',
    detail,
  });
  if (!after) return change('regression', 'vanished', 'in the baseline but not in the current report');
  if (!before) {
    if (after.outcome === 'error')
      return change('regression', 'new-error', `new case, errors: ${whyFailing(after)}`);
    if (after.outcome === 'fail')
      return change('regression', 'newly-failing', `new case, fails: ${whyFailing(after)}`);
    return change('news', 'new-case', 'not in the baseline');
  }
  const from = before.outcome;
  const to = after.outcome;
  if (from !== to && failsRun(to)) {
    if (to === 'error')
      return change('regression', 'new-error', `the harness could not judge: ${whyFailing(after)}`);
    const lead =
      from === 'known-gap'
        ? 'the catalog now declares this capability, and it fails'
        : from === 'skipped'
          ? 'ran again, and fails'
          : 'a declared capability that passed now fails';
    return change('regression', 'newly-failing', `${lead}: ${whyFailing(after)}`);
  }
  if (failsRun(from) && !failsRun(to) && to !== 'skipped') {
    const detail =
      to === 'known-gap'
        ? 'no longer fails the run: the catalog now lists it as a gap'
        : from === 'error'
          ? 'the harness can judge it again, and it passes'
          : 'passes again';
    return change('improvement', 'fixed', detail);
  }
  if (from !== to) {
    if (to === 'unexpected-pass') {
      return change(
        'news',
        'unexpected-pass',
        `passes although the catalog lists it as a gap: update the catalog`,
      );
    }
    if (to === 'skipped') return change('news', 'now-skipped', after.reason ?? 'skipped, no reason given');
    if (from === 'skipped') return change('news', 'now-run', 'no longer skipped');
    if (to === 'known-gap') {
      return change(
        'news',
        'now-known-gap',
        `fails, and the catalog does not declare it: ${whyFailing(after)}`,
      );
    }
    if (from === 'known-gap' && to === 'pass') {
      return change('improvement', 'fixed', 'a known gap that passes now, and the catalog declares it');
    }
    return change('news', 'now-declared', 'the catalog now declares this capability');
  }
  const { added, removed } = codeDiff(before, after);
  if (added.length === 0 && removed.length === 0) return undefined;
  const diff = [...added.map((c) => `+${c}`), ...removed.map((c) => `−${c}`)].join(' ');
  return {
    ...change('news', 'diagnostics-changed', `diagnostic codes ${diff}`, 'diagnostics'),
    before: [...codesOf(before)].join(', ') || '—',
    after: [...codesOf(after)].join(', ') || '—',
  };
}

const caseKey = (c: Pick<CaseResult, 'provider' | 'scenario'>) => `${c.provider}\u0000${c.scenario}`;

function compareConformance(
  baseline: RunReport,
  current: RunReport,
): Omit<Comparison, 'kind' | 'thresholds'> {
  const before = new Map(baseline.cases.map((c) => [caseKey(c), c]));
  const after = new Map(current.cases.map((c) => [caseKey(c), c]));
  const changes: Change[] = [];
  let compared = 0;
  for (const result of current.cases) {
    const was = before.get(caseKey(result));
    if (was) compared++;
    const change = compareCase(was, result);
    if (change) changes.push(change);
  }
  for (const result of baseline.cases) {
    if (!after.has(caseKey(result))) changes.push(compareCase(result, undefined)!);
  }
  const notes = commonNotes(baseline, current);
  for (const provider of current.providers) {
    const was = baseline.providers.find((p) => p.id === provider.id);
    if (was && was.model !== provider.model) {
      notes.push(`${provider.id}: model ${was.model} in the baseline, ${provider.model} now`);
    }
  }
  return { ...split(changes), notes, compared, baseline: factsOf(baseline), current: factsOf(current) };
}

function commonNotes(baseline: AnyReport, current: AnyReport): string[] {
  const notes: string[] = [];
  if (baseline.run.mode !== current.run.mode) {
    notes.push(`the baseline is a ${baseline.run.mode} run, the current one ${current.run.mode}`);
  }
  if (!current.run.complete) {
    notes.push('the current run was interrupted: what it did not reach shows as vanished');
  }
  if (!baseline.run.complete) notes.push('the baseline run was interrupted before every case finished');
  return notes;
}

function split(changes: Change[]): Pick<Comparison, 'regressions' | 'improvements' | 'news'> {
  return {
    regressions: changes.filter((c) => c.kind === 'regression'),
    improvements: changes.filter((c) => c.kind === 'improvement'),
    news: changes.filter((c) => c.kind === 'news'),
  };
}

function loadOf(cell: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>): string {
  if (cell.concurrency !== undefined) return `c=${cell.concurrency}`;
  if (cell.ratePerSecond !== undefined) return `${cell.ratePerSecond}/s`;
  return 'load ?';
}

const cellKey = (c: LatencyCell) => `${c.provider}\u0000${c.scenario}\u0000${loadOf(c)}`;
const cellWhere = (c: LatencyCell) => `${c.provider} › ${c.scenario} @ ${loadOf(c)}`;

/** `412 ms`, `8.4 ms`, `83 tok/s`: one decimal under 10, whole numbers above, no locale. */
function formatValue(value: number, unit: string): string {
  const shown = Math.abs(value) < 10 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${unit}`;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1).replace(/\.0$/, '')}%`;

// Below these, a relative change is noise (a replayed run's sub-millisecond TTFT doubling is not a regression).
const NOISE_FLOOR: Record<'ms' | 'tok/s', number> = { ms: 1, 'tok/s': 0.5 };

function compareMetric(
  before: LatencyCell,
  after: LatencyCell,
  name: Exclude<ThresholdName, 'error-rate'>,
  threshold: number,
): Change | undefined {
  const dash = name.indexOf('-');
  const metric = LATENCY_METRICS[name.slice(0, dash) as LatencyMetric];
  const stat = name.slice(dash + 1) as LatencyStat;
  const was = (before[metric.field] as Distribution | undefined)?.[stat];
  const is = (after[metric.field] as Distribution | undefined)?.[stat];
  const what = `${metric.label} ${stat}`;
  if (was === undefined || !Number.isFinite(was)) return undefined;
  if (is === undefined || !Number.isFinite(is)) {
    return {
      kind: 'news',
      code: 'not-measured',
      where: cellWhere(after),
      what,
      before: formatValue(was, metric.unit),
      after: '—',
      detail: 'measured in the baseline, not in the current run',
    };
  }
  if (Math.abs(is - was) < NOISE_FLOOR[metric.unit] || was === 0) return undefined;
  const worseBy = metric.worse === 'up' ? (is - was) / was : (was - is) / was;
  if (Math.abs(worseBy) * 100 <= threshold) return undefined;
  const signed = `${is > was ? '+' : '−'}${percent(Math.abs(is - was) / was)}`;
  const regression = worseBy > 0;
  return {
    kind: regression ? 'regression' : 'improvement',
    code: regression ? 'slower' : 'faster',
    where: cellWhere(after),
    what,
    before: formatValue(was, metric.unit),
    after: formatValue(is, metric.unit),
    detail: `${signed} (threshold ${describeThreshold(name, threshold)})`,
  };
}

function compareErrorRate(before: LatencyCell, after: LatencyCell, threshold: number): Change | undefined {
  const points = (after.errorRate - before.errorRate) * 100;
  if (!Number.isFinite(points) || Math.abs(points) <= threshold) return undefined;
  const kinds = Object.entries(after.errorKinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const sign = points > 0 ? '+' : '−';
  return {
    kind: points > 0 ? 'regression' : 'improvement',
    code: 'error-rate',
    where: cellWhere(after),
    what: 'error rate',
    before: percent(before.errorRate),
    after: percent(after.errorRate),
    detail:
      `${sign}${Math.abs(points).toFixed(1).replace(/\.0$/, '')} pts ` +
      `(threshold ${describeThreshold('error-rate', threshold)})${points > 0 && kinds ? `: ${kinds}` : ''}`,
  };
}

function compareLatency(
  baseline: LatencyReport,
  current: LatencyReport,
  thresholds: Thresholds,
): Omit<Comparison, 'kind' | 'thresholds'> {
  const before = new Map(baseline.cells.map((c) => [cellKey(c), c]));
  const after = new Set(current.cells.map(cellKey));
  const changes: Change[] = [];
  const notes = commonNotes(baseline, current);
  if (baseline.run.mode === 'recorded' || current.run.mode === 'recorded') {
    notes.push('recorded latencies replay fixture timings: they say nothing about a provider’s speed today');
  }
  let compared = 0;
  for (const cell of current.cells) {
    const was = before.get(cellKey(cell));
    if (!was) {
      changes.push({
        kind: 'news',
        code: 'new-case',
        where: cellWhere(cell),
        what: 'cell',
        before: '—',
        after: `${cell.requests} requests`,
        detail: 'not in the baseline',
      });
      continue;
    }
    compared++;
    for (const name of THRESHOLD_NAMES) {
      const threshold = thresholds[name];
      if (threshold === undefined) continue;
      const change =
        name === 'error-rate'
          ? compareErrorRate(was, cell, threshold)
          : compareMetric(was, cell, name, threshold);
      if (change) changes.push(change);
    }
    if (was.model !== cell.model)
      notes.push(`${cellWhere(cell)}: model ${was.model} in the baseline, ${cell.model} now`);
    if (cell.eventLoop.skewed) {
      notes.push(
        `${cellWhere(cell)}: the event loop lagged (p99 ${cell.eventLoop.p99Ms} ms): timings may be inflated`,
      );
    }
  }
  for (const cell of baseline.cells) {
    if (after.has(cellKey(cell))) continue;
    changes.push({
      kind: 'regression',
      code: 'vanished',
      where: cellWhere(cell),
      what: 'cell',
      before: `${cell.requests} requests`,
      after: '—',
      detail: 'in the baseline but not in the current report',
    });
  }
  return { ...split(changes), notes, compared, baseline: factsOf(baseline), current: factsOf(current) };
}

/**
 * Diffs two reports of the same kind. Conformance: a case that fails the run now and did not before (a declared
 * capability gone from pass to fail, a new error) or a case that vanished is a regression; fixed cells are
 * improvements; unexpected passes, new, skipped and re-declared cases and changed diagnostic codes are news.
 * Latency: a watched percentile worse than its threshold, an error rate up by more than its points, or a vanished
 * cell is a regression; the same figures better by as much are improvements. Reports of different kinds are a
 * UsageError.
 */
export function compareReports(
  baseline: AnyReport,
  current: AnyReport,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Comparison {
  if (baseline.kind === 'conformance' && current.kind === 'conformance') {
    return { kind: 'conformance', thresholds: {}, ...compareConformance(baseline, current) };
  }
  if (baseline.kind === 'latency' && current.kind === 'latency') {
    return {
      kind: 'latency',
      thresholds: { ...thresholds },
      ...compareLatency(baseline, current, thresholds),
    };
  }
  throw new UsageError(
    `Cannot compare a ${baseline.kind} baseline with a ${current.kind} report: give two reports of the same kind.`,
  );
}

export function hasRegressions(comparison: Pick<Comparison, 'regressions'>): boolean {
  return comparison.regressions.length > 0;
}
