import type {
  ChatCompletionRequest,
  ChatCompletionRequestToolChoice,
  ToolChoiceEnum,
} from '@mistralai/mistralai/models/components';
import type { ChatRequest, ToolChoice, ToolChoiceMode } from '../../core/adapter-contract.ts';
import { toFunctionTools } from '../shared/function-tools.ts';
import { convertToMistralMessages } from './convert-to-mistral-messages.ts';

type MistralChatRequest = Omit<ChatCompletionRequest, 'stream'>;

// Mistral spells "must call a tool" as `any`.
const TOOL_CHOICES: Record<ToolChoiceMode, ToolChoiceEnum> = { auto: 'auto', none: 'none', required: 'any' };

/** A tool forced by name has OpenAI's shape, `{type:"function", function:{name}}`. */
function toMistralToolChoice(choice: ToolChoice): ChatCompletionRequestToolChoice {
  return typeof choice === 'string'
    ? TOOL_CHOICES[choice]
    : { type: 'function', function: { name: choice.name } };
}

/**
 * The SDK-cased request (it renames to snake_case on the wire). `includeUsage` has no field here: Mistral
 * rejects `stream_options` and reports usage on its last chunk anyway.
 */
export function buildMistralChatRequest(request: ChatRequest): MistralChatRequest {
  const body: MistralChatRequest = {
    model: request.model,
    messages: convertToMistralMessages(request.messages),
  };
  if (request.tools?.length) body.tools = toFunctionTools(request.tools);
  if (request.toolChoice !== undefined) body.toolChoice = toMistralToolChoice(request.toolChoice);
  const format = request.responseFormat;
  if (format?.type === 'json-object') body.responseFormat = { type: 'json_object' };
  if (format?.type === 'json-schema') {
    body.responseFormat = {
      type: 'json_schema',
      jsonSchema: { name: format.name, schemaDefinition: format.schema, strict: format.strict ?? true },
    };
  }
  if (request.maxTokens !== undefined) body.maxTokens = request.maxTokens;
  if (request.stop !== undefined) body.stop = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  // Magistral thinks under its reasoning system prompt, and sends the thinking as `thinking` content chunks.
  if (request.reasoning !== undefined) body.promptMode = 'reasoning';
  return body;
}
