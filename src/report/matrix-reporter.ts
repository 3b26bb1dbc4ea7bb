import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { CaseResult } from '../runner/case-result.ts';
import { buildRunReport } from './build-run-report.ts';
import { renderMarkdownMatrix } from './render-markdown-matrix.ts';
import { renderTerminalMatrix } from './render-terminal-matrix.ts';
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
  write?: (text: string) => void;
}

function casesOf(modules: ReadonlyArray<TestModule>): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.meta().llmcompat;
      if (result) cases.push(result);
    }
  }
  return cases;
}

/** vitest reporter: turns the conformance tests' results into the matrix, on screen and as report files. */
export class MatrixReporter implements Reporter {
  readonly #options: MatrixReporterOptions;
  #startedAt = new Date();
  #done = 0;

  constructor(options: MatrixReporterOptions = {}) {
    this.#options = options;
  }

  #write(text: string): void {
    (this.#options.write ?? ((t: string) => process.stdout.write(t)))(text);
  }

  onTestRunStart(): void {
    this.#startedAt = new Date();
    this.#done = 0;
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.meta().llmcompat;
    if (!result || !this.#options.progress) return;
    this.#done++;
    this.#write(`\r\x1b[2K${this.#done} cases · ${result.provider} › ${result.scenario}: ${result.outcome}`);
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: string): Promise<void> {
    const cases = casesOf(modules);
    if (cases.length === 0) return;
    if (this.#options.progress) this.#write('\r\x1b[2K');
    const report = buildRunReport(cases, {
      mode: this.#options.mode ?? 'recorded',
      startedAt: this.#startedAt,
      finishedAt: new Date(),
      complete: reason !== 'interrupted',
      version: this.#options.version ?? '0.0.0',
    });
    if (this.#options.measureProcess) {
      report.run.resources = {
        processWallMs: Math.round(performance.now()),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
    }
    this.#write(`\n${renderTerminalMatrix(report, { color: this.#options.color ?? false })}\n`);
    if (report.run.resources) {
      const { processWallMs, peakRssMb } = report.run.resources;
      this.#write(
        `Run cost: ${cases.length} cases in ${(processWallMs / 1000).toFixed(1)} s of wall time from process start ` +
          `(vitest start-up included), peak RSS ${peakRssMb} MB.\n`,
      );
    }
    const { outDir } = this.#options;
    if (outDir) {
      await writeFileAtomic(join(outDir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
      await writeFileAtomic(join(outDir, 'conformance.md'), renderMarkdownMatrix(report));
      this.#write(`Reports: ${join(outDir, 'conformance.json')}, ${join(outDir, 'conformance.md')}\n`);
    }
  }
}
