/**
 * The words of a refusal of a history's call ids, if a refusal says so: Mistral's "Tool call id was call_0fypS1hVX but
 * must be a-z, A-Z, 0-9, with a length of 9." (karthink/gptel#1203; HTTP 500 from servers with Mistral's tokenizer,
 * jundot/omlx#1995), vLLM's "Tool call IDs should be alphanumeric strings with length 9!" (langchain-ai/langchain#29021),
 * Anthropic's "messages.1.content.1.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'"
 * (RooCodeInc/Roo-Code#10649), which it also says of `tool_result.tool_use_id`.
 */
const FOREIGN_ID =
  /\btool call ids? (?:was \S* but must be|should be)\b[^."]{0,60}|\btool_(?:use\.id|result\.tool_use_id)\b[^"]{0,20}?should match pattern[^"]{0,40}/i;

export function findForeignIdRefusal(text: string): string | undefined {
  return FOREIGN_ID.exec(text)?.[0].replace(/\\"/g, '"').trim();
}
