import { afterAll, beforeAll, it } from 'vitest';
import { createReplayServer, type ReplayServer } from '../src/fixtures/replay.ts';
import { describeFailure } from '../src/report/describe-failure.ts';
import { failsRun } from '../src/runner/case-result.ts';
import { conformanceSettings } from '../src/runner/conformance-env.ts';
import { runRecordedCase } from '../src/runner/run-recorded-case.ts';
import '../src/report/case-meta.ts';

// One test per provider × scenario. The verdict follows the catalog: only a declared capability that fails, or an
// error, fails the test; a known gap passes the test and is shown by the matrix reporter.
const settings = conformanceSettings();
let replay: ReplayServer;

beforeAll(() => {
  replay = createReplayServer();
});
afterAll(() => {
  replay.close();
});

for (const provider of settings.providers) {
  for (const scenario of settings.scenarios) {
    it(`${provider.id} › ${scenario.id}`, async ({ task }) => {
      const result = await runRecordedCase({
        provider,
        scenario,
        replay,
        fixtureDir: settings.fixtureDir,
        timing: settings.timing,
      });
      task.meta.llmcompat = result;
      if (failsRun(result.outcome)) throw new Error(describeFailure(result));
    });
  }
}
