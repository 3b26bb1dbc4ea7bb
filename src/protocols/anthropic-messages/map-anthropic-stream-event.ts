import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { StreamEvent } from '../../core/adapter-contract.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';

interface ToolBlock {
  /** Ordinal among the message's tool_use blocks: the neutral call index. */
  callIndex: number;
  /** `input` from content_block_start, used when no input_json_delta follows. */
  startInput: unknown;
  sawArguments: boolean;
}

/**
 * Returns a stateful mapper from raw Messages API stream events to neutral events. Content block indexes
 * count every block (text, thinking, tool_use), so tool calls get their own ordinal.
 */
export function createAnthropicStreamMapper(): (event: RawMessageStreamEvent) => StreamEvent[] {
  const toolBlocks = new Map<number, ToolBlock>();
  let nextCallIndex = 0;
  let finished = false;

  return (event) => {
    switch (event.type) {
      case 'message_start': {
        const events: StreamEvent[] = [];
        if (event.message.model) events.push({ type: 'model', model: event.message.model });
        // output_tokens here is a placeholder (1); the real count comes with message_delta.
        const { inputTokens } = mapAnthropicUsage(event.message.usage ?? {});
        if (inputTokens !== undefined) events.push({ type: 'usage', usage: { inputTokens } });
        return events;
      }
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text') return contentEvents('text', block.text);
        if (block.type === 'thinking') return contentEvents('reasoning', block.thinking);
        if (block.type === 'tool_use') {
          const callIndex = nextCallIndex++;
          toolBlocks.set(event.index, { callIndex, startInput: block.input, sawArguments: false });
          return [{ type: 'tool-call-delta', index: callIndex, id: block.id, name: block.name }];
        }
        return [];
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta') return contentEvents('text', delta.text);
        if (delta.type === 'thinking_delta') return contentEvents('reasoning', delta.thinking);
        if (delta.type === 'signature_delta' && delta.signature) {
          return [{ type: 'reasoning-signature', signature: delta.signature }];
        }
        if (delta.type === 'input_json_delta') {
          const block = toolBlocks.get(event.index);
          if (!block || !delta.partial_json) return [];
          block.sawArguments = true;
          return [{ type: 'tool-call-delta', index: block.callIndex, argumentsDelta: delta.partial_json }];
        }
        return [];
      }
      case 'content_block_stop': {
        const block = toolBlocks.get(event.index);
        if (!block || block.sawArguments) return [];
        return [
          {
            type: 'tool-call-delta',
            index: block.callIndex,
            argumentsDelta: startArguments(block.startInput),
          },
        ];
      }
      case 'message_delta': {
        const events: StreamEvent[] = [];
        const usage = mapAnthropicUsage(event.usage ?? {});
        if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) {
          events.push({ type: 'usage', usage });
        }
        const stopReason = event.delta?.stop_reason;
        if (stopReason && !finished) {
          finished = true;
          events.push({
            type: 'finish',
            finishReason: mapAnthropicFinishReason(stopReason),
            rawFinishReason: stopReason,
          });
        }
        return events;
      }
      default:
        // message_stop, ping (filtered by the SDK anyway) and event types added after this was written.
        return [];
    }
  };
}

/** Text or thinking as an event; none for an empty string (block starts usually are). */
function contentEvents(type: 'text' | 'reasoning', text: string): StreamEvent[] {
  return text ? [{ type, text }] : [];
}

/** A tool_use block without input_json_delta: its arguments are the start input, `{}` when empty. */
function startArguments(input: unknown): string {
  const hasInput = typeof input === 'object' && input !== null && Object.keys(input).length > 0;
  return hasInput ? JSON.stringify(input) : '{}';
}
