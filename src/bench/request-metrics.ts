import type { Protocol } from '../protocols/types.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { estimateTokens } from './estimate-tokens.ts';
import { contentReaderFor } from './protocol-content-reader.ts';
import { createWireValueReader } from './wire-values.ts';

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

/**
 * Reads an exchange's chunks once, in order: each chunk is fed to the protocol's framing (SSE, NDJSON, or one JSON
 * body when not streamed) and is a content chunk when a value it completed carried content. Work per chunk is
 * proportional to its own length, never to what came before.
 */
export function requestMetrics(
  exchange: TappedExchange,
  protocol: Protocol,
  stream: boolean,
): RequestMetrics {
  const read = contentReaderFor(protocol);
  let chars = 0;
  let usage: number | undefined;
  let carried = false;
  const reader = createWireValueReader(protocol, stream, (value, event) => {
    const info = read(value, event);
    if (info.content) {
      carried = true;
      chars += info.chars;
    }
    if (info.outputTokens !== undefined) usage = info.outputTokens;
  });
  const times: number[] = [];
  for (const chunk of exchange.chunks) {
    carried = false;
    reader.feed(chunk.text);
    if (carried) times.push(chunk.t);
  }
  carried = false;
  reader.end();
  const lastChunk = exchange.chunks[exchange.chunks.length - 1];
  if (carried && lastChunk) times.push(lastChunk.t);
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
