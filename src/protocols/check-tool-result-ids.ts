import { type Diagnostic, failure } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { type Protocol, protocolDefinition } from './index.ts';
import { readWireEvents } from './shared/read-wire-events.ts';
import { requestJson } from './shared/request-json.ts';
import { readWireAnswer } from './wire-answer.ts';

const EVIDENCE_SIDE = 100;

/** Where a stray id stands in the request (its last place: new results close the history), and what is around it. */
function evidenceAround(body: string, id: string): string {
  const at = body.lastIndexOf(JSON.stringify(id));
  if (at < 0) return body.slice(0, 2 * EVIDENCE_SIDE);
  const start = Math.max(0, at - EVIDENCE_SIDE);
  const end = Math.min(body.length, at + JSON.stringify(id).length + EVIDENCE_SIDE);
  return `${start > 0 ? '…' : ''}${body.slice(start, end)}${end < body.length ? '…' : ''}`;
}

/** The ids of the calls an exchange's answer made; undefined unless every call had one (nothing to tie them by). */
function callIdsOf(exchange: TappedExchange, protocol: Protocol, stream: boolean): Set<string> | undefined {
  const answer = readWireAnswer(exchange, protocol, stream);
  if (!answer || answer.toolCalls.length === 0) return undefined;
  const ids = new Set<string>();
  readWireEvents(exchange, protocolDefinition(protocol).wire, stream, (item) => {
    if (item.kind !== 'event') return;
    for (const fragment of item.view.toolCalls) {
      if (fragment.choice === 0 && !fragment.server && fragment.id !== undefined) ids.add(fragment.id);
    }
  });
  return ids.size >= answer.toolCalls.length ? ids : undefined;
}

function resultIdsOf(exchange: TappedExchange, protocol: Protocol): string[] | undefined {
  return protocolDefinition(protocol).toolResultIds(requestJson(exchange));
}

/**
 * Across the exchanges of one tool conversation: each tool result a request adds to the history must carry the id
 * of a call the answer before it made. A result the API cannot tie to a call is refused (OpenAI: "must be a response
 * to a preceding message with 'tool_calls'"; Anthropic: "unexpected tool_use_id") or read against another call.
 * Protocols whose results carry no ids, and answers whose calls came without ids, have nothing to compare.
 */
export function checkToolResultIds(
  protocol: Protocol,
  exchanges: readonly TappedExchange[],
  stream: boolean,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (let n = 0; n + 1 < exchanges.length; n++) {
    const answer = exchanges[n] as TappedExchange;
    const next = exchanges[n + 1] as TappedExchange;
    const before = resultIdsOf(answer, protocol);
    const after = resultIdsOf(next, protocol);
    const calls = callIdsOf(answer, protocol, stream);
    if (!before || !after || !calls) continue;
    const strays = after.slice(before.length).filter((id) => !calls.has(id));
    if (strays.length === 0) continue;
    const quoted = (ids: Iterable<string>) => [...ids].map((id) => JSON.stringify(id)).join(', ');
    found.push(
      failure(
        'tool-result-id-mismatch',
        `request ${n + 2} sends a tool result for ${quoted(strays)}, which is none of the calls answer ${n + 1} ` +
          `made (${quoted(calls)}): the API refuses a result it cannot tie to a call, or the model reads it ` +
          'against another call',
        evidenceAround(next.request.body ?? '', strays[0] as string),
      ),
    );
  }
  return found;
}
