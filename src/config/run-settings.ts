import { resolve } from 'node:path';
import { isCapability } from '../catalog/catalog.ts';
import type { ProviderEntry } from '../catalog/providers.ts';
import { closest } from '../catalog/suggest.ts';
import { CAPABILITY_IDS, type Capability } from '../core/capabilities.ts';
import type { CaseResult } from '../core/case-result.ts';
import { UsageError } from '../core/usage-error.ts';
import { DEFAULT_FIXTURE_DIR } from '../fixtures/fixture-path.ts';
import type { ReplayTiming } from '../fixtures/response-plan.ts';
import { ALL_SCENARIOS } from '../scenarios/all-scenarios.ts';
import { appliesTo, SCENARIOS, type Scenario } from '../scenarios/scenarios.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../wire/limit-response-size.ts';
import { baseUrlProblem, type LlmcompatConfig } from './config.ts';
import { catalog } from './config-providers.ts';
import { selectIds } from './selection.ts';
import { SETTING_RANGES, type SettingRange, wholeNumberOption } from './setting-ranges.ts';

export type Mode = CaseResult['mode'];
export const MODES: readonly Mode[] = ['recorded', 'live', 'record'];

/**
 * The environment variables of a run, for plain `vitest` (`LLMCOMPAT_MODE=live npm test`); the CLI reads them too,
 * under its flags. `runInputsFromEnv` is their one reader.
 */
export const ENV = {
  mode: 'LLMCOMPAT_MODE',
  providers: 'LLMCOMPAT_PROVIDERS',
  scenarios: 'LLMCOMPAT_SCENARIOS',
  only: 'LLMCOMPAT_ONLY',
  fixtures: 'LLMCOMPAT_FIXTURES',
  timing: 'LLMCOMPAT_TIMING',
  baseUrls: 'LLMCOMPAT_BASE_URLS',
  models: 'LLMCOMPAT_MODELS',
  repeat: 'LLMCOMPAT_REPEAT',
  requireKeys: 'LLMCOMPAT_REQUIRE_KEYS',
  requestTimeoutMs: 'LLMCOMPAT_REQUEST_TIMEOUT_MS',
  idleTimeoutMs: 'LLMCOMPAT_IDLE_TIMEOUT_MS',
  retries: 'LLMCOMPAT_RETRIES',
  concurrency: 'LLMCOMPAT_CONCURRENCY',
  config: 'LLMCOMPAT_CONFIG',
  envFile: 'LLMCOMPAT_ENV_FILE',
  maxResponseBytes: 'LLMCOMPAT_MAX_RESPONSE_BYTES',
} as const;

/**
 * A run's settings as given, by flags, options or variables, before `resolveRunSettings` validates them: lists are
 * comma-separated globs (`tools.*,chat.basic`), pairs `<provider>=<value>`, numbers as written.
 */
export interface RunInputs {
  mode?: string | undefined;
  providers?: string | undefined;
  scenarios?: string | undefined;
  only?: string | undefined;
  fixtures?: string | undefined;
  timing?: string | undefined;
  baseUrls?: string | undefined;
  models?: string | undefined;
  repeat?: string | undefined;
  requireKeys?: boolean | undefined;
  requestTimeoutMs?: string | undefined;
  idleTimeoutMs?: string | undefined;
  retries?: string | undefined;
  concurrency?: string | undefined;
  maxResponseBytes?: string | undefined;
}

const INPUT_VARIABLES = [
  'mode',
  'providers',
  'scenarios',
  'only',
  'fixtures',
  'timing',
  'baseUrls',
  'models',
  'repeat',
  'requestTimeoutMs',
  'idleTimeoutMs',
  'retries',
  'concurrency',
  'maxResponseBytes',
] as const satisfies readonly (keyof RunInputs & keyof typeof ENV)[];

/** The run's LLMCOMPAT_* variables as inputs: the only place they are read. */
export function runInputsFromEnv(env: NodeJS.ProcessEnv): RunInputs {
  const inputs: RunInputs = {};
  for (const key of INPUT_VARIABLES) {
    const value = env[ENV[key]];
    if (value !== undefined) inputs[key] = value;
  }
  const requireKeys = env[ENV.requireKeys];
  if (requireKeys !== undefined) inputs.requireKeys = requireKeys === '1' || requireKeys === 'true';
  return inputs;
}

/** `base` with every input `over` gives (not undefined) put over it: a flag wins over its variable. */
export function overInputs(base: RunInputs, over: RunInputs): RunInputs {
  return { ...base, ...Object.fromEntries(Object.entries(over).filter(([, value]) => value !== undefined)) };
}

export interface LiveLimits {
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  retries: number;
  concurrency: number;
}

export interface RunSettings {
  mode: Mode;
  /** Selected providers (the catalog's and the config's own), with base URL and model overrides applied. */
  providers: ProviderEntry[];
  scenarios: Scenario[];
  /**
   * Exact provider/scenario pairs to run, when not every pair is: from --only, or because a selected scenario runs
   * for some providers only (the faults).
   */
  only?: Set<string>;
  fixtureDir: string;
  timing: ReplayTiming;
  repeat: number;
  requireKeys: boolean;
  live: LiveLimits;
  /** A response body past this many bytes fails its case, in every mode (LLMCOMPAT_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
}

export const LIVE_DEFAULTS: LiveLimits = {
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  retries: 2,
  concurrency: 4,
};

/** `openai=http://127.0.0.1:8080/v1,anthropic=…` → map; a comma only separates where `<id>=` follows. */
export function parsePairs(text: string | undefined, what: string): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!text?.trim()) return pairs;
  for (const part of text.trim().split(/[,\s]+(?=[a-z0-9][a-z0-9._/-]*=)/i)) {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) {
      throw new UsageError(
        `Bad ${what} '${part}': write it as <provider>=<value>, e.g. openai=${exampleOf(what)}.`,
      );
    }
    pairs.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return pairs;
}

function exampleOf(what: string): string {
  return what === 'base URL' ? 'http://127.0.0.1:8080/v1' : 'gpt-4o-mini';
}

/** A whole-number setting from its flag or variable, else the config's or the default, checked against its range. */
function wholeNumber(value: string | undefined, name: string, fallback: number, range: SettingRange): number {
  return wholeNumberOption(value, name, range) ?? fallback;
}

function applyOverrides(
  providers: ProviderEntry[],
  ids: readonly string[],
  config: LlmcompatConfig,
  baseUrls: Map<string, string>,
  models: Map<string, string>,
): ProviderEntry[] {
  for (const [id] of baseUrls) selectIds(ids, id, 'provider');
  const perCapability = capabilityModels(models, ids);
  return providers.map((provider) => {
    // A config-defined provider's own baseUrl and model are already its entry's.
    const override = config.providers?.[provider.id] ?? {};
    const baseUrl = baseUrls.get(provider.id) ?? override.baseUrl ?? provider.baseUrl;
    const problem = baseUrlProblem(baseUrl);
    if (problem) throw new UsageError(`Base URL for ${provider.id}: ${problem}.`);
    const model = models.get(provider.id) ?? override.model ?? provider.defaultModel;
    const capabilityModel = {
      ...provider.models,
      ...('models' in override ? override.models : {}),
      ...perCapability.get(provider.id),
    };
    const entry: ProviderEntry = { ...provider, baseUrl, defaultModel: model };
    if (Object.keys(capabilityModel).length > 0) entry.models = capabilityModel;
    return entry;
  });
}

/**
 * The `--model` pairs of the form `<provider>/<capability>=<model>`, by provider; plain `<provider>=<model>` pairs
 * (the default model) are checked here too.
 */
function capabilityModels(
  models: Map<string, string>,
  ids: readonly string[],
): Map<string, Partial<Record<Capability, string>>> {
  const byProvider = new Map<string, Partial<Record<Capability, string>>>();
  for (const [key, model] of models) {
    const [id = '', capability, extra] = key.split('/');
    selectIds(ids, id, 'provider');
    if (capability === undefined) continue;
    if (extra !== undefined || !isCapability(capability)) {
      const guess = closest(capability, CAPABILITY_IDS);
      throw new UsageError(
        `Bad --model '${key}=${model}': after the provider comes a capability` +
          `${guess ? ` (did you mean '${guess}'?)` : ''}, e.g. ${id}/reasoning=<model>. ` +
          `Capabilities: ${CAPABILITY_IDS.join(', ')}.`,
      );
    }
    byProvider.set(id, { ...byProvider.get(id), [capability]: model });
  }
  return byProvider;
}

function parseOnly(text: string | undefined, providerIds: readonly string[]): Set<string> | undefined {
  if (!text?.trim()) return undefined;
  const pairs = text.split(',').map((part) => part.trim());
  for (const pair of pairs) {
    const [provider, scenario, extra] = pair.split('/');
    if (!provider || !scenario || extra !== undefined) {
      throw new UsageError(`Bad --only '${pair}': write provider/scenario, e.g. together/tools.stream.`);
    }
    selectIds(providerIds, provider, 'provider');
    selectIds(
      ALL_SCENARIOS.map((s) => s.id),
      scenario,
      'scenario',
    );
    const restricted = ALL_SCENARIOS.find((s) => s.id === scenario)?.providers;
    if (restricted && !restricted.includes(provider)) {
      throw new UsageError(
        `Bad --only '${pair}': ${scenario} runs for ${restricted.join(', ')} only (one provider per protocol).`,
      );
    }
  }
  return new Set(pairs);
}

/**
 * A run's settings from its inputs and the config file, every value validated. The config's own providers are
 * selectable like the catalog's (globs, `--only`, `--base-url <id>=…`).
 */
export function resolveRunSettings(inputs: RunInputs, config: LlmcompatConfig = {}): RunSettings {
  const mode = (inputs.mode ?? 'recorded') as Mode;
  if (!MODES.includes(mode)) {
    throw new UsageError(`Unknown mode '${mode}': use recorded (offline, default), live or record.`);
  }
  const available = catalog(config);
  const availableIds = available.map((p) => p.id);
  const only = parseOnly(inputs.only, availableIds);
  const onlyProviders = only
    ? [...new Set([...only].map((pair) => pair.split('/')[0]))].join(',')
    : undefined;
  const onlyScenarios = only
    ? [...new Set([...only].map((pair) => pair.split('/')[1]))].join(',')
    : undefined;
  const providerIds = selectIds(availableIds, inputs.providers ?? onlyProviders, 'provider');
  const scenarioPatterns = inputs.scenarios ?? onlyScenarios;
  // The fault scenarios are there when asked for ('faults.*', '*'); by default a run is the conformance matrix.
  const scenarioIds = scenarioPatterns?.trim()
    ? selectIds(
        ALL_SCENARIOS.map((s) => s.id),
        scenarioPatterns,
        'scenario',
      )
    : SCENARIOS.map((s) => s.id);
  const timing = inputs.timing ?? 'fast';
  if (timing !== 'fast' && timing !== 'recorded') {
    throw new UsageError(`Unknown timing '${timing}': use 'fast' (default) or 'recorded'.`);
  }
  const live = config.live ?? {};
  /** A live limit from its flag or variable, else the config's, else the default, checked against its range. */
  const liveLimit = (key: keyof LiveLimits, flag: string) =>
    wholeNumber(inputs[key], flag, live[key] ?? LIVE_DEFAULTS[key], SETTING_RANGES[key]);
  const settings: RunSettings = {
    mode,
    providers: applyOverrides(
      available.filter((p) => providerIds.includes(p.id)),
      availableIds,
      config,
      parsePairs(inputs.baseUrls, 'base URL'),
      parsePairs(inputs.models, 'model'),
    ),
    scenarios: ALL_SCENARIOS.filter((s) => scenarioIds.includes(s.id)),
    fixtureDir: inputs.fixtures ?? DEFAULT_FIXTURE_DIR,
    timing,
    repeat: wholeNumber(inputs.repeat, '--repeat', live.repeat ?? 1, SETTING_RANGES.repeat),
    requireKeys: inputs.requireKeys === true || live.requireKeys === true,
    live: {
      requestTimeoutMs: liveLimit('requestTimeoutMs', '--timeout'),
      idleTimeoutMs: liveLimit('idleTimeoutMs', '--idle-timeout'),
      retries: liveLimit('retries', '--retries'),
      concurrency: liveLimit('concurrency', '--concurrency'),
    },
    maxResponseBytes: wholeNumber(
      inputs.maxResponseBytes,
      ENV.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
      SETTING_RANGES.maxResponseBytes,
    ),
  };
  assertRecordableFixtureDir(settings);
  const pairs = applicablePairs(settings.providers, settings.scenarios, only);
  if (pairs) settings.only = pairs;
  return settings;
}

/** Recording into an installed package's own fixtures (the default there) would be lost at the next install. */
function assertRecordableFixtureDir(settings: RunSettings): void {
  if (settings.mode !== 'record') return;
  if (!resolve(settings.fixtureDir).split(/[\\/]/).includes('node_modules')) return;
  throw new UsageError(
    `record would write into ${settings.fixtureDir}, inside node_modules, where the next install replaces it: ` +
      'name a folder of your repository with --fixtures (e.g. --fixtures llmcompat/fixtures).',
  );
}

/**
 * The pairs to run when not every provider × scenario pair is: --only's, less those whose scenario does not apply
 * to the provider. Undefined when every pair runs.
 */
function applicablePairs(
  providers: readonly ProviderEntry[],
  scenarios: readonly Scenario[],
  only: Set<string> | undefined,
): Set<string> | undefined {
  if (!only && scenarios.every((scenario) => scenario.providers === undefined)) return undefined;
  const pairs = new Set<string>();
  for (const provider of providers) {
    for (const scenario of scenarios) {
      const pair = `${provider.id}/${scenario.id}`;
      if (appliesTo(scenario, provider.id) && (!only || only.has(pair))) pairs.add(pair);
    }
  }
  return pairs;
}

/** Whether a provider × scenario pair is part of the run (all selected pairs, or exactly the --only ones). */
export function isSelected(settings: RunSettings, provider: string, scenario: string): boolean {
  return settings.only ? settings.only.has(`${provider}/${scenario}`) : true;
}

/** The settings plain `vitest` runs with: its LLMCOMPAT_* variables and the config. */
export function settingsFromEnv(env: NodeJS.ProcessEnv, config: LlmcompatConfig = {}): RunSettings {
  return resolveRunSettings(runInputsFromEnv(env), config);
}
