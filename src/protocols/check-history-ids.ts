import type { Message } from '../core/adapter-contract.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { type Protocol, protocolDefinition } from './index.ts';
import { parseJson } from './shared/json-value.ts';

const SHOWN = 4;

function historyIds(history: readonly Message[]): { calls: string[]; results: string[] } {
  return {
    calls: history.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.id) : [])),
    results: history.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : [])),
  };
}

const quoted = (id: string) => JSON.stringify(id);

/**
 * The call ids of the history a scenario sends (tools.foreign-history: other providers' `call_…`,
 * `functions.get_weather:0`) against the ids the request carried. Ids rewritten alike on the calls and on their
 * results are `history-ids-rewritten`, a deviation: the provider refuses ids other than its own kind (Mistral, nine
 * alphanumerics; Anthropic, `^[a-zA-Z0-9_-]+$`) and the adapter made the history fit, which a client has to do too.
 * Ids rewritten so that a result no longer names its call are `tool-result-id-mismatch`. Protocols whose calls carry
 * no ids (Ollama) and histories without calls have nothing to compare.
 */
export function checkHistoryIds(
  protocol: Protocol,
  history: readonly Message[],
  exchange: TappedExchange | undefined,
): Diagnostic[] {
  const wanted = historyIds(history);
  if (!exchange || wanted.calls.length === 0) return [];
  const parsed = parseJson(exchange.request.body ?? '');
  const body = parsed.ok ? parsed.value : undefined;
  const definition = protocolDefinition(protocol);
  const sentCalls = definition.toolCallIds(body)?.slice(0, wanted.calls.length);
  const sentResults = definition.toolResultIds(body)?.slice(0, wanted.results.length);
  if (sentCalls?.length !== wanted.calls.length || sentResults?.length !== wanted.results.length) return [];
  const sentFor = new Map<string, string>();
  wanted.calls.forEach((id, i) => {
    sentFor.set(id, sentCalls[i] ?? '');
  });
  // A protocol that sends no id (Gemini without one) keeps nothing to rewrite.
  const changed = [...sentFor].filter(([id, sent]) => sent !== id && sent !== '');
  const strays = wanted.results.filter((id, i) => (sentFor.get(id) ?? id) !== sentResults[i]);
  const merged = new Set(sentFor.values()).size < sentFor.size;
  if (strays.length > 0 || merged) {
    const what =
      strays.length > 0
        ? `the results of ${strays.map(quoted).join(', ')} do not carry the id their call was given`
        : 'distinct calls were given one id';
    return [
      failure(
        'tool-result-id-mismatch',
        `the history's call ids were rewritten on the way, but ${what}: the API refuses a result it cannot tie ` +
          'to a call, or the model reads it against another call',
        `calls ${sentCalls.map(quoted).join(', ')}; results ${sentResults.map(quoted).join(', ')}`,
      ),
    ];
  }
  if (changed.length === 0) return [];
  const pairs = changed.map(([id, sent]) => `${quoted(id)} → ${quoted(sent)}`);
  return [
    deviation(
      'history-ids-rewritten',
      `the history's call ids were rewritten (${changed.length} of ${sentFor.size}), on the calls and their ` +
        "results alike, because the provider refuses ids of other providers' kinds: a client replaying a history " +
        'from another provider has to rewrite them too, or the request is refused',
      pairs.slice(0, SHOWN).join(', ') + (pairs.length > SHOWN ? ', …' : ''),
    ),
  ];
}
