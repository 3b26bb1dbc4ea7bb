/**
 * One finding about a case. `failure` fails the cell; `deviation` is a departure from the protocol that
 * the adapter tolerated (listed on passing cells too); `info` is context.
 */
export type Severity = 'failure' | 'deviation' | 'info';

export interface Diagnostic {
  /** Stable kebab-case code, e.g. `tool-call-as-text`, `missing-index`, `no-done-sentinel`. */
  code: string;
  severity: Severity;
  /** What happened and what it means, in a sentence a person can act on. */
  message: string;
  /** The offending wire text or value, trimmed. */
  evidence?: string;
}

const EVIDENCE_LIMIT = 240;

export function trimEvidence(text: string, limit = EVIDENCE_LIMIT): string {
  // Escaping only lengthens: the head is all that can show, and a 10 MB body of line breaks is not rewritten whole.
  const head = text.length > limit ? text.slice(0, limit) : text;
  const oneLine = head.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return oneLine.length > limit || text.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}

export function failure(code: string, message: string, evidence?: string): Diagnostic {
  return evidence === undefined
    ? { code, severity: 'failure', message }
    : { code, severity: 'failure', message, evidence: trimEvidence(evidence) };
}

export function deviation(code: string, message: string, evidence?: string): Diagnostic {
  return evidence === undefined
    ? { code, severity: 'deviation', message }
    : { code, severity: 'deviation', message, evidence: trimEvidence(evidence) };
}
