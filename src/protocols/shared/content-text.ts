import { isRecord } from './read-wire.ts';

/** The text of an OpenAI-style `content`: a string, or (Mistral) an array of `{type:'text', text}` chunks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}
