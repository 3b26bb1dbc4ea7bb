import type { Usage } from '../../core/adapter-contract.ts';

interface AnthropicUsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Input tokens include the cached ones: Anthropic counts those apart, other protocols do not. */
export function mapAnthropicUsage(usage: AnthropicUsageLike): Usage {
  const mapped: Usage = {};
  if (typeof usage.input_tokens === 'number') {
    mapped.inputTokens =
      usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  }
  if (typeof usage.output_tokens === 'number') mapped.outputTokens = usage.output_tokens;
  return mapped;
}
