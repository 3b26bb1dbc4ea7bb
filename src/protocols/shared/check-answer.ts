import { type Diagnostic, deviation, failure } from '../../core/diagnostic.ts';
import type { AnswerTally } from './answer-tally.ts';
import type { DiagnosticList } from './diagnostic-list.ts';
import { flagToolCallAsText } from './tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from './wire-check-context.ts';
import type { WireFinish, WireUsage } from './wire-event.ts';

/** How one protocol words the findings every protocol shares, in its own field names. */
export interface AnswerWords {
  noFinishReason: string;
  /** The text field a tool call written as text was found in, and the field it belongs in. */
  textField: string;
  callField: string;
  usageMissing: string;
  /** A `finish-reason-mismatch` when a choice's finish reason contradicts its tool calls (none: never judged). */
  finishMismatch?: (finish: WireFinish | undefined, toolCalls: number) => Diagnostic | undefined;
}

/**
 * Token counts that do not add up: input + output ≠ the provider's total, or more cached tokens than input. A total
 * that also counts the reasoning tokens apart from the output (Gemini's counts thoughts) adds up. A deviation: the
 * answer is whole, but a client that bills or budgets by these counts is misled.
 */
export function usageInconsistency(counts: WireUsage): Diagnostic | undefined {
  const { inputTokens: input, outputTokens: output, totalTokens: total, cachedTokens: cached } = counts;
  const evidence = JSON.stringify(counts);
  if (total !== undefined && input !== undefined && output !== undefined) {
    const sums = [input + output, input + output + (counts.reasoningTokens ?? 0)];
    if (!sums.includes(total)) {
      return deviation(
        'usage-inconsistent',
        `the usage does not add up: ${input} input + ${output} output tokens is ${input + output}, ` +
          `but the total says ${total}: a client that budgets or bills by these counts is misled`,
        evidence,
      );
    }
  }
  if (cached !== undefined && input !== undefined && cached > input) {
    return deviation(
      'usage-inconsistent',
      `the usage says ${cached} cached tokens out of ${input} input tokens: cached tokens are part of the input`,
      evidence,
    );
  }
  return undefined;
}

/**
 * The rules every protocol shares, judged once over the answer its events said: no finish reason, a tool call
 * written as text (when tools were offered), a finish reason that contradicts the calls, usage missing (when asked),
 * usage that does not add up.
 */
export function checkAnswer(
  answer: AnswerTally,
  words: AnswerWords,
  context: WireCheckContext,
  list: DiagnosticList,
): void {
  if (!answer.finished) list.add(failure('no-finish-reason', words.noFinishReason));
  for (const choice of answer.choices.values()) {
    if (context.toolsOffered)
      flagToolCallAsText(list, choice.texts.values(), words.textField, words.callField);
    const mismatch = words.finishMismatch?.(choice.finish, choice.toolCalls);
    if (mismatch) list.once(mismatch);
  }
  if (context.usageRequested && !answer.usage) list.add(failure('usage-missing', words.usageMissing));
  const inconsistent = usageInconsistency(answer.counts);
  if (inconsistent) list.add(inconsistent);
}
