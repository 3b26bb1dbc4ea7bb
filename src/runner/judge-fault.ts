import { classifyExchange } from '../checks/classify-error.ts';
import type { ChatResult, StepOutcome } from '../core/adapter-contract.ts';
import type { ObservedFault } from '../core/case-result.ts';
import { type Diagnostic, deviation, failure } from '../core/diagnostic.ts';
import type { FaultKind } from '../core/fault-kinds.ts';
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
): FaultJudgement {
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
