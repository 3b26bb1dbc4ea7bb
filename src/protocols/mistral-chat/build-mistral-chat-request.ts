import type { ChatCompletionRequest, ToolChoiceEnum } from '@mistralai/mistralai/models/components';
import type { ChatRequest, ToolChoice } from '../../core/adapter-contract.ts';
import { toFunctionTools } from '../shared/function-tools.ts';
import { convertToMistralMessages } from './convert-to-mistral-messages.ts';

type MistralChatRequest = Omit<ChatCompletionRequest, 'stream'>;

// Mistral spells "must call a tool" as `any`.
const TOOL_CHOICES: Record<ToolChoice, ToolChoiceEnum> = { auto: 'auto', none: 'none', required: 'any' };

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
  if (request.toolChoice !== undefined) body.toolChoice = TOOL_CHOICES[request.toolChoice];
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
  return body;
}
