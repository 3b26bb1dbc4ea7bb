import type { ResponseFormat } from '../../core/adapter-contract.ts';

const BARE = 'Do not wrap it in Markdown code fences and do not add any other text.';

/**
 * The default Anthropic model has no native JSON output (neither a JSON mode nor JSON-schema output), so JSON is
 * asked for in words (appended to the system prompt).
 */
export function jsonOutputInstruction(format: ResponseFormat): string {
  if (format.type === 'json-object') return ['Reply with only a JSON object.', BARE].join('\n');
  return [
    `Reply with only a JSON object named "${format.name}" that matches this JSON schema.`,
    BARE,
    `Schema: ${JSON.stringify(format.schema)}`,
  ].join('\n');
}
