import type { GenerateContentResponseUsageMetadata } from '@google/genai';
import type { Usage } from '../../core/adapter-contract.ts';

export function mapGeminiUsage(usage: GenerateContentResponseUsageMetadata): Usage | undefined {
  const mapped: Usage = {};
  if (typeof usage.promptTokenCount === 'number') mapped.inputTokens = usage.promptTokenCount;
  if (typeof usage.candidatesTokenCount === 'number') mapped.outputTokens = usage.candidatesTokenCount;
  if (typeof usage.thoughtsTokenCount === 'number' && usage.thoughtsTokenCount > 0)
    mapped.reasoningTokens = usage.thoughtsTokenCount;
  return mapped.inputTokens === undefined && mapped.outputTokens === undefined ? undefined : mapped;
}
