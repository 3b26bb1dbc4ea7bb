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

/** The character that starts at `at`, with its code point: what a read boundary fell inside. */
function characterAt(body: string, at: number): string {
  const code = body.codePointAt(at);
  if (code === undefined) return 'a character';
  return `${JSON.stringify(String.fromCodePoint(code))} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** A read that ended inside a multi-byte character, as the wire tap recorded it (carriedBytes). */
function utf8Split(exchange: TappedExchange): NamedQuirk | undefined {
  const body = bodyText(exchange);
  let at = 0;
  const splits: string[] = [];
  for (const chunk of exchange.chunks) {
    at += chunk.text.length;
    if (chunk.carriedBytes) splits.push(`${chunk.carriedBytes} byte(s) into ${characterAt(body, at)}`);
  }
  if (splits.length === 0) return undefined;
  return {
    kind: 'utf8-split',
    message:
      `${splits.length} read(s) ended inside a multi-byte character (${splits.join(', ')}): a client must decode ` +
      'the stream, not each read',
  };
}

const LINE_BREAK = /[\r\n]/;
const SSE = /event-stream/i;
/** An SSE data line holding JSON, an NDJSON line: a streamed event (a whole JSON body is read whole anyway). */
const SSE_JSON_LINE = /^data:[ ]?[ \t]*[{[]/;
const NDJSON_LINE = /^[ \t]*[{[]/;

/** Read boundaries that fall inside a streamed event's line of JSON: it arrived in two or more reads. */
function jsonSplit(exchange: TappedExchange): NamedQuirk | undefined {
  const type = exchange.responseHeaders?.['content-type'] ?? '';
  const jsonLine = SSE.test(type) ? SSE_JSON_LINE : NDJSON.test(type) ? NDJSON_LINE : undefined;
  if (jsonLine === undefined) return undefined;
  const body = bodyText(exchange);
  const lines = new Map<number, string>();
  let at = 0;
  for (const chunk of exchange.chunks) {
    at += chunk.text.length;
    // At the body's ends, or where the next read starts a line or ends this one, no JSON is cut.
    if (
      at === 0 ||
      at >= body.length ||
      LINE_BREAK.test(body[at - 1] ?? '') ||
      LINE_BREAK.test(body[at] ?? '')
    )
      continue;
    const start = Math.max(body.lastIndexOf('\n', at), body.lastIndexOf('\r', at)) + 1;
    const line = body.slice(start, at);
    if (jsonLine.test(line) && !lines.has(start)) lines.set(start, line);
  }
  const first = [...lines.values()][0];
  if (first === undefined) return undefined;
  const head = first.length > 40 ? `…${first.slice(-39)}` : first;
  return {
    kind: 'json-split',
    message:
      `the JSON of ${lines.size} event(s) spans two or more reads (the first cut after ${JSON.stringify(head)}): ` +
      'a client must buffer a line until it ends',
  };
}

/**
 * The wire quirk `expected` names, when the exchange shows it: found in what the wire checks noted, in the body as
 * it crossed the wire and in where its reads ended. Undefined when the exchange does not show it. Named only where
 * a fault case expects it: a live stream is split by TCP anyhow, so a split elsewhere is no news.
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
    case 'utf8-split':
      return utf8Split(exchange);
    case 'json-split':
      return jsonSplit(exchange);
    default:
      return undefined;
  }
}
