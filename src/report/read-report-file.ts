import { readFile } from 'node:fs/promises';
import { isRecord } from '../core/is-record.ts';
import { LATENCY_REPORT_SCHEMA_VERSION } from '../core/latency-report.ts';
import { READABLE_RUN_REPORT_SCHEMAS } from '../core/run-report.ts';
import { CASE_OUTCOMES } from '../core/summarize.ts';
import { UsageError } from '../core/usage-error.ts';
import type { AnyReport } from './comparison/compare-reports.ts';

/** What is wrong with a parsed report file, or undefined when it is a conformance or latency report we can read. */
export function reportProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  const { kind, schema } = value;
  if (kind !== 'conformance' && kind !== 'latency') {
    return `its kind is ${JSON.stringify(kind)}, not "conformance" or "latency" (is it an llmcompat report?)`;
  }
  const readable = kind === 'conformance' ? READABLE_RUN_REPORT_SCHEMAS : [LATENCY_REPORT_SCHEMA_VERSION];
  if (typeof schema !== 'number' || !readable.includes(schema)) {
    const which = readable.length === 1 ? `schema ${readable[0]}` : `schemas ${readable.join(' and ')}`;
    return `it has schema ${JSON.stringify(schema)}; this llmcompat reads ${kind} reports of ${which}`;
  }
  const list = kind === 'conformance' ? 'cases' : 'cells';
  const items = value[list];
  if (!Array.isArray(items)) return `it has no "${list}" list`;
  if (!isRecord(value.run) || typeof value.run.mode !== 'string') return 'it has no "run" facts';
  const broken = items.findIndex((item) =>
    kind === 'conformance' ? caseProblem(item) !== undefined : !isRecord(item),
  );
  if (broken >= 0) {
    const why = kind === 'conformance' ? caseProblem(items[broken]) : 'not an object';
    return `${list}[${broken}] is damaged (${why})`;
  }
  if (kind === 'conformance' && !Array.isArray(value.providers)) return 'it has no "providers" list';
  return undefined;
}

const OUTCOMES = new Set<unknown>(CASE_OUTCOMES);

/** What a renderer or `compare` would trip over in one case of a conformance report. */
function caseProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  for (const key of ['provider', 'scenario', 'status'] as const) {
    if (typeof value[key] !== 'string') return `no "${key}"`;
  }
  if (!OUTCOMES.has(value.outcome))
    return `outcome ${JSON.stringify(value.outcome)} is not one llmcompat writes`;
  if (!Array.isArray(value.diagnostics)) return '"diagnostics" is not a list';
  const bad = value.diagnostics.findIndex(
    (d) => !isRecord(d) || typeof d.code !== 'string' || typeof d.message !== 'string',
  );
  if (bad >= 0) return `diagnostics[${bad}] has no code and message`;
  if (!isRecord(value.timings)) return 'no "timings"';
  return undefined;
}

/** Reads and checks a report; a missing, unreadable or foreign file is a UsageError naming the file and its role. */
export async function readReportFile(
  path: string,
  role: string,
): Promise<{ report: AnyReport; text: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `The ${role} ${path} does not exist.`
        : `Cannot read the ${role} ${path}: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The ${role} ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = reportProblem(value);
  if (problem) throw new UsageError(`The ${role} ${path} is not an llmcompat report: ${problem}.`);
  return { report: value as AnyReport, text };
}
