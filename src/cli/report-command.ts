import { resolve } from 'node:path';
import { runFails } from '../core/summarize.ts';
import { UsageError } from '../core/usage-error.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import { renderJunit } from '../report/junit/render-junit.ts';
import { appendGithubSummary } from '../report/markdown/github-summary.ts';
import { renderLatencyMarkdown } from '../report/markdown/render-latency-markdown.ts';
import { renderMarkdownMatrix } from '../report/markdown/render-markdown-matrix.ts';
import { readReportFile } from '../report/read-report-file.ts';
import { renderLatencyTerminal } from '../report/terminal/render-latency-terminal.ts';
import { renderTerminalMatrix } from '../report/terminal/render-terminal-matrix.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const HELP = `llmcompat report — re-render a JSON report, without running anything

Usage: llmcompat report <report.json> [options]

Prints the report (the capability matrix of a conformance report, the latency tables of a latency report) and
writes the formats asked for. Use it on a report downloaded from CI, or merged from shards.

Options:
  --junit <file>       JUnit XML, one testsuite per provider and one testcase per scenario (conformance reports)
  --markdown <file>    The report as Markdown (as reports/conformance.md or reports/latency.md)
  --github-summary     Append the Markdown to $GITHUB_STEP_SUMMARY (GitHub Actions; ignored when it is not set)
  --quiet              Do not print the report, only write the files
  --no-color           Plain output (also when NO_COLOR or CI is set, or output is not a terminal)
  -h, --help           This help

Examples:
  llmcompat report reports/conformance.json --junit reports/junit.xml
  llmcompat report artifacts/conformance.json --markdown matrix.md --github-summary --quiet

Exit codes: 0 the report would pass CI · 1 it holds a failing case (a declared capability failed, or an error) ·
2 usage error (a missing or unreadable file, --junit on a latency report)
`;

const OPTIONS = {
  junit: { type: 'string' },
  markdown: { type: 'string' },
  'github-summary': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  color: { type: 'boolean', default: true },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, OPTIONS, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [path, ...extra] = positionals;
  if (!path) throw new UsageError('report needs a report file: llmcompat report <report.json>.');
  if (extra.length > 0) throw new UsageError(`report takes one report file; also got ${extra.join(' ')}.`);
  const { report } = await readReportFile(resolve(path), 'report');
  if (values.junit && report.kind !== 'conformance') {
    throw new UsageError(`--junit needs a conformance report; ${path} is a ${report.kind} report.`);
  }
  const color =
    values.color &&
    !values['no-color'] &&
    !process.env.NO_COLOR &&
    !process.env.CI &&
    process.stdout.isTTY === true;
  if (!values.quiet) {
    const text =
      report.kind === 'conformance'
        ? renderTerminalMatrix(report, { color, columns: process.stdout.columns })
        : renderLatencyTerminal(report, { color });
    process.stdout.write(`${text}\n`);
  }
  const written: string[] = [];
  if (values.junit && report.kind === 'conformance') {
    await writeFileAtomic(resolve(values.junit), renderJunit(report));
    written.push(values.junit);
  }
  const needsMarkdown = values.markdown !== undefined || values['github-summary'];
  const markdown = needsMarkdown
    ? report.kind === 'conformance'
      ? renderMarkdownMatrix(report)
      : renderLatencyMarkdown(report)
    : '';
  if (values.markdown) {
    await writeFileAtomic(resolve(values.markdown), markdown);
    written.push(values.markdown);
  }
  if (values['github-summary']) {
    const file = await appendGithubSummary(markdown);
    if (file) written.push('$GITHUB_STEP_SUMMARY');
  }
  if (written.length > 0) process.stdout.write(`Written: ${written.join(', ')}\n`);
  return report.kind === 'conformance' && runFails(report) ? 1 : 0;
}
