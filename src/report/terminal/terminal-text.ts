const ESC = '\u001b';
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** `text` without the colour codes a palette adds. */
export const stripAnsi = (text: string) => text.replace(SGR, '');

// East Asian wide and fullwidth blocks, and emoji shown as pictures, take two columns; combining marks and
// zero-width joiners and selectors none. Everything the matrix draws itself is one column wide.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}/u;
const ZERO = /\p{M}|[\u200b-\u200f\u2060]|[\ufe00-\ufe0f]/u;

function charWidth(char: string): number {
  if (ZERO.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** Columns `text` takes in a terminal, colour codes left out. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char);
  return width;
}

/** `text` padded with spaces to `width` columns (colour codes do not count). */
export const padEnd = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** `text` (plain) cut to `width` columns, its last kept character replaced by `…` when it was longer. */
export function cutTo(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Splits a word that is wider than `width` into pieces of at most `width` columns. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const char of word) {
    const w = charWidth(char);
    if (used + w > width && piece !== '') {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += char;
    used += w;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * The words of a `code span` joined back into one, so a quoted command (`llmcompat record --only a/b`) stays on one
 * line, ready to copy, whenever it fits on one.
 */
function keepCodeSpans(words: readonly string[]): string[] {
  const out: string[] = [];
  let open: string[] | undefined;
  for (const word of words) {
    const ticks = (word.match(/`/g) ?? []).length;
    if (open) {
      open.push(word);
      if (ticks % 2 === 1) {
        out.push(open.join(' '));
        open = undefined;
      }
    } else if (ticks % 2 === 1) {
      open = [word];
    } else {
      out.push(word);
    }
  }
  if (open) out.push(...open);
  return out;
}

/**
 * Plain `text` word-wrapped to `width` columns: the first line starts with `first`, the others with `rest` (a
 * hanging indent). A word too long for a line (a URL, a JSON blob) is broken where the line ends.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  const restWidth = displayWidth(rest);
  let line = first;
  let used = displayWidth(first);
  let empty = true;
  const newLine = () => {
    lines.push(line.trimEnd());
    line = rest;
    used = restWidth;
    empty = true;
  };
  const put = (piece: string) => {
    line += (empty ? '' : ' ') + piece;
    used += (empty ? 0 : 1) + displayWidth(piece);
    empty = false;
  };
  // Split on single spaces, so a run of spaces inside the text (wire text, evidence) survives unless a line ends there.
  for (const word of keepCodeSpans(text.split(' '))) {
    if (empty && word === '') continue;
    const w = displayWidth(word);
    // A word that fits no line is broken from where this line stands; any other goes to the next line if need be.
    if (!empty && used + 1 + w > width && w <= width - restWidth) newLine();
    if (used + (empty ? 0 : 1) + w <= width) {
      put(word);
      continue;
    }
    // Wider than a whole line: break it, filling each line to the width.
    let left = word;
    while (left !== '') {
      const [piece = '', ...more] = breakWord(left, Math.max(1, width - used - (empty ? 0 : 1)));
      put(piece);
      left = more.join('');
      if (left !== '') newLine();
    }
  }
  lines.push(line.trimEnd());
  return lines;
}

/** An item of a flowed list: its plain text and how it is shown (the same text, partly painted). */
export interface FlowItem {
  plain: string;
  shown?: string;
  /** Continuation indent when the item itself wraps (under its text, past its symbol). */
  hang?: number;
  /** What goes between this item and the one before it on a line, instead of the list's separator. */
  separator?: string;
}

/**
 * Items laid out left to right after `label`, `separator` (three spaces) apart, wrapped at `width` with
 * continuation lines indented under the first item (or by `indent`); an item wider than a line wraps on its own,
 * under its `hang`.
 */
export function flow(
  label: string,
  items: readonly FlowItem[],
  width: number,
  options: { separator?: string; indent?: string } = {},
): string[] {
  const indent = options.indent ?? ' '.repeat(displayWidth(label));
  const separator = options.separator ?? '   ';
  const lines: string[] = [];
  let line = label;
  let used = displayWidth(label);
  let empty = true;
  let wrapped = false;
  for (const item of items) {
    const w = displayWidth(item.plain);
    const shown = item.shown ?? item.plain;
    const spacer = item.separator ?? separator;
    const gap = displayWidth(spacer);
    // After an item that took lines of its own, the next starts a line, so the wrapped one reads as a block.
    if (!empty && (wrapped || used + gap + w > width)) {
      lines.push(line);
      line = indent;
      used = displayWidth(indent);
      empty = true;
    }
    if (used + (empty ? 0 : gap) + w <= width) {
      line += (empty ? '' : spacer) + shown;
      used += (empty ? 0 : gap) + w;
      empty = false;
      wrapped = false;
      continue;
    }
    // Alone on its lines: wrap the plain text, then put the painted start back on the first line.
    const own = wrap(item.plain, width, line, `${indent}${' '.repeat(item.hang ?? 0)}`);
    if (shown !== item.plain && own[0] !== undefined) {
      const head = own[0].slice(line.length);
      own[0] = line + paintedPrefix(shown, item.plain, head);
    }
    lines.push(...own.slice(0, -1));
    line = own.at(-1) ?? indent;
    used = displayWidth(line);
    empty = false;
    wrapped = true;
  }
  lines.push(line);
  return lines;
}

/**
 * The first line of a wrapped painted item: `shown` is `plain` with colour codes in it, `head` the part of `plain`
 * that went on the first line. Painting only ever wraps a short start of an item (its symbol), so `shown` keeps
 * everything of `plain` past the codes.
 */
function paintedPrefix(shown: string, plain: string, head: string): string {
  const tail = plain.slice(head.length);
  return shown.endsWith(tail) ? shown.slice(0, shown.length - tail.length) : head;
}
