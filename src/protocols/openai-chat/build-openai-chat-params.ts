import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ChatRequest, RequestQuirks, ToolChoice } from '../../core/adapter-contract.ts';
import { toFunctionTools } from '../shared/function-tools.ts';
import { convertToOpenAIMessages } from './convert-to-openai-messages.ts';

type OpenAIChatParams = Omit<ChatCompletionCreateParamsBase, 'stream'>;

/** OpenAI's reasoning model families (o1, o3, o4-mini, gpt-5…), by their bare OpenAI ids. */
export function takesMaxCompletionTokens(model: string): boolean {
  return /^(?:o\d|gpt-5)/.test(model);
}

/**
 * A thinking budget as the effort OpenAI's chat API takes instead (Google's, OpenRouter's and Ollama's OpenAI
 * endpoints take it too): `low` is about a thousand tokens.
 */
export function reasoningEffort(budgetTokens: number): 'low' | 'medium' | 'high' {
  return budgetTokens <= 2048 ? 'low' : budgetTokens <= 8192 ? 'medium' : 'high';
}

/** `auto`, `required` and `none` as they are; a tool forced by name as `{type:"function", function:{name}}`. */
function toOpenAIToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/** The request body without `stream`; fields the neutral request leaves undefined stay out of the body. */
export function buildOpenAIChatParams(request: ChatRequest): OpenAIChatParams {
  const params: OpenAIChatParams = {
    model: request.model,
    messages: convertToOpenAIMessages(request.messages),
  };
  if (request.tools?.length) params.tools = toFunctionTools(request.tools);
  if (request.toolChoice !== undefined) params.tool_choice = toOpenAIToolChoice(request.toolChoice);
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
  if (request.reasoning !== undefined)
    params.reasoning_effort = reasoningEffort(request.reasoning.budgetTokens);
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
