// The JSON-lines protocol between llmcompat and an external client (docs/client-protocol.md): the messages each side
// sends, and the reading of the client's lines, which are checked field by field so that a client's mistake is named.

import type {
  ChatRequest,
  ChatResult,
  FinishReason,
  RequestQuirks,
  StreamEvent,
  ToolCall,
  Usage,
} from '../core/adapter-contract.ts';
import { isRecord } from '../core/is-record.ts';

/** The protocol name and major version both sides put in their `hello`. */
export const CLIENT_PROTOCOL = 'llmcompat-client/1';

export interface HarnessHello {
  type: 'hello';
  protocol: typeof CLIENT_PROTOCOL;
  harness: { name: 'llmcompat'; version: string };
}

/** Where a call goes: the provider, its wire protocol, and the gateway base URL standing in for the provider's. */
export interface CallTarget {
  provider: string;
  protocol: string;
  baseUrl: string;
  apiKey: string;
  quirks: RequestQuirks;
}

export interface CallMessage {
  type: 'call';
  id: string;
  stream: boolean;
  target: CallTarget;
  request: ChatRequest;
}

export type HarnessMessage = HarnessHello | CallMessage | { type: 'cancel'; id: string } | { type: 'bye' };

export interface ClientHello {
  type: 'hello';
  protocol: string;
  client: { name: string; version: string };
  protocols: string[];
  concurrency: number;
}

export interface ClientError {
  message: string;
  status?: number;
}

export type ClientMessage =
  | ClientHello
  | { type: 'result'; id: string; result: ChatResult }
  | { type: 'event'; id: string; event: StreamEvent }
  | { type: 'end'; id: string }
  | { type: 'error'; id: string; error: ClientError }
  /** A message type this version does not know: ignored, as the protocol asks. */
  | { type: 'unknown'; name: string };

export type ReadLine = { ok: true; message: ClientMessage } | { ok: false; problem: string; id?: string };

export const MAX_CONCURRENCY = 64;

const FINISH_REASONS: readonly FinishReason[] = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'other',
  'unknown',
];

/** Thrown by the readers below with the field that is wrong. */
class Problem extends Error {}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Problem(`${field} must be a string, got ${describe(value)}`);
  return value;
}

function optionalStr(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, field);
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Problem(`${field} must be a whole number ≥ 0, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function finishReason(value: unknown, field: string): FinishReason {
  if (!FINISH_REASONS.includes(value as FinishReason)) {
    throw new Problem(`${field} must be one of ${FINISH_REASONS.join(', ')}, got ${describe(value)}`);
  }
  return value as FinishReason;
}

function tokens(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Problem(`${field} must be a number ≥ 0, got ${describe(value)}`);
  }
  return value;
}

function usage(value: unknown, field: string): Usage {
  if (!isRecord(value)) {
    throw new Problem(`${field} must be an object {inputTokens?, outputTokens?, reasoningTokens?}`);
  }
  const read: Usage = {};
  for (const count of ['inputTokens', 'outputTokens', 'reasoningTokens'] as const) {
    const given = value[count];
    if (given !== undefined && given !== null) read[count] = tokens(given, `${field}.${count}`);
  }
  return read;
}

function toolCall(value: unknown, field: string): ToolCall {
  if (!isRecord(value)) throw new Problem(`${field} must be an object {id, name, arguments, signature?}`);
  const call: ToolCall = {
    id: str(value.id ?? '', `${field}.id`),
    name: str(value.name, `${field}.name`),
    arguments: str(value.arguments, `${field}.arguments (JSON text, not an object)`),
  };
  const signature = optionalStr(value.signature, `${field}.signature`);
  if (signature) call.signature = signature;
  return call;
}

function chatResult(value: unknown): ChatResult {
  if (!isRecord(value)) throw new Problem('result must be an object {text, toolCalls, finishReason, …}');
  if (!Array.isArray(value.toolCalls)) throw new Problem('result.toolCalls must be a list (empty for none)');
  const result: ChatResult = {
    text: str(value.text, 'result.text'),
    toolCalls: value.toolCalls.map((call, i) => toolCall(call, `result.toolCalls[${i}]`)),
    finishReason: finishReason(value.finishReason, 'result.finishReason'),
  };
  const reasoning = optionalStr(value.reasoning, 'result.reasoning');
  if (reasoning) result.reasoning = reasoning;
  const raw = optionalStr(value.rawFinishReason, 'result.rawFinishReason');
  if (raw !== undefined) result.rawFinishReason = raw;
  if (value.usage !== undefined && value.usage !== null) result.usage = usage(value.usage, 'result.usage');
  const model = optionalStr(value.model, 'result.model');
  if (model) result.model = model;
  return result;
}

/** A stream event, or undefined for an event type this version does not know (skipped). */
function streamEvent(value: unknown): StreamEvent | undefined {
  if (!isRecord(value)) throw new Problem('event must be an object with a `type`');
  switch (value.type) {
    case 'text':
    case 'reasoning':
      return { type: value.type, text: str(value.text, `event.text`) };
    case 'tool-call-delta': {
      const event: StreamEvent = { type: 'tool-call-delta', index: count(value.index, 'event.index') };
      const id = optionalStr(value.id, 'event.id');
      const name = optionalStr(value.name, 'event.name');
      const args = optionalStr(value.argumentsDelta, 'event.argumentsDelta');
      if (id !== undefined) event.id = id;
      if (name !== undefined) event.name = name;
      if (args !== undefined) event.argumentsDelta = args;
      const signature = optionalStr(value.signature, 'event.signature');
      if (signature) event.signature = signature;
      return event;
    }
    case 'usage':
      return { type: 'usage', usage: usage(value.usage, 'event.usage') };
    case 'model':
      return { type: 'model', model: str(value.model, 'event.model') };
    case 'finish': {
      const event: StreamEvent = {
        type: 'finish',
        finishReason: finishReason(value.finishReason, 'event.finishReason'),
      };
      const raw = optionalStr(value.rawFinishReason, 'event.rawFinishReason');
      if (raw !== undefined) event.rawFinishReason = raw;
      return event;
    }
    default:
      if (typeof value.type !== 'string') throw new Problem('event.type must be a string');
      return undefined;
  }
}

function hello(value: Record<string, unknown>): ClientHello {
  const client = value.client;
  if (!isRecord(client)) throw new Problem('hello.client must be an object {name, version}');
  const protocols = value.protocols;
  if (!Array.isArray(protocols) || protocols.length === 0) {
    throw new Problem("hello.protocols must list the wire protocols the client speaks, e.g. ['openai-chat']");
  }
  const concurrency = value.concurrency ?? 1;
  if (
    typeof concurrency !== 'number' ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > MAX_CONCURRENCY
  ) {
    throw new Problem(`hello.concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return {
    type: 'hello',
    protocol: str(value.protocol, 'hello.protocol'),
    client: {
      name: str(client.name, 'hello.client.name'),
      version: str(client.version, 'hello.client.version'),
    },
    protocols: protocols.map((p, i) => str(p, `hello.protocols[${i}]`)),
    concurrency,
  };
}

function clientError(value: unknown): ClientError {
  if (!isRecord(value)) throw new Problem('error must be an object {message, status?}');
  const error: ClientError = { message: str(value.message, 'error.message') };
  if (value.status !== undefined && value.status !== null) error.status = count(value.status, 'error.status');
  return error;
}

function message(value: Record<string, unknown>): ClientMessage {
  const type = value.type;
  if (type === 'hello') return hello(value);
  if (type !== 'result' && type !== 'event' && type !== 'end' && type !== 'error') {
    if (typeof type !== 'string') throw new Problem('every message needs a string `type`');
    return { type: 'unknown', name: type };
  }
  const id = str(value.id, `${type}.id`);
  switch (type) {
    case 'result':
      return { type, id, result: chatResult(value.result) };
    case 'event': {
      const event = streamEvent(value.event);
      const name = isRecord(value.event) ? String(value.event.type) : '';
      return event ? { type, id, event } : { type: 'unknown', name: `event ${name}` };
    }
    case 'end':
      return { type, id };
    case 'error':
      return { type, id, error: clientError(value.error) };
  }
}

/** Reads one line the client wrote on its stdout; a problem names the field and what it should be. */
export function readClientLine(line: string): ReadLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      ok: false,
      problem: `a line on the client's stdout is not JSON: ${describe(line)} (write logs to stderr, never stdout)`,
    };
  }
  if (!isRecord(value)) return { ok: false, problem: `a line is not a JSON object: ${describe(value)}` };
  try {
    return { ok: true, message: message(value) };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const failed: ReadLine = { ok: false, problem: `bad ${String(value.type)} message: ${error.message}` };
    if (typeof value.id === 'string') failed.id = value.id;
    return failed;
  }
}
