import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import type { ChatRequest, RequestQuirks } from '../../core/adapter-contract.ts';
import { toFunctionTools } from '../shared/function-tools.ts';
import { convertToOpenAIMessages } from './convert-to-openai-messages.ts';

type OpenAIChatParams = Omit<ChatCompletionCreateParamsBase, 'stream'>;

/** OpenAI's reasoning model families (o1, o3, o4-mini, gpt-5…), by their bare OpenAI ids. */
export function takesMaxCompletionTokens(model: string): boolean {
  return /^(?:o\d|gpt-5)/.test(model);
}

/** The request body without `stream`; fields the neutral request leaves undefined stay out of the body. */
export function buildOpenAIChatParams(request: ChatRequest): OpenAIChatParams {
  const params: OpenAIChatParams = {
    model: request.model,
    messages: convertToOpenAIMessages(request.messages),
  };
  if (request.tools?.length) params.tools = toFunctionTools(request.tools);
  if (request.toolChoice !== undefined) params.tool_choice = request.toolChoice;
  const format = request.responseFormat;
  if (format?.type === 'json-object') params.response_format = { type: 'json_object' };
  if (format?.type === 'json-schema') {
    params.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, strict: format.strict ?? true },
    };
  }
  if (request.maxTokens !== undefined) {
    // OpenAI's reasoning models refuse max_tokens ("Use 'max_completion_tokens' instead"); other servers may not
    // know max_completion_tokens, so it is sent only where it is required.
    if (takesMaxCompletionTokens(request.model)) params.max_completion_tokens = request.maxTokens;
    else params.max_tokens = request.maxTokens;
  }
  if (request.stop !== undefined) params.stop = request.stop;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  return params;
}

/** `stream_options` for a streaming request, or undefined when it must not be sent. */
export function buildStreamOptions(
  request: ChatRequest,
  quirks: RequestQuirks | undefined,
): { include_usage: true } | undefined {
  if (!request.includeUsage || quirks?.noStreamOptions) return undefined;
  return { include_usage: true };
}
