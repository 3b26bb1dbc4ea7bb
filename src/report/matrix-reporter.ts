import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { writeFileAtomic, writeFileAtomicSync } from '../fs/write-file-atomic.ts';
import type { CaseResult } from '../runner/case-result.ts';
import { buildRunReport } from './build-run-report.ts';
import { appendGithubSummary } from './github-summary.ts';
import { renderJunit } from './render-junit.ts';
import { renderMarkdownMatrix } from './render-markdown-matrix.ts';
import { renderTerminalMatrix } from './render-terminal-matrix.ts';
import type { RunReport } from './run-report.ts';
import { writeIndexHtml } from './write-index-html.ts';
import './case-meta.ts';

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
    const result = test.meta().llmcompat;
    if (!result) return;
    this.#results.set(test.id, result);
    if (!this.#options.progress) return;
    this.#write(
      `\r\x1b[2K${this.#results.size} cases · ${result.provider} › ${result.scenario}: ${result.outcome}`,
    );
  }

  #report(complete: boolean): RunReport {
    const report = buildRunReport(this.results, {
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

  #files(): { json: string; markdown: string } | undefined {
    const { outDir } = this.#options;
    return outDir
      ? { json: join(outDir, 'conformance.json'), markdown: join(outDir, 'conformance.md') }
      : undefined;
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: string): Promise<void> {
    // A result the per-case event did not deliver is still in the tests' meta.
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.meta().llmcompat;
        if (result && !this.#results.has(test.id)) this.#results.set(test.id, result);
      }
    }
    if (this.#results.size === 0) return;
    if (this.#options.progress) this.#write('\r\x1b[2K');
    const report = this.#report(reason !== 'interrupted');
    this.#final = report;
    this.#write(`\n${renderTerminalMatrix(report, { color: this.#options.color ?? false })}\n`);
    if (report.run.resources) {
      const { processWallMs, peakRssMb } = report.run.resources;
      this.#write(
        `Run cost: ${report.cases.length} cases in ${(processWallMs / 1000).toFixed(1)} s of wall time from ` +
          `process start (vitest start-up included), peak RSS ${peakRssMb} MB.\n`,
      );
    }
    if (this.#options.githubSummary) await appendGithubSummary(renderMarkdownMatrix(report));
    const files = this.#files();
    if (!files) return;
    try {
      await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
      await writeFileAtomic(files.markdown, renderMarkdownMatrix(report));
      const html = await writeIndexHtml(this.#options.outDir!);
      if (this.#options.junitFile) await writeFileAtomic(this.#options.junitFile, renderJunit(report));
      const written = [files.json, files.markdown, html, this.#options.junitFile].filter(Boolean);
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
    const files = this.#files();
    if (report.cases.length === 0 || !files) return { cases: report.cases.length, files: [] };
    if (this.#options.progress) this.#write('\r\x1b[2K');
    try {
      writeFileAtomicSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
      writeFileAtomicSync(files.markdown, renderMarkdownMatrix(report));
      return { cases: report.cases.length, files: [files.json, files.markdown] };
    } catch (error) {
      return { cases: report.cases.length, files: [], error: (error as Error).message };
    }
  }
}
