import {
  argumentsLength,
  type ContentInfo,
  ContentTally,
  isRecord,
  NO_CONTENT,
  stringLength,
  tokenCount,
} from './content-info.ts';

/** `content` as a string, or (Mistral) an array of `{type: 'text', text}` parts. */
function contentLength(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let length = 0;
  for (const part of content) {
    if (isRecord(part) && part.type === 'text') length += stringLength(part.text);
  }
  return length;
}

function readMessage(tally: ContentTally, message: Record<string, unknown>): void {
  tally.text(contentLength(message.content));
  tally.text(stringLength(message.reasoning_content) + stringLength(message.reasoning));
  if (!Array.isArray(message.tool_calls)) return;
  for (const call of message.tool_calls) {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
    if (fn) tally.toolCall(stringLength(fn.name), argumentsLength(fn.arguments));
  }
}

/**
 * OpenAI chat completions and their kin (Mistral, the OpenAI-compatible providers): a stream chunk's
 * `choices[].delta` or a whole answer's `choices[].message`. A role-only delta (`content: ""`), the finish chunk
 * and the usage-only chunk (`choices: []`) carry no content. Usage is `usage.completion_tokens`.
 */
export function readOpenAiChatContent(value: unknown): ContentInfo {
  if (!isRecord(value)) return NO_CONTENT;
  const tally = new ContentTally();
  if (Array.isArray(value.choices)) {
    for (const choice of value.choices) {
      if (!isRecord(choice)) continue;
      const message = isRecord(choice.delta)
        ? choice.delta
        : isRecord(choice.message)
          ? choice.message
          : undefined;
      // The legacy completions shape (`choices[].text`), which Together still sends beside `delta`.
      if (message) readMessage(tally, message);
      else tally.text(stringLength(choice.text));
    }
  }
  if (isRecord(value.usage)) tally.outputTokens = tokenCount(value.usage.completion_tokens);
  return tally.info();
}
