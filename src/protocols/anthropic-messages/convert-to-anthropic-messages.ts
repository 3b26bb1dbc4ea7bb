import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { type InlineFile, isPicture, type Message } from '../../core/adapter-contract.ts';
import { groupConversation, type Turn } from '../shared/group-conversation.ts';
import { parseJsonObject } from '../shared/parse-json-object.ts';
import { type CallIdRule, rewriteCallIds } from '../shared/rewrite-call-ids.ts';

export interface AnthropicPrompt {
  /** System messages, in order; the Messages API takes them as one top-level `system`. */
  system: string[];
  messages: MessageParam[];
}

/**
 * The Messages API refuses a `tool_use` id outside `^[a-zA-Z0-9_-]+$` with a 400 ("messages.1.content.1.tool_use.id:
 * String should match pattern", RooCodeInc/Roo-Code#10649), as Kimi's `functions.get_weather:0` is: every other
 * character becomes `_`, and a clash gets a numbered suffix.
 */
export const ANTHROPIC_CALL_IDS: CallIdRule = {
  accepts: (id) => /^[a-zA-Z0-9_-]+$/.test(id),
  rewrite: (id, attempt) => `${id.replace(/[^a-zA-Z0-9_-]/g, '_')}${attempt === 0 ? '' : `_${attempt}`}`,
};

export function convertToAnthropicMessages(messages: Message[]): AnthropicPrompt {
  const { system, turns } = groupConversation(rewriteCallIds(messages, ANTHROPIC_CALL_IDS));
  return { system, messages: turns.map(convertTurn) };
}

function convertTurn(turn: Turn): MessageParam {
  switch (turn.role) {
    case 'tool-results':
      // Consecutive tool results answer one assistant turn: they must share a single user message.
      return {
        role: 'user',
        content: turn.results.map((result) => ({
          type: 'tool_result',
          tool_use_id: result.toolCallId,
          content: result.content,
          // A failed tool's result is flagged, so the model reads the content as the failure, not as its output.
          ...(result.isError ? { is_error: true } : {}),
        })),
      };
    case 'user':
      if (!turn.files?.length) return { role: 'user', content: turn.content };
      // Anthropic's guide puts pictures and documents before the question about them.
      return {
        role: 'user',
        content: [...turn.files.map(convertFile), { type: 'text', text: turn.content }],
      };
    case 'assistant': {
      const calls = turn.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: turn.content };
      const content: ContentBlockParam[] = [];
      // With thinking on, a tool turn must open with its signed thinking block, sent back unaltered.
      if (turn.reasoning?.signature) {
        content.push({
          type: 'thinking',
          thinking: turn.reasoning.text,
          signature: turn.reasoning.signature,
        });
      }
      // The API rejects empty text blocks.
      if (turn.content !== '') content.push({ type: 'text', text: turn.content });
      for (const call of calls) {
        content.push({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: parseJsonObject(call.arguments) ?? {},
        });
      }
      return { role: 'assistant', content };
    }
  }
}

function convertFile(file: InlineFile): ContentBlockParam {
  if (isPicture(file)) {
    return { type: 'image', source: { type: 'base64', media_type: file.mediaType, data: file.base64 } };
  }
  return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: file.base64 } };
}
