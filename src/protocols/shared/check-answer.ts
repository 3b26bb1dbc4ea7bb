import { type Diagnostic, failure } from '../../core/diagnostic.ts';
import type { AnswerTally } from './answer-tally.ts';
import type { DiagnosticList } from './diagnostic-list.ts';
import { flagToolCallAsText } from './tool-call-as-text-diagnostic.ts';
import type { WireCheckContext } from './wire-check-context.ts';
import type { WireFinish } from './wire-event.ts';

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
 * The rules every protocol shares, judged once over the answer its events said: no finish reason, a tool call
 * written as text (when tools were offered), a finish reason that contradicts the calls, usage missing (when asked).
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
}
