import type { ClassifiedError } from '../core/classified-error.ts';
import type { TappedExchange } from '../wire/tap.ts';

/** Every message and name along an error's `cause` chain, and what the wire tap saw go wrong. */
function transportTexts(
  error: unknown,
  exchange: TappedExchange | undefined,
): { names: string[]; texts: string[] } {
  const names: string[] = [];
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error || (typeof current === 'object' && 'message' in current)) {
      const { name, message } = current as { name?: unknown; message?: unknown };
      if (typeof name === 'string') names.push(name);
      if (typeof message === 'string') texts.push(message);
      current = (current as { cause?: unknown }).cause;
    } else {
      texts.push(String(current));
      break;
    }
  }
  if (exchange?.transportError !== undefined) texts.unshift(exchange.transportError);
  return { names, texts };
}

const RESET = /\bterminated\b|ECONNRESET|ECONNABORTED|EPIPE|socket hang up|other side closed|\bclosed\b/i;
const ABORTED = /\baborted\b/i;
/** zlib's words for a body that is not what its content-encoding says. */
const DECODING =
  /incorrect header check|invalid (?:block type|distance|stored block|code lengths)|Z_DATA_ERROR|Decompression failed/i;

function received(exchange: TappedExchange | undefined): string {
  if (!exchange) return '';
  const bytes = exchange.chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);
  return ` after ${exchange.chunks.length} chunk(s), ${bytes} characters`;
}

/**
 * The faults of the connection itself: the size cap, the idle and request timeouts, a connection closed mid-body,
 * and (before any headers) a network failure or other timeout. The client giving up on a body (an SDK that stops
 * reading after its own error) is not one: the body's content says what went wrong then.
 */
export function classifyTransportError(
  error: unknown,
  exchange: TappedExchange | undefined,
): ClassifiedError | undefined {
  const { names, texts } = transportTexts(error, exchange);
  if (texts.length === 0) return undefined;
  const status = exchange?.status;
  const at = status === undefined ? {} : { status };
  const first = texts[0] as string;
  const find = (pattern: RegExp) => texts.find((text) => pattern.test(text));
  const tooLarge = names.includes('ResponseTooLargeError') ? first : find(/^response too large\b/);
  if (tooLarge !== undefined) {
    return { kind: 'oversized', ...at, message: find(/^response too large\b/) ?? tooLarge, notes: [] };
  }
  const stalled = find(/\bstream stalled\b|\bidle timeout\b/);
  if (stalled !== undefined) {
    return { kind: 'stream-stall', ...at, message: `${stalled}${received(exchange)}`, notes: [] };
  }
  const undecodable = find(DECODING);
  if (undecodable !== undefined) {
    const encoding = exchange?.responseHeaders?.['content-encoding'] ?? 'a content-encoding';
    return {
      kind: 'network',
      ...at,
      message:
        `the body is sent as ${encoding} but does not decode (${undecodable}): a proxy or the provider mangled ` +
        'it; this is not a dropped connection',
      notes: [],
    };
  }
  const noHeaders = find(/\bno response headers within\b|\brequest timeout\b/);
  if (noHeaders !== undefined) {
    return {
      kind: 'first-byte-timeout',
      message: `${noHeaders}: the provider never started answering; raise the timeout or check the endpoint`,
      notes: [],
    };
  }
  if (status !== undefined) {
    if (exchange?.transportError === undefined || ABORTED.test(exchange.transportError)) return undefined;
    if (!RESET.test(exchange.transportError)) return undefined;
    return {
      kind: 'connection-reset',
      status,
      message:
        `the connection was closed mid-body (${exchange.transportError})${received(exchange)}: ` +
        'the answer is incomplete; retry the request',
      notes: [],
    };
  }
  const timeout = names.includes('TimeoutError') || texts.some((text) => /timed? ?out/i.test(text));
  return { kind: timeout ? 'timeout' : 'network', message: first, notes: [] };
}
