import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LatencyReport } from '../../core/latency-report.ts';
import type { RunReport } from '../../core/run-report.ts';
import { writeFileAtomic } from '../../fs/write-file-atomic.ts';
import { reportProblem } from '../read-report-file.ts';
import { renderHtmlReport } from './render-html-report.ts';

async function readIfValid(path: string, kind: 'conformance' | 'latency'): Promise<unknown> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return reportProblem(value) === undefined && (value as { kind: string }).kind === kind
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * (Re)writes `index.html` in a reports folder from the conformance report there and, when one sits beside it, the
 * latency report: after a run and after a bench, so the page always shows both. Returns the path, or undefined when
 * there is no conformance report yet.
 */
export async function writeIndexHtml(outDir: string): Promise<string | undefined> {
  const conformance = (await readIfValid(join(outDir, 'conformance.json'), 'conformance')) as
    | RunReport
    | undefined;
  if (!conformance) return undefined;
  const latency = (await readIfValid(join(outDir, 'latency.json'), 'latency')) as LatencyReport | undefined;
  const path = join(outDir, 'index.html');
  await writeFileAtomic(path, renderHtmlReport(latency ? { conformance, latency } : { conformance }));
  return path;
}
