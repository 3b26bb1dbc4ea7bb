import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { loadConfig } from './src/config/load-config.ts';
import { ENV, settingsFromEnv } from './src/config/run-settings.ts';

// vitest shards by test file, and the conformance suite is one file. Here that file runs once per selected provider,
// each run a project of its own, so `--shard=i/n` hands whole providers to each machine and `--merge-reports` puts
// them back together into one matrix. The selection (LLMCOMPAT_PROVIDERS, LLMCOMPAT_SCENARIOS, LLMCOMPAT_ONLY,
// llmcompat.config.*) is read here as the suite reads it.
const settings = settingsFromEnv(process.env, await loadConfig(process.env[ENV.config]));

/**
 * vitest deals files to shards by the hash of their path, which is one path here: the deal then follows the order
 * the projects came up in, which varies with load, and two shards could both take a provider. Dealt by project name
 * instead, in turn, each shard takes the same providers on every machine.
 */
class ProviderSequencer extends BaseSequencer {
  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const shard = this.ctx.config.shard;
    if (!shard) return files;
    const byProject = [...files].sort((a, b) => a.project.name.localeCompare(b.project.name));
    return byProject.filter((_, i) => i % shard.count === shard.index - 1);
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: ProviderSequencer },
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
