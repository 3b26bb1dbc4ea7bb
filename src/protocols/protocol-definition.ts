import type { AdapterFactory } from '../core/adapter-contract.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import type { WireCheckContext } from './shared/wire-check-context.ts';
import type { WireFormat } from './shared/wire-event.ts';

/** A tool result as a request sent it: whether it is flagged as an error, and its JSON text (evidence). */
export interface FlaggedToolResult {
  isError: boolean;
  json: string;
}

/** Everything one wire protocol means to the harness; `src/protocols/index.ts` lists them. */
export interface ProtocolDefinition {
  /** How its streams are framed (SSE or NDJSON) and how it reads each value into neutral terms. */
  wire: WireFormat;
  /** The adapter over the protocol's official SDK; the SDK loads on the first request, not before. */
  adapter: AdapterFactory;
  /** Judges the raw bytes of one 2xx exchange against the protocol, independently of any SDK. */
  checkWire(exchange: TappedExchange, context: WireCheckContext): Diagnostic[];
  /**
   * The call ids a request body's tool results answer, in order ('' for a result without one); undefined for a
   * protocol whose results carry no ids (matched to their calls by name).
   */
  toolResultIds(body: unknown): string[] | undefined;
  /**
   * A request body's tool results, in order, each with whether it carries the protocol's error flag (Anthropic
   * `is_error`, Gemini's `error` response key); undefined for a protocol that has no such flag.
   */
  toolResultFlags(body: unknown): FlaggedToolResult[] | undefined;
  /**
   * The ids of the tool calls a request body's assistant turns carry, in order ('' for a call without one); undefined
   * for a protocol whose calls carry no ids.
   */
  toolCallIds(body: unknown): string[] | undefined;
  /** An error response body in the shape the protocol's SDK reads its message from. */
  errorBody(type: string, message: string, details: Record<string, unknown>): string;
}
