import type { CompletionUsage } from 'openai/resources/completions';
import type { Usage } from '../../core/adapter-contract.ts';

export function mapOpenAIUsage(usage: CompletionUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const mapped: Usage = {};
  if (typeof usage.prompt_tokens === 'number') mapped.inputTokens = usage.prompt_tokens;
  if (typeof usage.completion_tokens === 'number') mapped.outputTokens = usage.completion_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  // Non-reasoning models report 0: only a count that says the model thought is kept.
  if (typeof reasoning === 'number' && reasoning > 0) mapped.reasoningTokens = reasoning;
  return mapped;
}
