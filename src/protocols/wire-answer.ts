import type { TappedExchange } from '../wire/tap.ts';
import { PROTOCOL_DEFINITIONS, type Protocol } from './index.ts';
import { readWireEvents } from './shared/read-wire-events.ts';
import { ToolCallIndexTracker } from './shared/tool-call-index-tracker.ts';
import type { ToolCallFragment, WireFinish, WireUsage } from './shared/wire-event.ts';

export interface WireToolCall {
  name: string;
  /** Argument text, the fragments joined. */
  arguments: string;
}

/** What an exchange's bytes said, read as a careful client reads them: the reference a client's answer meets. */
export interface WireAnswer {
  text: string;
  toolCalls: WireToolCall[];
  finish?: WireFinish;
  usage?: WireUsage;
}

/** Assembles choice 0's tool-call fragments into calls: by the same rule the built-in adapters use. */
function createAssembly(stream: boolean) {
  const tracker = new ToolCallIndexTracker();
  const calls: WireToolCall[] = [];
  const serverBlocks = new Set<number>();
  let last: WireToolCall | undefined;
  return {
    calls,
    add(fragment: ToolCallFragment) {
      // A call the provider runs itself (Anthropic `server_tool_use`) is nothing for the client to run.
      if (fragment.server) {
        if (fragment.index !== undefined) serverBlocks.add(fragment.index);
        return;
      }
      if (fragment.index !== undefined && serverBlocks.has(fragment.index)) return;
      let call: WireToolCall | undefined;
      if (fragment.continuation) {
        call = stream ? calls[tracker.assign({ index: fragment.index ?? null })] : last;
      } else if (stream) {
        const at = tracker.assign({
          index: fragment.index ?? null,
          id: fragment.id ?? null,
          name: fragment.name ?? null,
        });
        calls[at] ??= { name: '', arguments: '' };
        call = calls[at];
      } else {
        // A whole answer lists each call once.
        call = { name: '', arguments: '' };
        calls.push(call);
      }
      if (!call) return;
      if (fragment.name) call.name = fragment.name;
      if (fragment.arguments) call.arguments += fragment.arguments;
      last = call;
    },
  };
}

/**
 * The answer an exchange carried, when it carried one: a complete 2xx body whose events the protocol's wire reader
 * reads, without an error inside. Undefined otherwise (a failed request, a cut or garbled body): then the provider's
 * fault is the harness's to judge, and a client is free to report an error.
 */
export function readWireAnswer(
  exchange: TappedExchange,
  protocol: Protocol,
  stream: boolean,
): WireAnswer | undefined {
  const status = exchange.status;
  if (
    status === undefined ||
    status < 200 ||
    status >= 300 ||
    !exchange.complete ||
    exchange.transportError
  ) {
    return undefined;
  }
  const assembly = createAssembly(stream);
  const answer: WireAnswer = { text: '', toolCalls: assembly.calls };
  let parsed = 0;
  let broken = false;
  let done = false;
  readWireEvents(exchange, PROTOCOL_DEFINITIONS[protocol].wire, stream, (item) => {
    if (item.kind !== 'event' || done) return;
    // Clients stop reading at OpenAI's end sentinel.
    if (item.data === '[DONE]') {
      done = true;
      return;
    }
    if (!item.json.ok) {
      broken = true;
      return;
    }
    parsed++;
    const { view } = item;
    if (view.error) broken = true;
    for (const delta of view.deltas) {
      if (delta.type === 'text' && delta.choice === 0) answer.text += delta.text;
    }
    for (const fragment of view.toolCalls) if (fragment.choice === 0) assembly.add(fragment);
    for (const finish of view.finishes) if (finish.choice === 0) answer.finish = finish;
    if (view.usage) answer.usage = { ...answer.usage, ...view.usage };
  });
  return parsed > 0 && !broken ? answer : undefined;
}
