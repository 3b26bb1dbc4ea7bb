import { defineConfig } from 'vitest/config';
import { VERSION } from './src/cli/package-root.ts';
import { MatrixReporter } from './src/report/matrix-reporter.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'suites/**/*.test.ts'],
    // `npm test` shows the usual test list and, after it, the capability matrix of the recorded run.
    reporters: [
      'default',
      new MatrixReporter({ color: !process.env.CI && process.stdout.isTTY === true, version: VERSION }),
    ],
  },
});
