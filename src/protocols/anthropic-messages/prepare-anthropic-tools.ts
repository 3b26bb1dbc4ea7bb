import type { ToolChoice as AnthropicToolChoice, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ToolChoice, ToolDefinition } from '../../core/adapter-contract.ts';

export interface AnthropicTools {
  tools?: Tool[];
  tool_choice?: AnthropicToolChoice;
}

const TOOL_CHOICES: Record<ToolChoice, AnthropicToolChoice> = {
  auto: { type: 'auto' },
  required: { type: 'any' },
  none: { type: 'none' },
};

export function prepareAnthropicTools(tools?: ToolDefinition[], toolChoice?: ToolChoice): AnthropicTools {
  const prepared: AnthropicTools = {};
  if (tools !== undefined) {
    prepared.tools = tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters as Tool.InputSchema,
    }));
  }
  if (toolChoice !== undefined) prepared.tool_choice = TOOL_CHOICES[toolChoice];
  return prepared;
}
