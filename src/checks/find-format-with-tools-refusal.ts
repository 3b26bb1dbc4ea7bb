/**
 * The words of a refusal of the response format and tools together, if a refusal says so: Gemini 2.x answers
 * `Function calling with a response mime type: 'application/json' is unsupported` (google/adk-python#5735),
 * `Tool use with a response mime type…` with a built-in tool, and `Forced function calling (ANY mode) with a response
 * mime type…` with a forced call. A refusal that names only one of the two is about something else.
 */
const COMBINATION =
  /\b(?:forced function calling(?: \(ANY mode\))?|function calling|tool use|tools?)\b[^.]{0,40}?\bwith (?:a )?response[ _]?(?:mime[ _]?type|format|schema)\b[^.]{0,60}/i;

export function findFormatWithToolsRefusal(text: string): string | undefined {
  return COMBINATION.exec(text)?.[0].replace(/\\"/g, '"').trim();
}
