import type { FinishReason } from '../../core/adapter-contract.ts';

/** A protocol's finish-reason spellings and their neutral meaning. */
export type FinishReasonTable = Readonly<Record<string, FinishReason>>;

/**
 * Returns a mapper over one protocol's table: a missing reason is `unknown`, a spelling the table does not
 * list is `other` (providers invent new ones).
 */
export function finishReasonMapper(
  table: FinishReasonTable,
): (raw: string | null | undefined) => FinishReason {
  // A Map, so that spellings such as `constructor` do not find Object.prototype members.
  const known = new Map(Object.entries(table));
  return (raw) => (raw === null || raw === undefined ? 'unknown' : (known.get(raw) ?? 'other'));
}

/** Gemini and Ollama say "stop" after tool calls too; the calls themselves tell the two apart. */
export function stopWithToolCalls(reason: FinishReason, hasToolCalls: boolean): FinishReason {
  return reason === 'stop' && hasToolCalls ? 'tool-calls' : reason;
}
