export type Paint = (text: string) => string;

export interface Palette {
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
  dim: Paint;
  bold: Paint;
}

const ansi =
  (on: number, off: number): Paint =>
  (text) =>
    `\x1b[${on}m${text}\x1b[${off}m`;

const plain: Paint = (text) => text;

/** ANSI colours for a terminal that shows them, and paints that change nothing for one that does not. */
export function terminalPalette(color: boolean): Palette {
  if (!color) return { red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
  return {
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
  };
}

/** `text` cut to `width` code points, its last kept one replaced by `…` when it was longer. */
export function cutToWidth(text: string, width: number): string {
  return [...text].length <= width ? text : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
}
