import { defineConfig } from 'vitest/config';
import { loadConfig } from './src/config/load-config.ts';
import { ENV, settingsFromEnv } from './src/config/run-settings.ts';

// vitest shards by test file, and the conformance suite is one file. Here that file runs once per selected provider,
// each run a project of its own, so `--shard=i/n` hands whole providers to each machine and `--merge-reports` puts
// them back together into one matrix. The selection (LLMCOMPAT_PROVIDERS, LLMCOMPAT_SCENARIOS, LLMCOMPAT_ONLY,
// llmcompat.config.*) is read here as the suite reads it.
const settings = settingsFromEnv(process.env, await loadConfig(process.env[ENV.config]));

export default defineConfig({
  test: {
    projects: settings.providers.map((provider) => ({
      extends: true,
      test: {
        name: provider.id,
        include: ['suites/conformance.test.ts'],
        env: { [ENV.providers]: provider.id },
      },
    })),
  },
});
