import {
  argumentsLength,
  type ContentInfo,
  ContentTally,
  isRecord,
  NO_CONTENT,
  stringLength,
  tokenCount,
} from './content-info.ts';

function readBlock(tally: ContentTally, block: Record<string, unknown>): void {
  switch (block.type) {
    case 'text':
      tally.text(stringLength(block.text));
      break;
    case 'thinking':
      tally.text(stringLength(block.thinking));
      break;
    case 'tool_use':
    case 'server_tool_use':
      tally.toolCall(stringLength(block.name), argumentsLength(block.input));
      break;
    default:
      break;
  }
}

function readDelta(tally: ContentTally, delta: Record<string, unknown>): void {
  switch (delta.type) {
    case 'text_delta':
      tally.text(stringLength(delta.text));
      break;
    case 'thinking_delta':
      tally.text(stringLength(delta.thinking));
      break;
    case 'input_json_delta':
      tally.toolCall(0, stringLength(delta.partial_json));
      break;
    default:
      break;
  }
}

/**
 * Anthropic Messages: `content_block_start` (a tool_use block names its tool), `content_block_delta` (text,
 * thinking, input JSON), or a whole `message`. `message_start` carries a placeholder output count, so usage is read
 * from `message_delta` (cumulative) or the whole message only; `ping` and the stop events carry nothing.
 */
export function readAnthropicContent(value: unknown): ContentInfo {
  if (!isRecord(value)) return NO_CONTENT;
  const tally = new ContentTally();
  switch (value.type) {
    case 'content_block_start':
      if (isRecord(value.content_block)) readBlock(tally, value.content_block);
      break;
    case 'content_block_delta':
      if (isRecord(value.delta)) readDelta(tally, value.delta);
      break;
    case 'message_delta':
      if (isRecord(value.usage)) tally.outputTokens = tokenCount(value.usage.output_tokens);
      break;
    case 'message':
      if (Array.isArray(value.content)) {
        for (const block of value.content) if (isRecord(block)) readBlock(tally, block);
      }
      if (isRecord(value.usage)) tally.outputTokens = tokenCount(value.usage.output_tokens);
      break;
    default:
      break;
  }
  return tally.info();
}
