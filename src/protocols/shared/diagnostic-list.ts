import { type Diagnostic, trimEvidence } from '../../core/diagnostic.ts';

export function info(code: string, message: string, evidence?: string): Diagnostic {
  return evidence === undefined
    ? { code, severity: 'info', message }
    : { code, severity: 'info', message, evidence: trimEvidence(evidence) };
}

export interface DiagnosticList {
  readonly items: Diagnostic[];
  add: (diagnostic: Diagnostic) => void;
  /** Adds the diagnostic unless one with the same key (default: its code) was already added. */
  once: (diagnostic: Diagnostic, key?: string) => void;
  has: (code: string) => boolean;
  /** Puts diagnostics at a position in the list: notes known only at the end of a stream that belong first. */
  insert: (at: number, diagnostics: Diagnostic[]) => void;
}

export function createDiagnosticList(): DiagnosticList {
  const items: Diagnostic[] = [];
  const keys = new Set<string>();
  return {
    items,
    add: (diagnostic) => {
      items.push(diagnostic);
    },
    once: (diagnostic, key = diagnostic.code) => {
      if (keys.has(key)) return;
      keys.add(key);
      items.push(diagnostic);
    },
    has: (code) => items.some((d) => d.code === code),
    insert: (at, diagnostics) => {
      items.splice(at, 0, ...diagnostics);
    },
  };
}
