import { PROVIDERS } from '../catalog/providers.ts';
import { closest } from '../catalog/suggest.ts';

export interface ProviderOverride {
  /** Where the provider's SDK should send requests: a proxy, a gateway, a local server. */
  baseUrl?: string;
  model?: string;
}

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
  providers?: Record<string, ProviderOverride>;
  live?: LiveSettings;
}

/** Typed identity, as vitest's: `export default defineConfig({ … })`. */
export function defineConfig(config: LlmcompatConfig): LlmcompatConfig {
  return config;
}

/** A base URL must be absolute http(s), or the SDKs fail later with less helpful words. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not a valid URL: give an absolute URL such as https://api.example.com/v1`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `'${value}' is not an http(s) URL`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LIVE_NUMBERS = ['requestTimeoutMs', 'idleTimeoutMs', 'retries', 'concurrency', 'repeat'] as const;

/** Everything wrong with a config value, each naming the field and the fix; empty when valid. */
export function configProblems(value: unknown): string[] {
  if (!isRecord(value))
    return ['the config must export an object (use `export default defineConfig({ … })`)'];
  const problems: string[] = [];
  const known = new Set(['providers', 'live']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) problems.push(`unknown field '${key}' (known: ${[...known].join(', ')})`);
  }
  if (value.providers !== undefined) {
    if (!isRecord(value.providers)) problems.push('providers: must map provider ids to { baseUrl?, model? }');
    else {
      const ids = PROVIDERS.map((p) => p.id);
      for (const [id, override] of Object.entries(value.providers)) {
        if (!ids.includes(id)) {
          const guess = closest(id, ids);
          problems.push(`providers.${id}: unknown provider${guess ? ` (did you mean '${guess}'?)` : ''}`);
        }
        if (!isRecord(override)) {
          problems.push(`providers.${id}: must be an object { baseUrl?, model? }`);
          continue;
        }
        if (override.baseUrl !== undefined) {
          const problem =
            typeof override.baseUrl === 'string' ? baseUrlProblem(override.baseUrl) : 'must be a string';
          if (problem) problems.push(`providers.${id}.baseUrl: ${problem}`);
        }
        if (override.model !== undefined && (typeof override.model !== 'string' || override.model === '')) {
          problems.push(`providers.${id}.model: must be a non-empty string`);
        }
      }
    }
  }
  if (value.live !== undefined) {
    if (!isRecord(value.live)) problems.push('live: must be an object');
    else {
      for (const key of LIVE_NUMBERS) {
        const n = value.live[key];
        if (
          n !== undefined &&
          (typeof n !== 'number' || !Number.isInteger(n) || n < (key === 'retries' ? 0 : 1))
        ) {
          problems.push(`live.${key}: must be a whole number${key === 'retries' ? ' ≥ 0' : ' ≥ 1'}`);
        }
      }
      if (value.live.requireKeys !== undefined && typeof value.live.requireKeys !== 'boolean') {
        problems.push('live.requireKeys: must be true or false');
      }
    }
  }
  return problems;
}
