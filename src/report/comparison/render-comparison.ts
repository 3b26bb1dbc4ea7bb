import Table from 'cli-table3';
import { describeThreshold, THRESHOLD_NAMES } from '../../config/compare-thresholds.ts';
import { escapeMarkdown } from '../markdown/escape-markdown.ts';
import { printable } from '../printable.ts';
import type { Change, ChangeKind, Comparison, ReportFacts } from './compare-reports.ts';

const SECTIONS: readonly { kind: ChangeKind; key: 'regressions' | 'improvements' | 'news'; title: string }[] =
  [
    { kind: 'regression', key: 'regressions', title: 'Regressions (fail the comparison)' },
    { kind: 'improvement', key: 'improvements', title: 'Improvements' },
    { kind: 'news', key: 'news', title: 'News (worth a look, never fails)' },
  ];

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `2 regressions · 1 improvement · 3 news · 138 cases in both reports` (without the regressions on request). */
export function comparisonCounts(comparison: Comparison, withRegressions = true): string {
  const [one, many] = comparison.kind === 'conformance' ? ['case', 'cases'] : ['cell', 'cells'];
  return [
    ...(withRegressions ? [plural(comparison.regressions.length, 'regression', 'regressions')] : []),
    plural(comparison.improvements.length, 'improvement', 'improvements'),
    `${comparison.news.length} news`,
    `${plural(comparison.compared, one, many)} in both reports`,
  ].join(' · ');
}

function describeRun(facts: ReportFacts): string {
  return `${facts.mode} run of ${facts.startedAt} (llmcompat ${facts.version}${facts.complete ? '' : ', interrupted'})`;
}

/** The verdict line: what the exit code will say. */
export function comparisonVerdict(comparison: Comparison): string {
  const n = comparison.regressions.length;
  return n > 0
    ? `${plural(n, 'regression', 'regressions')} against the baseline`
    : 'No regression against the baseline';
}

function thresholdsLine(comparison: Comparison): string | undefined {
  if (comparison.kind !== 'latency') return undefined;
  const watched = THRESHOLD_NAMES.flatMap((name) => {
    const value = comparison.thresholds[name];
    return value === undefined ? [] : [describeThreshold(name, value)];
  });
  return `Thresholds: ${watched.length > 0 ? watched.join(', ') : 'none (only vanished cells count)'}`;
}

export interface ComparisonTerminalOptions {
  color: boolean;
}

/** The comparison for a terminal: a heading, one diff table of every change, notes and the verdict. */
export function renderComparisonTerminal(comparison: Comparison, options: ComparisonTerminalOptions): string {
  const paint = (code: string) => (text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const red = paint('31');
  const green = paint('32');
  const bold = paint('1');
  const label: Record<ChangeKind, string> = {
    regression: red('REGRESSION'),
    improvement: green('improved'),
    news: 'news',
  };
  const out = [
    bold(`llmcompat compare · ${comparison.kind}`),
    `baseline: ${printable(describeRun(comparison.baseline))}`,
    `current:  ${printable(describeRun(comparison.current))}`,
  ];
  const thresholds = thresholdsLine(comparison);
  if (thresholds) out.push(thresholds);
  const changes = SECTIONS.flatMap(({ key }) => comparison[key]);
  if (changes.length > 0) {
    const table = new Table({
      head: ['change', 'where', 'what', 'baseline', 'current', 'detail'],
      style: { head: [], border: [] },
      colWidths: [12, 32, 14, 17, 17, 56],
      wordWrap: true,
    });
    for (const change of changes) {
      table.push([
        label[change.kind],
        printable(change.where),
        printable(change.what),
        printable(change.before),
        printable(change.after),
        printable(`${change.code}: ${change.detail}`),
      ]);
    }
    out.push(table.toString());
  } else {
    out.push('No changes.');
  }
  for (const note of comparison.notes) out.push(`note: ${printable(note)}`);
  out.push(comparisonCounts(comparison));
  const verdict = comparisonVerdict(comparison);
  out.push(comparison.regressions.length > 0 ? red(bold(`✗ ${verdict}`)) : green(`✓ ${verdict}`));
  return `${out.join('\n')}\n`;
}

const cell = (text: string) => escapeMarkdown(printable(text));

function markdownTable(changes: readonly Change[]): string[] {
  return [
    '| where | what | baseline | current | detail |',
    '| --- | --- | --- | --- | --- |',
    ...changes.map(
      (c) =>
        `| ${cell(c.where)} | ${cell(c.what)} | ${cell(c.before)} | ${cell(c.after)} | ` +
        `**${cell(c.code)}**: ${cell(c.detail)} |`,
    ),
  ];
}

/** The comparison as GitHub-flavoured Markdown, for a pull request comment or `$GITHUB_STEP_SUMMARY`. */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const verdict = comparisonVerdict(comparison);
  const out = [
    `## llmcompat compare: ${comparison.kind}`,
    '',
    `**${comparison.regressions.length > 0 ? '✗' : '✓'} ${escapeMarkdown(verdict)}** · ` +
      escapeMarkdown(comparisonCounts(comparison, false)),
    '',
    `- baseline: ${escapeMarkdown(describeRun(comparison.baseline))}`,
    `- current: ${escapeMarkdown(describeRun(comparison.current))}`,
  ];
  const thresholds = thresholdsLine(comparison);
  if (thresholds) out.push(`- ${escapeMarkdown(thresholds)}`);
  out.push('');
  for (const { key, title } of SECTIONS) {
    const changes = comparison[key];
    if (changes.length === 0) continue;
    out.push(`### ${title}`, '', ...markdownTable(changes), '');
  }
  if (comparison.notes.length > 0) {
    out.push('### Notes', '', ...comparison.notes.map((note) => `- ${escapeMarkdown(note)}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
