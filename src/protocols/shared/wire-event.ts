import type { FinishReason } from '../../core/adapter-contract.ts';

/** Text or reasoning one event added. */
export interface ContentDelta {
  type: 'text' | 'reasoning';
  text: string;
  /** The choice (OpenAI) or candidate (Gemini) it belongs to; 0 where the protocol has one answer. */
  choice: number;
  /** The content block it belongs to (Anthropic), where the wire gave an integer index. */
  block?: number;
}

/** A tool call, or a piece of one, as one event carried it. */
export interface ToolCallFragment {
  choice: number;
  /** The wire's call index, when it sent an integer. */
  index?: number;
  /** Non-empty ids only: an empty id is no id. */
  id?: string;
  name?: string;
  /** Argument text: JSON text as sent, or an argument object serialised; an empty object carries none. */
  arguments?: string;
  /** Argument text for a call an earlier event opened (Anthropic `input_json_delta`). */
  continuation?: true;
  /** A call the provider runs itself (Anthropic `server_tool_use`): the client has nothing to run. */
  server?: true;
  /** The wire object the fragment was read from, for evidence. */
  source: Record<string, unknown>;
}

export interface WireFinish {
  choice: number;
  /** The provider's spelling: `tool_calls`, `end_turn`, `STOP`, a Gemini `blockReason`. */
  raw: string;
  /** Its neutral meaning, from the same table the adapter maps with (Gemini and Ollama say `stop` after calls too). */
  reason: FinishReason;
  /** The prompt was refused before any answer (Gemini `promptFeedback.blockReason`). */
  blocked?: true;
}

/** Token counts the event reported; present whenever the event carried usage, even without a valid count. */
export interface WireUsage {
  /** The whole prompt, cached tokens included (Anthropic counts those apart: its reader adds them in). */
  inputTokens?: number;
  /** Running totals where the protocol sends several: the last one wins. */
  outputTokens?: number;
  /** The provider's own total, where it gives one (OpenAI `total_tokens`, Gemini `totalTokenCount`). */
  totalTokens?: number;
  /** Prompt tokens served from a cache: part of `inputTokens`. */
  cachedTokens?: number;
  /** Reasoning tokens, where reported apart (OpenAI `reasoning_tokens`, Gemini `thoughtsTokenCount`). */
  reasoningTokens?: number;
}

export interface WireError {
  /** What the provider said, as one line (its code, status and message); undefined when it said nothing. */
  summary?: string;
  /** The error's type, where the protocol names one (Anthropic `overloaded_error`). */
  type?: string;
  message?: string;
}

/** What one wire value means, in neutral terms: the one reading the wire checks and the latency figures share. */
export interface WireView {
  /** Text and reasoning, in wire order. */
  deltas: ContentDelta[];
  toolCalls: ToolCallFragment[];
  finishes: WireFinish[];
  usage?: WireUsage;
  error?: WireError;
}

export const EMPTY_VIEW: WireView = Object.freeze({
  deltas: Object.freeze([]) as unknown as ContentDelta[],
  toolCalls: Object.freeze([]) as unknown as ToolCallFragment[],
  finishes: Object.freeze([]) as unknown as WireFinish[],
});

export type JsonParse = { ok: true; value: unknown } | { ok: false };

/** One protocol value: an SSE event, an NDJSON line, or a whole JSON body. */
export interface WireEvent {
  kind: 'event';
  /** Arrival time (ms from send) of the chunk that completed it. */
  t: number;
  /** Which arrival completed it: its chunk's index, or the chunk count when only the end of the body did. */
  arrival: number;
  /** The wire text: an SSE event's field lines, an NDJSON line, or the whole body. */
  raw: string;
  /** The SSE `event:` name, if any. */
  name?: string;
  /** The payload: an SSE event's data, the line, or the body. */
  data: string;
  /** The payload parsed, once. */
  json: JsonParse;
  /** No blank line (SSE) or newline (NDJSON) followed it: only the end of the body completed it. */
  unterminated?: true;
  view: WireView;
}

export interface WireComment {
  kind: 'comment';
  t: number;
  /** The text after the colon, one leading space removed. */
  text: string;
  /** The line as it arrived, without its line ending. */
  raw: string;
}

/** SSE field lines the body ended in that dispatch no event (no `data:` among them). */
export interface WireRest {
  kind: 'rest';
  raw: string;
}

export type WireItem = WireEvent | WireComment | WireRest;

/**
 * Reads one parsed value into neutral terms. `name` is the SSE `event:` name; `whole` says the value is a whole
 * answer (the body of a request that was not streamed) rather than a stream event.
 */
export type ReadWireValue = (value: unknown, name: string | undefined, whole: boolean) => WireView;

/** How a protocol's streams are framed, and how it reads each value. */
export interface WireFormat {
  framing: 'sse' | 'ndjson';
  read: ReadWireValue;
}
