// Replays every fixture through its adapter exactly as recorded mode does (msw, request drift, wire checks,
// expectations) and checks the outcome the catalog predicts: a declared capability passes, a gap fails; each
// fault fixture's fault is named as the one injected.
// Run: node scripts/synthesize-fixtures/verify.ts [provider-or-case ...]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS } from '../../src/catalog/providers.ts';
import { DEFAULT_FIXTURE_DIR } from '../../src/fixtures/fixture-path.ts';
import { createReplayServer } from '../../src/fixtures/replay.ts';
import { runRecordedCase } from '../../src/runner/run-recorded-case.ts';
import { ALL_SCENARIOS } from '../../src/scenarios/all-scenarios.ts';
import { appliesTo } from '../../src/scenarios/scenarios.ts';

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', DEFAULT_FIXTURE_DIR);

const filters = process.argv.slice(2);
const wanted = (provider: string, scenario: string) =>
  filters.length === 0 || filters.some((f) => f === provider || f === `${provider}/${scenario}`);

const replay = createReplayServer();
let surprises = 0;
let cases = 0;
try {
  for (const provider of PROVIDERS) {
    for (const scenario of ALL_SCENARIOS) {
      if (!appliesTo(scenario, provider.id) || !wanted(provider.id, scenario.id)) continue;
      cases++;
      const result = await runRecordedCase({ provider, scenario, replay, fixtureDir: FIXTURE_DIR });
      const expected = result.declared ? 'pass' : 'known-gap';
      const ok = result.outcome === expected;
      if (!ok) surprises++;
      const findings = result.diagnostics
        .filter((d) => d.severity !== 'info')
        .map((d) => `${d.severity === 'failure' ? '✗' : '~'}${d.code}`)
        .join(' ');
      const reason = result.reason ? ` (${result.reason})` : '';
      console.log(
        `${ok ? 'ok ' : 'BAD'} ${provider.id}/${scenario.id}: ${result.outcome}${reason} ${findings}`,
      );
    }
  }
} finally {
  await replay.close();
}
console.log(`${cases} case(s), ${surprises} not as the catalog declares`);
process.exitCode = surprises > 0 ? 1 : 0;
