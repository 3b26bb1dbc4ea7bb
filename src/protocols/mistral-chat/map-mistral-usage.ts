import type { UsageInfo } from '@mistralai/mistralai/models/components';
import type { Usage } from '../../core/adapter-contract.ts';

export function mapMistralUsage(usage: UsageInfo | undefined): Usage | undefined {
  if (!usage) return undefined;
  const mapped: Usage = {};
  if (typeof usage.promptTokens === 'number') mapped.inputTokens = usage.promptTokens;
  if (typeof usage.completionTokens === 'number') mapped.outputTokens = usage.completionTokens;
  return mapped;
}
