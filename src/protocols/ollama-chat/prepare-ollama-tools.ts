import type { Tool } from 'ollama';
import type { ToolDefinition } from '../../core/adapter-contract.ts';

export function prepareOllamaTools(tools: ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters as NonNullable<Tool['function']['parameters']>,
    },
  }));
}
