import type { JsonSchema, ResponseFormat, ToolDefinition } from '../core/adapter-contract.ts';

// Keywords every server reads: an error naming one of them says nothing about a dialect (a type array aside).
const PLAIN = new Set(['type', 'properties', 'required', 'description', 'items']);
// Maps of names to schemas: their keys are property or definition names, not keywords.
const NAMED_SCHEMAS = new Set(['properties', '$defs', 'definitions']);

function collectKeywords(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectKeywords(item, into);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  for (const [key, child] of Object.entries(schema)) {
    if (!PLAIN.has(key) || (key === 'type' && Array.isArray(child))) into.add(key);
    if (NAMED_SCHEMAS.has(key) && child !== null && typeof child === 'object') {
      for (const named of Object.values(child)) collectKeywords(named, into);
    } else collectKeywords(child, into);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function findKeywordIn(message: string, schemas: readonly JsonSchema[]): string | undefined {
  const keywords = new Set<string>();
  for (const schema of schemas) collectKeywords(schema, keywords);
  for (const keyword of keywords) {
    const spellings = [keyword, keyword.replace(/^\$/, '')].map(escapeRegExp).join('|');
    if (new RegExp(`["'\`](?:${spellings})["'\`]`).test(message)) return keyword;
  }
  return undefined;
}

/**
 * The keyword of the tools' parameter schemas that a refusal names, if it names one: `Unknown name "ref"` (Gemini's
 * proto parser drops the `$`), `'$defs' is not supported`, `Unknown name "type" … cannot start list` for a type
 * array. Only keywords the schemas use count, so a refusal about something else is not blamed on the schema.
 */
export function findRejectedSchemaKeyword(
  message: string,
  tools: readonly ToolDefinition[],
): string | undefined {
  return findKeywordIn(
    message,
    tools.map((tool) => tool.parameters),
  );
}

/** The same for the response format's schema (`anyOf`, `additionalProperties` refused in a structured-output schema). */
export function findRejectedResponseSchemaKeyword(
  message: string,
  format: ResponseFormat | undefined,
): string | undefined {
  return format?.type === 'json-schema' ? findKeywordIn(message, [format.schema]) : undefined;
}
