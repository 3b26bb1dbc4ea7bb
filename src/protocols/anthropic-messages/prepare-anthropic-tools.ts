import type { ToolChoice as AnthropicToolChoice, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ToolChoice, ToolChoiceMode, ToolDefinition } from '../../core/adapter-contract.ts';

export interface AnthropicTools {
  tools?: Tool[];
  tool_choice?: AnthropicToolChoice;
}

const TOOL_CHOICES: Record<ToolChoiceMode, AnthropicToolChoice> = {
  auto: { type: 'auto' },
  required: { type: 'any' },
  none: { type: 'none' },
};

/** A tool forced by name is `{type:"tool", name}`. */
function toAnthropicToolChoice(choice: ToolChoice): AnthropicToolChoice {
  return typeof choice === 'string' ? TOOL_CHOICES[choice] : { type: 'tool', name: choice.name };
}

export function prepareAnthropicTools(tools?: ToolDefinition[], toolChoice?: ToolChoice): AnthropicTools {
  const prepared: AnthropicTools = {};
  if (tools !== undefined) {
    prepared.tools = tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters as Tool.InputSchema,
    }));
  }
  if (toolChoice !== undefined) prepared.tool_choice = toAnthropicToolChoice(toolChoice);
  return prepared;
}
