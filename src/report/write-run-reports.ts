import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencyReport } from '../core/latency-report.ts';
import type { RunReport } from '../core/run-report.ts';
import { writeFileAtomicSync } from '../fs/write-file-atomic.ts';
import { renderHtmlReport } from './html/render-html-report.ts';
import { renderJunit } from './junit/render-junit.ts';
import { renderMarkdownMatrix } from './markdown/render-markdown-matrix.ts';
import { reportProblem } from './read-report-file.ts';

export interface RunReportFiles {
  /** Folder for conformance.json, conformance.md and index.html. */
  outDir: string;
  /** Also JUnit XML here. */
  junitFile?: string;
}

function latencyBeside(outDir: string): LatencyReport | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(outDir, 'latency.json'), 'utf8'));
    return reportProblem(value) === undefined && (value as { kind?: unknown }).kind === 'latency'
      ? (value as LatencyReport)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a conformance report's files: the JSON, the Markdown matrix, index.html (with the latency report beside
 * it, when there is one) and JUnit XML when asked, each atomically. Synchronous, so that the same writer serves a
 * run's end and the exit of an interrupted one, and the files are always of one run. Returns the paths written.
 */
export function writeRunReports(report: RunReport, files: RunReportFiles): string[] {
  const json = join(files.outDir, 'conformance.json');
  const markdown = join(files.outDir, 'conformance.md');
  const html = join(files.outDir, 'index.html');
  writeFileAtomicSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomicSync(markdown, renderMarkdownMatrix(report));
  const latency = latencyBeside(files.outDir);
  writeFileAtomicSync(
    html,
    renderHtmlReport(latency ? { conformance: report, latency } : { conformance: report }),
  );
  const written = [json, markdown, html];
  if (files.junitFile) {
    writeFileAtomicSync(files.junitFile, renderJunit(report));
    written.push(files.junitFile);
  }
  return written;
}
