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

const CRLF = /\r\n/g;
const BARE_LF = /(?<!\r)\n/;

/** Every line break of the body a CRLF: a reader that splits on `\n` alone keeps a `\r` on each line. */
function crlfFraming(exchange: TappedExchange): NamedQuirk | undefined {
  const body = bodyText(exchange);
  const crlf = body.match(CRLF)?.length ?? 0;
  if (crlf === 0 || BARE_LF.test(body)) return undefined;
  return {
    kind: 'crlf-framing',
    message: `all ${crlf} line break(s) are CRLF (\\r\\n): a client must split lines on CR and LF alike`,
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
    case 'crlf-framing':
      return crlfFraming(exchange);
    default:
      return undefined;
  }
}
