import type { Diagnostic } from '../core/diagnostic.ts';
import type { FaultKind } from '../core/fault-kinds.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { bodyText } from './read-error-body.ts';

/** A framing the protocol allows that the harness saw on the wire, in words a person can act on. */
export interface NamedQuirk {
  kind: FaultKind;
  message: string;
}

const NDJSON = /ndjson/i;
const BLANK_LINE = /\n[ \t\r]*\n|^[ \t\r]*\n/g;

function keepalives(exchange: TappedExchange, wire: readonly Diagnostic[]): NamedQuirk | undefined {
  const comments = wire.filter((d) => d.code === 'sse-comment');
  if (comments.length > 0) {
    const evidence = comments.map((d) => d.evidence ?? d.message).join(', ');
    return {
      kind: 'keepalive-comments',
      message: `keep-alive lines between the events (${evidence}): a client must skip them`,
    };
  }
  if (!NDJSON.test(exchange.responseHeaders?.['content-type'] ?? '')) return undefined;
  const blank = bodyText(exchange).match(BLANK_LINE)?.length ?? 0;
  if (blank === 0) return undefined;
  return {
    kind: 'keepalive-comments',
    message: `${blank} blank line(s) between the NDJSON lines: a client must skip them`,
  };
}

/**
 * The wire quirk `expected` names, when the exchange shows it: found in what the wire checks noted and in the body
 * as it crossed the wire. Undefined when the exchange does not show it.
 */
export function nameWireQuirk(
  expected: FaultKind,
  exchange: TappedExchange,
  wire: readonly Diagnostic[],
): NamedQuirk | undefined {
  switch (expected) {
    case 'keepalive-comments':
      return keepalives(exchange, wire);
    default:
      return undefined;
  }
}
