import { classifyExchange } from '../checks/classify-error.ts';
import { nameWireQuirk } from '../checks/name-wire-quirk.ts';
import type { ChatResult, StepOutcome } from '../core/adapter-contract.ts';
import type { ObservedFault } from '../core/case-result.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import { type FaultKind, WIRE_QUIRKS } from '../core/fault-kinds.ts';
import type { WireAnswer } from '../protocols/wire-answer.ts';
import type { TappedExchange } from '../wire/tap.ts';

export interface FaultJudgement {
  fault: ObservedFault;
  /** The verdict; when it is wrong, what the wire checks found follows as evidence (notes: the fault was wanted). */
  diagnostics: Diagnostic[];
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function describeAnswer(result: ChatResult | undefined): string {
  if (!result) return 'no answer';
  const text = result.text.length > 40 ? `${result.text.slice(0, 39)}…` : result.text;
  return `${JSON.stringify(text)}, finish ${result.rawFinishReason ?? result.finishReason}`;
}

function asEvidence(diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, severity: 'info' };
}

/**
 * Judges a fault scenario: it passes when the harness classifies what crossed the wire (and what the adapter
 * threw) as the injected fault. An adapter that returned an answer as though nothing had happened is a tolerated
 * deviation: the fault was caught here, but a client using that adapter would not have known.
 */
export function judgeFault(
  expected: FaultKind,
  step: StepOutcome | undefined,
  exchange: TappedExchange | undefined,
  wire: readonly Diagnostic[],
  wireAnswer?: WireAnswer,
): FaultJudgement {
  if (WIRE_QUIRKS.has(expected)) return judgeQuirk(expected, step, exchange, wire, wireAnswer);
  const raised = step?.error !== undefined;
  const classified = classifyExchange(exchange, wire, step?.error);
  const observed = classified?.kind ?? 'none';
  const fault: ObservedFault = {
    expected,
    observed,
    raised,
    message:
      classified?.message ?? `nothing went wrong: HTTP ${exchange?.status ?? '?'} with a complete answer`,
  };
  if (classified?.retryAfter) fault.retryAfter = classified.retryAfter;
  const verdict: Diagnostic[] = [];
  if (observed === expected) {
    verdict.push({ code: 'fault-classified', severity: 'info', message: `${expected}: ${fault.message}` });
    if (!raised) {
      verdict.push(
        deviation(
          'fault-not-raised',
          `the adapter returned an answer (${describeAnswer(step?.result)}) instead of raising: a client cannot ` +
            `tell this ${expected} from a whole answer`,
        ),
      );
    }
  } else {
    verdict.push(
      failure(
        'misclassified-fault',
        observed === 'none'
          ? `expected ${expected}, but nothing went wrong: HTTP ${exchange?.status ?? '?'} and ${describeAnswer(step?.result)}`
          : `expected ${expected}, classified as ${observed}: ${fault.message}`,
        raised ? describeError(step?.error) : undefined,
      ),
    );
  }
  // The classification's message carries the evidence it rests on; a wrong one needs everything the checks saw.
  return { fault, diagnostics: observed === expected ? verdict : [...verdict, ...wire.map(asEvidence)] };
}

/**
 * Judges a wire quirk: the harness names it when no fault is found, the exchange shows it and the harness's own
 * reader read the whole answer through it. The adapter copes when it returns that answer without raising; one that
 * raised or returned other text is a tolerated deviation, named, since the provider did nothing wrong.
 */
function judgeQuirk(
  expected: FaultKind,
  step: StepOutcome | undefined,
  exchange: TappedExchange | undefined,
  wire: readonly Diagnostic[],
  wireAnswer: WireAnswer | undefined,
): FaultJudgement {
  const raised = step?.error !== undefined;
  // What the wire shows, not what the adapter made of it: an adapter that broke on the quirk is judged below.
  const classified = classifyExchange(exchange, wire);
  // An adapter that raised stopped reading: what was read shows the quirk, not the whole answer.
  const quirk =
    classified === undefined && exchange && (wireAnswer?.text || raised)
      ? nameWireQuirk(expected, exchange, wire)
      : undefined;
  const observed = classified?.kind ?? quirk?.kind ?? 'none';
  const coped = !raised && wireAnswer !== undefined && step?.result?.text === wireAnswer.text;
  const message =
    classified?.message ??
    quirk?.message ??
    (wireAnswer?.text
      ? `HTTP ${exchange?.status ?? '?'} with a complete answer and no ${expected} on the wire`
      : `the harness's wire reader found no answer in the ${expected} stream`);
  const fault: ObservedFault = { expected, observed, raised, coped, message };
  if (observed !== expected) {
    const verdict = failure(
      'misclassified-fault',
      `expected ${expected}, ${observed === 'none' ? 'found none' : `classified as ${observed}`}: ${message}`,
      raised ? describeError(step?.error) : undefined,
    );
    return { fault, diagnostics: [verdict, ...wire.map(asEvidence)] };
  }
  const verdict: Diagnostic[] = [
    { code: 'fault-classified', severity: 'info', message: `${expected}: ${message}` },
  ];
  if (!coped) {
    // A character decoded read by read comes out as U+FFFD: the answer is all there, one character of it lost.
    const replaced = step?.result?.text.includes('\uFFFD') && !wireAnswer?.text.includes('\uFFFD');
    verdict.push(
      deviation(
        'quirk-not-coped',
        `${raised ? `the adapter raised (${describeError(step?.error)})` : `the adapter returned ${describeAnswer(step?.result)}`} ` +
          `${wireAnswer ? `where the wire carried ${JSON.stringify(wireAnswer.text)}` : 'before the end of the answer'}: ` +
          `${replaced ? '(U+FFFD where the wire carried a whole character) ' : ''}a client using it breaks on ${expected}`,
      ),
    );
  }
  return { fault, diagnostics: verdict };
}
