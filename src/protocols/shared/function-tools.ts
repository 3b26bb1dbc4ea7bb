import type { JsonSchema, ToolCall, ToolDefinition } from '../../core/adapter-contract.ts';

// The `{ type: 'function', function }` shapes of the OpenAI chat wire, which Mistral's API shares.

export interface FunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

export interface FunctionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export function toFunctionTools(tools: ToolDefinition[]): FunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

/** Arguments stay the JSON text the neutral call carries; the id is sent even when empty (Gemini-compat). */
export function toFunctionToolCalls(calls: ToolCall[]): FunctionToolCall[] {
  return calls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
}
