/**
 * Plain text for Markdown (never at a line start): characters that could start markup are backslash-escaped. An
 * underscore inside a word (`tool_calls`) cannot open emphasis in GFM, so it stays as it is.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|~&]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (char) => `\\${char}`);
}

/**
 * An inline code span that shows `text` verbatim: the fence is one backtick longer than any run inside, and a
 * space pads text that starts or ends with a backtick (CommonMark strips one such space on each side).
 */
export function codeSpan(text: string): string {
  if (text === '') return '` `';
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span inside a table cell: GFM splits cells on `|` before it parses code spans, so `|` becomes `\|`. */
export function tableCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}
