import { readFile } from 'node:fs/promises';
import { LATENCY_REPORT_SCHEMA_VERSION } from '../bench/latency-report.ts';
import { UsageError } from '../runner/selection.ts';
import type { AnyReport } from './compare-reports.ts';
import { RUN_REPORT_SCHEMA_VERSION } from './run-report.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a parsed report file, or undefined when it is a conformance or latency report we can read. */
export function reportProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  const { kind, schema } = value;
  if (kind !== 'conformance' && kind !== 'latency') {
    return `its kind is ${JSON.stringify(kind)}, not "conformance" or "latency" (is it an llmcompat report?)`;
  }
  const expected = kind === 'conformance' ? RUN_REPORT_SCHEMA_VERSION : LATENCY_REPORT_SCHEMA_VERSION;
  if (schema !== expected) {
    return `it has schema ${JSON.stringify(schema)}; this llmcompat reads ${kind} reports of schema ${expected}`;
  }
  const list = kind === 'conformance' ? 'cases' : 'cells';
  if (!Array.isArray(value[list])) return `it has no "${list}" list`;
  if (!isRecord(value.run) || typeof value.run.mode !== 'string') return 'it has no "run" facts';
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
