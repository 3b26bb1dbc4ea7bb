// Pieces the OpenAI-compatible styles share.
import type { CallFragment, NeutralDelta, WireCall } from '../openai-chat.ts';

export const SSE_UTF8 = 'text/event-stream; charset=utf-8';
export const role = (d: NeutralDelta) => (d.first ? { role: 'assistant' } : {});

/** `{index, id, type, function}` on a call's first fragment, `{index, function: {arguments}}` after it. */
export function openAIFragment(f: CallFragment, withIndex = true): object {
  const index = withIndex ? { index: f.index } : {};
  return f.id === undefined
    ? { ...index, function: { arguments: f.args } }
    : { ...index, id: f.id, type: 'function', function: { name: f.name, arguments: f.args } };
}

export const messageCalls = (calls: WireCall[], extra: (i: number) => object = () => ({})) =>
  calls.map((c, i) => ({
    ...extra(i),
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.args },
  }));

export const plainUsage = (input: number, output: number) => ({
  prompt_tokens: input,
  completion_tokens: output,
  total_tokens: input + output,
});
