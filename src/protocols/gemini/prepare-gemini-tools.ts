import {
  type FunctionCallingConfig,
  FunctionCallingConfigMode,
  type Tool,
  type ToolConfig,
} from '@google/genai';
import type { ToolChoice, ToolChoiceMode, ToolDefinition } from '../../core/adapter-contract.ts';

export interface GeminiTools {
  tools?: Tool[];
  toolConfig?: ToolConfig;
}

const MODES: Record<ToolChoiceMode, FunctionCallingConfigMode> = {
  auto: FunctionCallingConfigMode.AUTO,
  required: FunctionCallingConfigMode.ANY,
  none: FunctionCallingConfigMode.NONE,
};

/** A tool forced by name is mode ANY restricted to it (`allowedFunctionNames`). */
function toFunctionCallingConfig(choice: ToolChoice): FunctionCallingConfig {
  if (typeof choice === 'string') return { mode: MODES[choice] };
  return { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] };
}

export function prepareGeminiTools(tools?: ToolDefinition[], toolChoice?: ToolChoice): GeminiTools {
  const prepared: GeminiTools = {};
  if (tools !== undefined && tools.length > 0) {
    prepared.tools = [
      {
        // `parametersJsonSchema` takes plain JSON schema; `parameters` would want Gemini's OpenAPI subset.
        functionDeclarations: tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          parametersJsonSchema: tool.parameters,
        })),
      },
    ];
  }
  if (toolChoice !== undefined)
    prepared.toolConfig = { functionCallingConfig: toFunctionCallingConfig(toolChoice) };
  return prepared;
}
