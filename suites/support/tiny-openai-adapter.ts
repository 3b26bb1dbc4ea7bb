// A consumer's own adapter, for suites/custom-adapter.test.ts and suites/package.test.ts: a small OpenAI chat client
// on the fetch it is given, written against the public types only. The package test copies it into a consumer
// project, importing from 'llmcompat' there.
import type {
  Adapter,
  AdapterConfig,
  ChatRequest,
  ChatResult,
  FinishReason,
  Message,
  StreamEvent,
} from '../../src/index.ts';

interface WireToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
  extra_content?: { google?: { thought_signature?: string } };
}

interface WireChoice {
  message?: { content?: string | null; tool_calls?: WireToolCall[] };
  delta?: { content?: string | null; tool_calls?: WireToolCall[] };
  finish_reason?: string | null;
}

interface WireCompletion {
  model?: string;
  choices?: WireChoice[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    completion_tokens_details?: { reasoning_tokens?: number };
  } | null;
}

const FINISH: Record<string, FinishReason> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls' };

function wireMessage(message: Message): Record<string, unknown> {
  // A tool message has no error flag on this wire: a failed tool's content says the error.
  if (message.role === 'tool')
    return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
        // Google's OpenAI endpoint: a thinking model's call goes back with its thought signature.
        ...(call.signature ? { extra_content: { google: { thought_signature: call.signature } } } : {}),
      })),
    };
  }
  if (message.role === 'user' && message.files?.length) {
    const files = message.files.map((file) => {
      const url = `data:${file.mediaType};base64,${file.base64}`;
      return file.mediaType.startsWith('image/')
        ? { type: 'image_url', image_url: { url } }
        : { type: 'file', file: { filename: file.name ?? 'document.pdf', file_data: url } };
    });
    return { role: 'user', content: [{ type: 'text', text: message.content }, ...files] };
  }
  return { role: message.role, content: message.content };
}

function wireBody(request: ChatRequest, stream: boolean, config: AdapterConfig): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, messages: request.messages.map(wireMessage) };
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (typeof request.toolChoice === 'string') body.tool_choice = request.toolChoice;
  else if (request.toolChoice)
    body.tool_choice = { type: 'function', function: { name: request.toolChoice.name } };
  if (request.responseFormat?.type === 'json-object') body.response_format = { type: 'json_object' };
  if (request.responseFormat?.type === 'json-schema') {
    const { name, schema, strict = true } = request.responseFormat;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, strict } };
  }
  if (request.maxTokens !== undefined) {
    // OpenAI's reasoning models refuse max_tokens.
    body[/^(?:o\d|gpt-5)/.test(request.model) ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  if (request.stop !== undefined) body.stop = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.reasoning !== undefined) {
    const budget = request.reasoning.budgetTokens;
    body.reasoning_effort = budget <= 2048 ? 'low' : budget <= 8192 ? 'medium' : 'high';
  }
  body.stream = stream;
  if (stream && request.includeUsage && !config.quirks?.noStreamOptions)
    body.stream_options = { include_usage: true };
  return body;
}

function usageOf(usage: WireCompletion['usage']) {
  if (!usage) return undefined;
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    ...(reasoningTokens !== undefined ? { reasoningTokens } : {}),
  };
}

/** Server-sent events' data lines, parsed, until `[DONE]`. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncIterable<WireCompletion> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true }).replace(/\r\n/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        yield JSON.parse(data) as WireCompletion;
      }
    }
  }
}

export function tinyOpenAIAdapter(config: AdapterConfig): Adapter {
  async function post(request: ChatRequest, stream: boolean, signal?: AbortSignal): Promise<Response> {
    const response = await config.fetch(`${config.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.apiKey}` },
      body: JSON.stringify(wireBody(request, stream, config)),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw new Error(`tiny-openai: HTTP ${response.status}: ${await response.text()}`);
    return response;
  }
  return {
    // The shared contract types `protocol` as one of the five; this client does speak the OpenAI chat wire.
    protocol: 'openai-chat',
    async complete(request, signal): Promise<ChatResult> {
      const completion = (await (await post(request, false, signal)).json()) as WireCompletion;
      const choice = completion.choices?.[0];
      const raw = choice?.finish_reason ?? undefined;
      const result: ChatResult = {
        text: choice?.message?.content ?? '',
        toolCalls: (choice?.message?.tool_calls ?? []).map((call) => {
          const signature = call.extra_content?.google?.thought_signature;
          return {
            id: call.id ?? '',
            name: call.function?.name ?? '',
            arguments: call.function?.arguments ?? '',
            ...(signature ? { signature } : {}),
          };
        }),
        finishReason: raw ? (FINISH[raw] ?? 'other') : 'unknown',
      };
      if (raw) result.rawFinishReason = raw;
      const usage = usageOf(completion.usage);
      if (usage) result.usage = usage;
      if (completion.model) result.model = completion.model;
      return result;
    },
    async *stream(request, signal): AsyncIterable<StreamEvent> {
      const response = await post(request, true, signal);
      if (!response.body) return;
      for await (const chunk of sseData(response.body)) {
        if (chunk.model) yield { type: 'model', model: chunk.model };
        const usage = usageOf(chunk.usage);
        if (usage) yield { type: 'usage', usage };
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) yield { type: 'text', text: choice.delta.content };
        for (const call of choice?.delta?.tool_calls ?? []) {
          const event: StreamEvent = { type: 'tool-call-delta', index: call.index ?? 0 };
          if (call.id) event.id = call.id;
          if (call.function?.name) event.name = call.function.name;
          if (call.function?.arguments) event.argumentsDelta = call.function.arguments;
          const signature = call.extra_content?.google?.thought_signature;
          if (signature) event.signature = signature;
          yield event;
        }
        if (choice?.finish_reason) {
          const raw = choice.finish_reason;
          yield { type: 'finish', finishReason: FINISH[raw] ?? 'other', rawFinishReason: raw };
        }
      }
    },
  };
}
