import {
  argumentsLength,
  type ContentInfo,
  ContentTally,
  isRecord,
  NO_CONTENT,
  stringLength,
  tokenCount,
} from './content-info.ts';

/**
 * Ollama `/api/chat`: each NDJSON line (or the whole answer) has a `message` with `content`, `thinking` and whole
 * `tool_calls`; lines with empty content carry nothing. The `done: true` line reports `eval_count`.
 */
export function readOllamaContent(value: unknown): ContentInfo {
  if (!isRecord(value)) return NO_CONTENT;
  const tally = new ContentTally();
  const message = isRecord(value.message) ? value.message : undefined;
  if (message) {
    tally.text(stringLength(message.content));
    tally.text(stringLength(message.thinking));
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
        if (fn) tally.toolCall(stringLength(fn.name), argumentsLength(fn.arguments));
      }
    }
  }
  if (value.done === true) tally.outputTokens = tokenCount(value.eval_count);
  return tally.info();
}
