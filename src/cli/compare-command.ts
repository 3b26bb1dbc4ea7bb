import { relative, resolve } from 'node:path';
import {
  DEFAULT_THRESHOLDS,
  describeThreshold,
  parseThresholds,
  THRESHOLD_NAMES,
} from '../config/compare-thresholds.ts';
import { loadConfig } from '../config/load-config.ts';
import { isPartial } from '../core/summarize.ts';
import { UsageError } from '../core/usage-error.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import { compareReports, hasRegressions } from '../report/comparison/compare-reports.ts';
import {
  renderComparisonMarkdown,
  renderComparisonTerminal,
} from '../report/comparison/render-comparison.ts';
import { appendGithubSummary } from '../report/markdown/github-summary.ts';
import { readReportFile } from '../report/read-report-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const defaults = THRESHOLD_NAMES.flatMap((name) => {
  const value = DEFAULT_THRESHOLDS[name];
  return value === undefined ? [] : [describeThreshold(name, value)];
}).join(', ');

const HELP = `llmcompat compare — diff a report against a baseline; exit 1 on a regression

Usage: llmcompat compare <baseline.json> [current.json] [options]

Both reports must be of one kind: conformance (llmcompat run) or latency (llmcompat bench). current.json defaults
to reports/conformance.json or reports/latency.json, after the baseline's kind.

Regressions (exit 1):
  conformance  a case that fails the run now and did not before: a declared capability gone from pass to fail,
               a new error, a new case that fails; a case of the baseline missing from the current report
  latency      a watched percentile worse than its threshold, the error rate up by more than its points, a cell
               of the baseline missing from the current report
Improvements (fixed cells, faster figures) and news (unexpected passes, new or newly skipped cases, changed
diagnostic codes, figures no longer measured) are listed, and never fail.

Options:
  --threshold <name>=<value>  Latency threshold, repeatable: <metric>-<stat> with metric ttft|e2e|itl|tps and stat
                              p50|p90|p95|p99|mean, in percent of the baseline value; error-rate in percentage
                              points; 'off' stops watching one. Defaults: ${defaults}
  --markdown <file>           Also write the comparison as Markdown (it is appended to $GITHUB_STEP_SUMMARY anyway
                              when that is set, as in GitHub Actions)
  --update-baseline           After comparing, write current.json over baseline.json (atomic replace): accepts the
                              current state, regressions included, on purpose; exit 0
  --no-color                  Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help                  This help

Examples:
  llmcompat compare baselines/conformance.json
  llmcompat compare baselines/latency.json reports/latency.json --threshold ttft-p50=10% --threshold error-rate=2
  llmcompat compare baselines/conformance.json reports/conformance.json --markdown reports/compare.md
  llmcompat compare baselines/conformance.json --update-baseline

Exit codes: 0 no regression (or baseline updated) · 1 regression · 2 usage error (a missing or unreadable file,
reports of different kinds, a bad threshold)
`;

const DEFAULT_CURRENT = { conformance: 'reports/conformance.json', latency: 'reports/latency.json' } as const;

const OPTIONS = {
  threshold: { type: 'string', multiple: true, default: [] as string[] },
  markdown: { type: 'string' },
  'update-baseline': { type: 'boolean', default: false },
  color: { type: 'boolean', default: true },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', args, OPTIONS, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [baselinePath, currentArg, ...extra] = positionals;
  if (!baselinePath)
    throw new UsageError(
      'compare needs a baseline report: llmcompat compare <baseline.json> [current.json].',
    );
  if (extra.length > 0)
    throw new UsageError(`compare takes at most two reports; also got ${extra.join(' ')}.`);
  // Flags win over the config's thresholds, which win over the defaults.
  const config = await loadConfig(undefined);
  const thresholds = parseThresholds(values.threshold, parseThresholds(config.compare?.thresholds ?? []));
  const baseline = await readReportFile(resolve(baselinePath), 'baseline');
  const currentPath = resolve(currentArg ?? DEFAULT_CURRENT[baseline.report.kind]);
  const current = await readReportFile(
    currentPath,
    currentArg ? 'current report' : 'current report (default)',
  );
  if (baseline.report.kind !== current.report.kind) {
    throw new UsageError(
      `Cannot compare ${baselinePath} (a ${baseline.report.kind} report) with ` +
        `${relative(process.cwd(), currentPath)} (a ${current.report.kind} report): give two reports of one kind.`,
    );
  }
  const comparison = compareReports(baseline.report, current.report, thresholds);
  const color =
    values.color &&
    !values['no-color'] &&
    !process.env.NO_COLOR &&
    !process.env.CI &&
    process.stdout.isTTY === true;
  process.stdout.write(renderComparisonTerminal(comparison, { color }));
  const markdown = renderComparisonMarkdown(comparison);
  if (values.markdown) {
    await writeFileAtomic(resolve(values.markdown), markdown);
    process.stdout.write(`Markdown: ${values.markdown}\n`);
  }
  await appendGithubSummary(markdown);
  if (values['update-baseline']) {
    if (!current.report.run.complete) {
      throw new UsageError(
        `Not updating ${baselinePath}: ${relative(process.cwd(), currentPath)} is from an interrupted run. ` +
          'Finish a run, then update the baseline from it.',
      );
    }
    await writeFileAtomic(resolve(baselinePath), current.text);
    const accepted = comparison.regressions.length;
    process.stdout.write(
      `Baseline updated on request: ${baselinePath} now holds ${relative(process.cwd(), currentPath)}` +
        `${accepted > 0 ? ` (${accepted} regression${accepted === 1 ? '' : 's'} accepted)` : ''}. ` +
        'Commit it to make it the new reference.\n',
    );
    return 0;
  }
  if (current.report.kind === 'conformance' && isPartial(current.report)) {
    const { cases, run } = current.report;
    process.stderr.write(
      `llmcompat compare: ${relative(process.cwd(), currentPath)} is partial (${cases.length} of ` +
        `${run.selected ?? 'more'} cases): a run that did not finish cannot pass a comparison.\n`,
    );
    return 1;
  }
  return hasRegressions(comparison) ? 1 : 0;
}
