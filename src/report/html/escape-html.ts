import { printable } from '../printable.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text from the report for HTML or SVG, in element content or a quoted attribute: markup characters become
 * entities, control and bidi characters visible escapes (a stray override could reorder the page).
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
