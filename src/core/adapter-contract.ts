// The neutral vocabulary every adapter speaks. Adapters map it to one protocol's official SDK and back;
// scenarios, checks and reports only ever see these types.

export type JsonSchema = { [key: string]: unknown };

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface ToolCall {
  /** Provider-assigned id; '' when the provider sent none (Gemini, Ollama). */
  id: string;
  name: string;
  /** The arguments exactly as the provider sent them: JSON text, not yet parsed. */
  arguments: string;
  /**
   * An opaque signature the provider attached to the call (Gemini's thought signature, `thoughtSignature` natively,
   * `extra_content.google.thought_signature` on its OpenAI endpoint): sent back with the call, or a thinking model
   * refuses the next turn.
   */
  signature?: string;
}

/** A thinking model's reasoning as it goes back in the history: Anthropic refuses a tool turn without it. */
export interface ReasoningState {
  text: string;
  /** Anthropic's thinking-block signature, which proves the text unaltered. */
  signature?: string;
}

export type PictureMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/**
 * A picture or a PDF sent with a user turn, inline: every protocol that takes files takes base64 (some as a data
 * URL). Each adapter sends it in its protocol's form for that kind of file.
 */
export interface InlineFile {
  mediaType: PictureMediaType | 'application/pdf';
  base64: string;
  /** A file name, for the protocols whose document part has one (OpenAI `file.filename`). */
  name?: string;
}

/** Whether the file is a picture (else a PDF document). */
export function isPicture(file: InlineFile): file is InlineFile & { mediaType: PictureMediaType } {
  return file.mediaType.startsWith('image/');
}

export type Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; files?: InlineFile[] }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[]; reasoning?: ReasoningState }
  | {
      role: 'tool';
      toolCallId: string;
      toolName: string;
      content: string;
      /**
       * The tool failed and `content` says how. Sent with the protocol's error flag where it has one (Anthropic
       * `is_error`, Gemini's `error` response key); the other protocols have none, so the content alone says it.
       */
      isError?: boolean;
    };

/** Whether the model may, must or must not call a tool. */
export type ToolChoiceMode = 'auto' | 'required' | 'none';

/** A call to exactly this tool (one of the request's `tools`) is forced. */
export interface NamedToolChoice {
  name: string;
}

export type ToolChoice = ToolChoiceMode | NamedToolChoice;

/** The answer is JSON valid against `schema`. */
export interface JsonSchemaFormat {
  type: 'json-schema';
  name: string;
  schema: JsonSchema;
  /**
   * OpenAI's strict mode, where the protocol has it (openai-chat, Mistral). Absent is strict, as adapters have always
   * sent it; `false` asks for best-effort adherence.
   */
  strict?: boolean;
}

/** JSON mode: the answer is a JSON object, no schema (OpenAI refuses it unless a message says "JSON"). */
export interface JsonObjectFormat {
  type: 'json-object';
}

export type ResponseFormat = JsonSchemaFormat | JsonObjectFormat;

export interface ChatRequest {
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  maxTokens?: number;
  /** Stop sequences: the answer ends before the first of them it would contain, which is not part of the text. */
  stop?: string[];
  temperature?: number;
  /**
   * Ask the model to think first, within about this many tokens, and to show its thinking where the protocol can:
   * Anthropic `thinking`, Gemini `thinkingConfig`, Ollama `think`, OpenAI-compatible `reasoning_effort`.
   */
  reasoning?: { budgetTokens: number };
  /** Ask for token usage in the stream (OpenAI `stream_options.include_usage`) where the protocol needs asking. */
  includeUsage?: boolean;
}

export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'other'
  | 'unknown';

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  /** Tokens spent thinking, where the provider counts them apart (OpenAI, Gemini) and there were some. */
  reasoningTokens?: number;
}

export interface ChatResult {
  text: string;
  reasoning?: string;
  /** The signature of the reasoning (Anthropic's thinking block), to send back with it. */
  reasoningSignature?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The provider's own spelling, e.g. `tool_use`, `STOP`, `model_length`. */
  rawFinishReason?: string;
  usage?: Usage;
  /** The model the provider says answered. */
  model?: string;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /**
   * A fragment of a tool call. `index` is the adapter's best reading of which call it belongs to
   * (the wire may omit it); id and name usually come with the first fragment only.
   */
  | {
      type: 'tool-call-delta';
      index: number;
      id?: string;
      name?: string;
      argumentsDelta?: string;
      signature?: string;
    }
  /** The reasoning's signature (Anthropic `signature_delta`), which arrives whole after its text. */
  | { type: 'reasoning-signature'; signature: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'model'; model: string }
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string };

/** Per-provider request quirks the catalog declares; adapters honour them. */
export interface RequestQuirks {
  /** The provider rejects `stream_options` (Cohere compat, Mistral): never send it. */
  noStreamOptions?: boolean;
}

export interface AdapterConfig {
  baseUrl: string;
  apiKey: string;
  /** Every request goes through this fetch: it is where replay, recording and the wire tap live. */
  fetch: typeof fetch;
  quirks?: RequestQuirks;
}

export interface Adapter {
  /** One of the built-in protocols (`Protocol`), or the name a custom adapter is registered under. */
  readonly protocol: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}

export type AdapterFactory = (config: AdapterConfig) => Adapter;

/** What one adapter call of a scenario step produced. */
export interface StepOutcome {
  result?: ChatResult;
  /** What the adapter threw, if it did. */
  error?: unknown;
  /** Number of non-empty text events, for streams. */
  textDeltas: number;
}
