import { type Diagnostic, failure } from '../../core/diagnostic.ts';
import { detectToolCallAsText } from './detect-tool-call-as-text.ts';
import type { DiagnosticList } from './diagnostic-list.ts';

/** Markdown code span that survives backticks inside. */
function codeSpan(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/**
 * A `tool-call-as-text` failure when `content` is really a tool call.
 * `where` names the text field (`delta.content`), `instead` the field the call belongs in (`delta.tool_calls`).
 */
function toolCallAsTextDiagnostic(content: string, where: string, instead: string): Diagnostic | undefined {
  const found = detectToolCallAsText(content);
  if (!found) return undefined;
  return failure(
    'tool-call-as-text',
    `the tool call arrived as ${codeSpan(found.shape)} text in ${where} instead of ${instead}: ` +
      'a client reading the protocol sees an answer, not a call',
    found.evidence,
  );
}

/** One `tool-call-as-text` failure at most for `texts`, the first of them that is really a tool call. */
export function flagToolCallAsText(
  list: DiagnosticList,
  texts: Iterable<string>,
  where: string,
  instead: string,
): void {
  for (const text of texts) {
    const asText = toolCallAsTextDiagnostic(text, where, instead);
    if (asText) list.once(asText);
  }
}
