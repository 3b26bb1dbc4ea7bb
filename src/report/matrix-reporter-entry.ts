import { resolve } from 'node:path';
import type { CaseResult } from '../core/case-result.ts';
import { VERSION } from '../core/package-root.ts';
import { MatrixReporter, type MatrixReporterOptions } from './matrix-reporter.ts';

const MODES: readonly CaseResult['mode'][] = ['recorded', 'live', 'record'];

/** The reporter's options from the environment: a reporter named by path on vitest's command line gets none. */
export function matrixReporterOptionsFromEnv(env: NodeJS.ProcessEnv): MatrixReporterOptions {
  const options: MatrixReporterOptions = {
    color: !env.CI && !env.NO_COLOR && process.stdout.isTTY === true,
    version: VERSION,
    githubSummary: true,
  };
  if (env.LLMCOMPAT_JUNIT) options.junitFile = resolve(env.LLMCOMPAT_JUNIT);
  const outDir = env.LLMCOMPAT_REPORT_DIR;
  if (outDir) options.outDir = resolve(outDir);
  const mode = env.LLMCOMPAT_MODE as CaseResult['mode'] | undefined;
  if (mode && MODES.includes(mode)) options.mode = mode;
  return options;
}

/**
 * `vitest --merge-reports=<dir> --reporter=./src/report/matrix-reporter-entry.ts`: vitest instantiates a reporter
 * module's default export with the options of the command line (none), so the folder for conformance.json and
 * conformance.md comes from LLMCOMPAT_REPORT_DIR (nothing is written without it) and the mode from LLMCOMPAT_MODE.
 */
export default class MatrixReporterFromEnv extends MatrixReporter {
  constructor(options: MatrixReporterOptions = {}) {
    super({ ...matrixReporterOptionsFromEnv(process.env), ...options });
  }
}
