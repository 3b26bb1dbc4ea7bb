import type { ProviderProtocol } from '../catalog/providers.ts';
import type { AdapterFactory, RequestQuirks } from '../core/adapter-contract.ts';
import type { Capability } from '../core/capabilities.ts';
import { isRecord } from '../core/is-record.ts';
import { UsageError } from '../core/usage-error.ts';
import { type ClientDefinition, clientsProblems } from './client-config.ts';
import { parseThreshold } from './compare-thresholds.ts';
import { providerProblems } from './provider-problems.ts';
import { rangeProblem, SETTING_RANGES } from './setting-ranges.ts';

export { baseUrlProblem } from './config-values.ts';

/** Points a catalog provider elsewhere. */
export interface ProviderOverride {
  /** Where the provider's SDK should send requests: a proxy, a gateway, a local server. */
  baseUrl?: string;
  model?: string;
  /** A model per capability, where the default one lacks it: `{ reasoning: 'o4-mini' }`. */
  models?: Partial<Record<Capability, string>>;
}

/** A provider the catalog does not have, added without code (`llmcompat probe` prints one ready to paste). */
export interface ProviderDefinition {
  /** One of the five wire protocols (`openai-chat` for any OpenAI-compatible API), or a name in `adapters`. */
  protocol: ProviderProtocol;
  /** What the protocol's SDK takes as its base URL, e.g. `https://api.example.com/v1`. */
  baseUrl: string;
  model: string;
  /** A model per capability, where `model` lacks it: `{ reasoning: 'o4-mini' }`. */
  models?: Partial<Record<Capability, string>>;
  /** Environment variable holding the key; leave it out for a keyless local server. */
  keyEnv?: string;
  /** Display name; defaults to the id. */
  name?: string;
  /** Where a key is obtained, for people reading `llmcompat list`. */
  keyUrl?: string;
  /**
   * Capabilities NOT expected of this provider, each with the reason, as in the catalog: a failure there is a known
   * gap, a failure anywhere else fails the run.
   */
  gaps?: Partial<Record<Capability, string>>;
  quirks?: RequestQuirks;
}

export type ProviderConfig = ProviderOverride | ProviderDefinition;

export interface LiveSettings {
  /** No response headers within this many ms fails the request. */
  requestTimeoutMs?: number;
  /** No body bytes for this many ms fails the stream. */
  idleTimeoutMs?: number;
  /** Retries for 429 and 5xx (Retry-After honoured). */
  retries?: number;
  /** Requests in flight per provider. */
  concurrency?: number;
  /** Run each live case this many times (pass@k, pass^k). */
  repeat?: number;
  /** A provider without its key fails the run instead of being skipped. */
  requireKeys?: boolean;
}

/** `llmcompat.config.ts` (or .js/.mjs/.json) in the working folder. */
export interface LlmcompatConfig {
  /**
   * Catalog ids take `{ baseUrl?, model? }` overrides; any other id is a new provider and needs at least
   * `{ protocol, baseUrl, model }`.
   */
  providers?: Record<string, ProviderConfig>;
  /**
   * Custom adapters by name. A provider whose `protocol` is one of these names is driven by it; registered under a
   * built-in protocol name (`openai-chat`), it replaces the built-in adapter for every provider of that protocol.
   */
  adapters?: Record<string, AdapterFactory>;
  live?: LiveSettings;
  /** `llmcompat compare` thresholds, in the flag's syntax: `['ttft-p50=10%', 'error-rate=2', 'tps-p50=off']`. */
  compare?: { thresholds?: string[] };
  /** Extra report formats every `llmcompat run` writes: `{ junit: 'reports/junit.xml' }`. */
  reports?: { junit?: string };
  /**
   * External clients by name, for `llmcompat run --client <name>`: a command speaking docs/client-protocol.md,
   * e.g. `{ mine: { command: ['dart', 'run', 'tool/llmcompat_client.dart'] } }`.
   */
  clients?: Record<string, ClientDefinition>;
}

/** Typed identity, as vitest's: `export default defineConfig({ … })`. */
export function defineConfig(config: LlmcompatConfig): LlmcompatConfig {
  return config;
}

/** A new provider rather than an override of a catalog one. */
export function isProviderDefinition(value: ProviderConfig): value is ProviderDefinition {
  return 'protocol' in value;
}

const LIVE_NUMBERS = ['requestTimeoutMs', 'idleTimeoutMs', 'retries', 'concurrency', 'repeat'] as const;
const KNOWN_FIELDS = ['providers', 'adapters', 'live', 'compare', 'reports', 'clients'];

function compareProblems(compare: unknown): string[] {
  if (!isRecord(compare)) return ['compare: must be an object { thresholds?: string[] }'];
  const { thresholds } = compare;
  if (thresholds === undefined) return [];
  if (!Array.isArray(thresholds)) return ["compare.thresholds: must be a list such as ['ttft-p50=10%']"];
  return thresholds.flatMap((threshold, i) => {
    try {
      parseThreshold(String(threshold));
      return [];
    } catch (error) {
      return [`compare.thresholds[${i}]: ${(error as Error).message}`];
    }
  });
}

function reportsProblems(reports: unknown): string[] {
  if (!isRecord(reports)) return ['reports: must be an object { junit?: string }'];
  return reports.junit === undefined || (typeof reports.junit === 'string' && reports.junit !== '')
    ? []
    : ['reports.junit: must be a file path, e.g. reports/junit.xml'];
}

function adapterProblems(adapters: unknown): string[] {
  if (!isRecord(adapters)) return ['adapters: must map adapter names to factories, (config) => Adapter'];
  return Object.entries(adapters).flatMap(([name, factory]) =>
    typeof factory === 'function'
      ? []
      : [`adapters.${name}: must be a function (config: AdapterConfig) => Adapter, got ${typeof factory}`],
  );
}

function liveProblems(live: unknown): string[] {
  if (!isRecord(live)) return ['live: must be an object'];
  const problems: string[] = [];
  for (const key of LIVE_NUMBERS) {
    const problem = live[key] === undefined ? undefined : rangeProblem(live[key], SETTING_RANGES[key]);
    if (problem) problems.push(`live.${key}: ${problem}, got ${JSON.stringify(live[key])}`);
  }
  if (live.requireKeys !== undefined && typeof live.requireKeys !== 'boolean') {
    problems.push('live.requireKeys: must be true or false');
  }
  return problems;
}

/** Everything wrong with a config value, each naming the field and the fix; empty when valid. */
export function configProblems(value: unknown): string[] {
  if (!isRecord(value))
    return ['the config must export an object (use `export default defineConfig({ … })`)'];
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!KNOWN_FIELDS.includes(key))
      problems.push(`unknown field '${key}' (known: ${KNOWN_FIELDS.join(', ')})`);
  }
  const adapterNames = isRecord(value.adapters) ? Object.keys(value.adapters) : [];
  if (value.adapters !== undefined) problems.push(...adapterProblems(value.adapters));
  if (value.providers !== undefined) problems.push(...providerProblems(value.providers, adapterNames));
  if (value.live !== undefined) problems.push(...liveProblems(value.live));
  if (value.compare !== undefined) problems.push(...compareProblems(value.compare));
  if (value.reports !== undefined) problems.push(...reportsProblems(value.reports));
  if (value.clients !== undefined) problems.push(...clientsProblems(value.clients));
  return problems;
}

/** Throws a usage error listing every problem, naming where the config came from. */
export function assertValidConfig(value: unknown, source = 'config'): asserts value is LlmcompatConfig {
  const problems = configProblems(value);
  if (problems.length > 0) throw new UsageError(`Invalid ${source}:\n  ${problems.join('\n  ')}`);
}
