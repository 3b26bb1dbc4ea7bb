import { type Protocol, protocolDefinition } from '../protocols/index.ts';
import { readWireEvents } from '../protocols/shared/read-wire-events.ts';
import type { WireView } from '../protocols/shared/wire-event.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { estimateTokens } from './estimate-tokens.ts';

/** One request's latency figures, from the wire (ms from the moment the request was handed to fetch). */
export interface RequestMetrics {
  /** Arrival of the first and the last chunk that carried content; undefined when none did. */
  tFirst?: number;
  tLast?: number;
  /** The end of the body (or the failure). */
  tEnd?: number;
  /** Chunks (as read from the socket) that carried content. */
  contentChunks: number;
  /** Characters of text, reasoning and tool-call content. */
  contentChars: number;
  outputTokens?: number;
  tokenSource?: 'usage' | 'estimate';
  ttftMs?: number;
  e2eMs?: number;
  /** (t_last − t_first) / (tokens − 1): needs 2+ tokens spread over 2+ chunks. */
  itlMs?: number;
  /** (tokens − 1) / (t_last − t_first), in tokens per second; same condition as the ITL. */
  outputTokensPerSecond?: number;
  /** Gaps between consecutive content chunks. */
  chunkGapsMs: number[];
}

/** Characters of text, reasoning, and a tool call's name or argument text: what makes an event count for TTFT. */
function contentChars(view: WireView): number {
  let chars = 0;
  for (const delta of view.deltas) chars += delta.text.length;
  for (const call of view.toolCalls) chars += (call.name?.length ?? 0) + (call.arguments?.length ?? 0);
  return chars;
}

/**
 * Folds the protocol's wire events of an exchange, read once in order: a chunk is a content chunk when an event it
 * completed carried content (events only the end of the body completed count at the last chunk's time). Work per
 * chunk is proportional to its own length, never to what came before.
 */
export function requestMetrics(
  exchange: TappedExchange,
  protocol: Protocol,
  stream: boolean,
): RequestMetrics {
  let chars = 0;
  let usage: number | undefined;
  let lastArrival = -1;
  const times: number[] = [];
  readWireEvents(exchange, protocolDefinition(protocol).wire, stream, (item) => {
    if (item.kind !== 'event') return;
    const carried = contentChars(item.view);
    if (carried > 0) {
      chars += carried;
      if (item.arrival !== lastArrival) times.push(item.t);
      lastArrival = item.arrival;
    }
    const outputTokens = item.view.usage?.outputTokens;
    if (outputTokens !== undefined) usage = outputTokens;
  });
  return metricsFrom(times, chars, usage, exchange.tEnd);
}
function metricsFrom(times: number[], chars: number, usage: number | undefined, tEnd: number | undefined) {
  const metrics: RequestMetrics = { contentChunks: times.length, contentChars: chars, chunkGapsMs: [] };
  if (tEnd !== undefined) {
    metrics.tEnd = tEnd;
    metrics.e2eMs = tEnd;
  }
  const tFirst = times[0];
  const tLast = times[times.length - 1];
  if (tFirst === undefined || tLast === undefined) return metrics;
  metrics.tFirst = tFirst;
  metrics.tLast = tLast;
  metrics.ttftMs = tFirst;
  for (let i = 1; i < times.length; i++)
    metrics.chunkGapsMs.push((times[i] as number) - (times[i - 1] as number));
  const tokens = usage !== undefined && usage > 0 ? usage : estimateTokens(chars);
  if (tokens > 0) {
    metrics.outputTokens = tokens;
    metrics.tokenSource = usage !== undefined && usage > 0 ? 'usage' : 'estimate';
  }
  const span = tLast - tFirst;
  // One token, or all of them in one chunk: there is no time between tokens to observe.
  if (tokens >= 2 && span > 0) {
    metrics.itlMs = span / (tokens - 1);
    metrics.outputTokensPerSecond = (tokens - 1) / (span / 1000);
  }
  return metrics;
}
