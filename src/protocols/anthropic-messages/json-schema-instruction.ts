import type { ResponseFormat } from '../../core/adapter-contract.ts';

/**
 * The default Anthropic model has no native JSON-schema output, so structured output is asked for in words
 * (appended to the system prompt).
 */
export function jsonSchemaInstruction(format: ResponseFormat): string {
  return [
    `Reply with only a JSON object named "${format.name}" that matches this JSON schema.`,
    'Do not wrap it in Markdown code fences and do not add any other text.',
    `Schema: ${JSON.stringify(format.schema)}`,
  ].join('\n');
}
