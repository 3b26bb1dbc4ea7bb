import { performance } from 'node:perf_hooks';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseResult } from '../core/case-result.ts';
import type { RunReport } from '../core/run-report.ts';
import { buildRunReport } from '../runner/build-run-report.ts';
import { UNFINISHED_CASE } from './case-meta.ts';
import { appendGithubSummary } from './markdown/github-summary.ts';
import { renderMarkdownMatrix } from './markdown/render-markdown-matrix.ts';
import { renderTerminalMatrix } from './terminal/render-terminal-matrix.ts';
import { writeRunReports } from './write-run-reports.ts';

export interface MatrixReporterOptions {
  /** Folder for conformance.json and conformance.md; nothing is written when absent. */
  outDir?: string;
  mode?: CaseResult['mode'];
  color?: boolean;
  /** Print a progress line per finished case (off in CI and on non-TTY output). */
  progress?: boolean;
  version?: string;
  /** Record the process's wall time since start and its peak RSS (true when the run owns the process). */
  measureProcess?: boolean;
  /** Also write JUnit XML here (one testcase per provider × scenario). */
  junitFile?: string;
  /** Append the Markdown matrix to $GITHUB_STEP_SUMMARY when it is set. */
  githubSummary?: boolean;
  write?: (text: string) => void;
}

/** The suite whose tests are the matrix's cases: one test per selected provider × scenario. */
const CONFORMANCE_SUITE = /suites[\\/]conformance\.test\.ts$/;

/** What an interrupted run left behind. */
export interface InterruptedWrite {
  /** Finished cases in the report. */
  cases: number;
  /** The report files written; empty when no case had finished or there is no `outDir`. */
  files: string[];
  /** Why the files could not be written, if they could not. */
  error?: string;
}

/**
 * vitest reporter: turns the conformance tests' results into the matrix, on screen and as report files. It keeps each
 * case's result (no wire data) as the case finishes, so an interrupted run can still write what finished.
 */
export class MatrixReporter implements Reporter {
  readonly #options: MatrixReporterOptions;
  #startedAt = new Date();
  readonly #results = new Map<string, CaseResult>();
  /** The report of a run that reached its end, once built. */
  #final: RunReport | undefined;
  /** Why the report files could not be written at the end of the run, if they could not. */
  writeError: string | undefined;

  constructor(options: MatrixReporterOptions = {}) {
    this.#options = options;
  }

  #write(text: string): void {
    (this.#options.write ?? ((t: string) => process.stdout.write(t)))(text);
  }

  /** Finished cases so far (keys were removed where live results are made: runLiveCase). */
  get results(): CaseResult[] {
    return [...this.#results.values()];
  }

  onTestRunStart(): void {
    this.#startedAt = new Date();
    this.#results.clear();
    this.#final = undefined;
    this.writeError = undefined;
  }

  onTestCaseResult(test: TestCase): void {
    const result = resultOf(test);
    if (!result) return;
    this.#results.set(test.id, result);
    if (!this.#options.progress) return;
    this.#write(
      `\r\x1b[2K${this.#results.size} cases · ${result.provider} › ${result.scenario}: ${result.outcome}`,
    );
  }

  #report(complete: boolean, selected?: number): RunReport {
    const report = buildRunReport(this.results, {
      ...(selected === undefined ? {} : { selected }),
      mode: this.#options.mode ?? this.results[0]?.mode ?? 'recorded',
      startedAt: this.#startedAt,
      finishedAt: new Date(),
      complete,
      version: this.#options.version ?? '0.0.0',
    });
    if (this.#options.measureProcess) {
      report.run.resources = {
        processWallMs: Math.round(performance.now()),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
    }
    return report;
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: string): Promise<void> {
    // A result the per-case event did not deliver is still in the tests' meta.
    let selected = 0;
    for (const module of modules) {
      const conformance = CONFORMANCE_SUITE.test(module.moduleId);
      for (const test of module.children.allTests()) {
        const result = resultOf(test);
        // A test vitest itself left out (a -t filter) was not selected; one it started and lost is.
        if (result || (conformance && test.result().state !== 'skipped')) selected++;
        if (result && !this.#results.has(test.id)) this.#results.set(test.id, result);
      }
    }
    if (this.#results.size === 0) return;
    if (this.#options.progress) this.#write('\r\x1b[2K');
    const report = this.#report(reason !== 'interrupted' && this.#results.size === selected, selected);
    this.#final = report;
    const columns = process.stdout.columns || 80;
    this.#write(`\n${renderTerminalMatrix(report, { color: this.#options.color ?? false, columns })}\n`);
    if (report.run.resources) {
      const { processWallMs, peakRssMb } = report.run.resources;
      this.#write(
        `Run cost: ${report.cases.length} cases, ${(processWallMs / 1000).toFixed(1)} s from process start ` +
          `(vitest start-up included), peak RSS ${peakRssMb} MB.\n`,
      );
    }
    if (this.#options.githubSummary) await appendGithubSummary(renderMarkdownMatrix(report));
    const { outDir, junitFile } = this.#options;
    if (!outDir) return;
    try {
      const written = writeRunReports(report, { outDir, ...(junitFile ? { junitFile } : {}) });
      this.#write(`Reports: ${written.join(', ')}\n`);
    } catch (error) {
      this.writeError =
        `Cannot write the reports into ${this.#options.outDir}: ${(error as Error).message}. ` +
        'Give a folder you can write to with --out <dir>.';
      process.stderr.write(`llmcompat: ${this.writeError}\n`);
    }
  }

  /**
   * For a SIGINT/SIGTERM handler, after which the process exits: writes the report of the cases finished so far,
   * marked partial (`run.complete: false`), synchronously, since an asynchronous write would be cut off by the exit.
   * A run that already reached its end writes its full report again, over any write the signal interrupted.
   */
  writeInterrupted(): InterruptedWrite {
    const report = this.#final ?? this.#report(false);
    const { outDir, junitFile } = this.#options;
    if (report.cases.length === 0 || !outDir) return { cases: report.cases.length, files: [] };
    if (this.#options.progress) this.#write('\r\x1b[2K');
    try {
      const files = writeRunReports(report, { outDir, ...(junitFile ? { junitFile } : {}) });
      return { cases: report.cases.length, files };
    } catch (error) {
      return { cases: report.cases.length, files: [], error: (error as Error).message };
    }
  }
}

/** A test's case result; one vitest ended before the case did becomes an error cell naming vitest's reason. */
function resultOf(test: TestCase): CaseResult | undefined {
  const result = test.meta().llmcompat;
  if (!result || result.reason !== UNFINISHED_CASE) return result;
  const error = test.result().errors?.[0]?.message;
  return error ? { ...result, reason: `${UNFINISHED_CASE}: ${error}` } : result;
}
