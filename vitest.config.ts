import { defineConfig } from 'vitest/config';
import { VERSION } from './src/core/package-root.ts';
import { MatrixReporter } from './src/report/matrix-reporter.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'suites/**/*.test.ts'],
    // A hang guard, not a speed target: on a loaded 2-core machine a test that starts servers and SDKs can take a
    // few seconds, and no test asserts how long anything takes.
    testTimeout: 30_000,
    // `npm test` shows the usual test list and, after it, the capability matrix of the recorded run.
    reporters: [
      'default',
      new MatrixReporter({ color: !process.env.CI && process.stdout.isTTY === true, version: VERSION }),
    ],
  },
});
