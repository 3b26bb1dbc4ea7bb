import type { Message } from '../../core/adapter-contract.ts';

export type ToolMessage = Extract<Message, { role: 'tool' }>;

/** A conversation turn once system messages are lifted out and tool results gathered. */
export type Turn =
  | Extract<Message, { role: 'user' | 'assistant' }>
  | { role: 'tool-results'; results: ToolMessage[] };

export interface GroupedConversation {
  /** The system messages' text, in order. */
  system: string[];
  turns: Turn[];
}

/**
 * For protocols that take system text apart from the conversation and want all results of one assistant
 * turn back in a single turn (Anthropic, Gemini): each run of consecutive tool messages becomes one turn.
 */
export function groupConversation(messages: Message[]): GroupedConversation {
  const grouped: GroupedConversation = { system: [], turns: [] };
  let results: ToolMessage[] = [];
  const endResults = () => {
    if (results.length > 0) grouped.turns.push({ role: 'tool-results', results });
    results = [];
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      results.push(message);
      continue;
    }
    endResults();
    if (message.role === 'system') grouped.system.push(message.content);
    else grouped.turns.push(message);
  }
  endResults();
  return grouped;
}
