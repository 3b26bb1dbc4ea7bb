import type { Message } from '../../core/adapter-contract.ts';

/** A protocol's rule for call ids: which it takes, and the id to send for one it refuses (`attempt` 0, 1, … on a clash). */
export interface CallIdRule {
  accepts(id: string): boolean;
  rewrite(id: string, attempt: number): string;
}

/**
 * A history as a provider with a rule for call ids takes it: every id it would refuse (another provider's `call_…`,
 * `toolu_…`, `functions.get_weather:0`) becomes one it takes, on the assistant's calls and on the results that answer
 * them alike, so each result still names its call. Deterministic: the same history always gets the same ids, and no
 * rewritten id clashes with another id of the history, so distinct calls stay distinct. An empty id names no call
 * and is left as it is.
 */
export function rewriteCallIds(messages: Message[], rule: CallIdRule): Message[] {
  const ids = messages.flatMap((message) => {
    if (message.role === 'tool') return [message.toolCallId];
    return message.role === 'assistant' ? (message.toolCalls ?? []).map((call) => call.id) : [];
  });
  const refused = ids.filter((id) => id !== '' && !rule.accepts(id));
  if (refused.length === 0) return messages;
  const taken = new Set(ids.filter((id) => !refused.includes(id)));
  const sent = new Map<string, string>();
  for (const id of refused) {
    if (sent.has(id)) continue;
    let attempt = 0;
    let candidate = rule.rewrite(id, attempt);
    while (taken.has(candidate)) candidate = rule.rewrite(id, ++attempt);
    taken.add(candidate);
    sent.set(id, candidate);
  }
  const idOf = (id: string) => sent.get(id) ?? id;
  return messages.map((message): Message => {
    if (message.role === 'tool') return { ...message, toolCallId: idOf(message.toolCallId) };
    if (message.role !== 'assistant' || !message.toolCalls?.length) return message;
    return { ...message, toolCalls: message.toolCalls.map((call) => ({ ...call, id: idOf(call.id) })) };
  });
}
