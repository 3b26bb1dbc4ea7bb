import type { ChatResult, FinishReason, ToolCall, Usage } from '../../core/adapter-contract.ts';

export interface ChatResultParts {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  reasoning?: string | undefined;
  reasoningSignature?: string | undefined;
  rawFinishReason?: string | undefined;
  usage?: Usage | undefined;
  model?: string | undefined;
}

/** A ChatResult without the optional fields the response left out (or empty), as every adapter reports. */
export function chatResult(parts: ChatResultParts): ChatResult {
  const result: ChatResult = {
    text: parts.text,
    toolCalls: parts.toolCalls,
    finishReason: parts.finishReason,
  };
  if (parts.reasoning) result.reasoning = parts.reasoning;
  if (parts.reasoningSignature) result.reasoningSignature = parts.reasoningSignature;
  if (parts.rawFinishReason !== undefined) result.rawFinishReason = parts.rawFinishReason;
  if (parts.usage) result.usage = parts.usage;
  if (parts.model) result.model = parts.model;
  return result;
}
