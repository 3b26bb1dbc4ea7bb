import {
  argumentsLength,
  type ContentInfo,
  ContentTally,
  isRecord,
  stringLength,
  tokenCount,
} from './content-info.ts';

function readUsage(tally: ContentTally, usage: Record<string, unknown>): void {
  const candidates = tokenCount(usage.candidatesTokenCount);
  const thoughts = tokenCount(usage.thoughtsTokenCount);
  if (candidates !== undefined || thoughts !== undefined)
    tally.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
}

/**
 * Gemini: each stream event, and a whole answer, is a GenerateContentResponse. Text parts (thoughts included) and
 * function calls are content; a chunk with only `usageMetadata` is not. `usageMetadata` is a running total:
 * candidates plus thoughts tokens, the last one wins.
 */
export function readGeminiContent(value: unknown): ContentInfo {
  const tally = new ContentTally();
  const responses = Array.isArray(value) ? value : [value];
  for (const response of responses) {
    if (!isRecord(response)) continue;
    if (Array.isArray(response.candidates)) {
      for (const candidate of response.candidates) {
        const content = isRecord(candidate) && isRecord(candidate.content) ? candidate.content : undefined;
        if (!content || !Array.isArray(content.parts)) continue;
        for (const part of content.parts) {
          if (!isRecord(part)) continue;
          tally.text(stringLength(part.text));
          if (isRecord(part.functionCall)) {
            tally.toolCall(stringLength(part.functionCall.name), argumentsLength(part.functionCall.args));
          }
        }
      }
    }
    if (isRecord(response.usageMetadata)) readUsage(tally, response.usageMetadata);
  }
  return tally.info();
}
