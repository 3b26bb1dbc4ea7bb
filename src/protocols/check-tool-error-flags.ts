import { type Diagnostic, failure } from '../core/diagnostic.ts';
import { type FollowUp, failedTools } from '../scenarios/scenarios.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { type Protocol, protocolDefinition } from './index.ts';
import type { FlaggedToolResult } from './protocol-definition.ts';
import { requestJson } from './shared/request-json.ts';
import { readWireAnswer } from './wire-answer.ts';

/** How each protocol that has an error flag spells it on a tool result. */
const FLAG: Partial<Record<Protocol, string>> = {
  'anthropic-messages': '`is_error: true` on its tool_result block',
  gemini: 'an `error` key in its functionResponse.response',
};

function resultsOf(exchange: TappedExchange, protocol: Protocol): FlaggedToolResult[] | undefined {
  return protocolDefinition(protocol).toolResultFlags(requestJson(exchange));
}

/**
 * Across the exchanges of one tool conversation: a result the scenario fed back as an error must go out with the
 * protocol's error flag, where it has one. The results a request adds answer the calls of the answer before it, in
 * their order. Without the flag the model reads the error text as the tool's output (Anthropic's tool-use guide has
 * `is_error` say the call failed). Protocols without a flag (OpenAI-style, Ollama) have nothing to check: there the
 * content alone says it.
 */
export function checkToolErrorFlags(
  protocol: Protocol,
  exchanges: readonly TappedExchange[],
  stream: boolean,
  rounds: readonly FollowUp[],
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [n, round] of rounds.entries()) {
    const failed = failedTools(round);
    const answer = exchanges[n];
    const next = exchanges[n + 1];
    if (failed.size === 0 || !answer || !next) continue;
    const before = resultsOf(answer, protocol);
    const after = resultsOf(next, protocol);
    const calls = readWireAnswer(answer, protocol, stream)?.toolCalls ?? [];
    if (!before || !after) continue;
    const added = after.slice(before.length);
    const unflagged = calls.flatMap((call, i) => {
      const result = added[i];
      return failed.has(call.name) && result && !result.isError ? [{ call, result }] : [];
    });
    if (unflagged.length === 0) continue;
    const names = [...new Set(unflagged.map(({ call }) => call.name))].join(', ');
    found.push(
      failure(
        'tool-error-flag-dropped',
        `request ${n + 2} sends the ${names} result, which reports an error, without ${FLAG[protocol] ?? 'the error flag'}: ` +
          'the model reads the error text as what the tool returned, and may answer from it or call the tool again',
        unflagged.map(({ result }) => result.json).join(', '),
      ),
    );
  }
  return found;
}
