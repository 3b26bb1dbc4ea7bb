import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './escape-markdown.ts';

describe('escapeMarkdown', () => {
  it('escapes characters that start markup', () => {
    expect(escapeMarkdown('a|b *c* `d` [e](f) <g> ~h~ \\ &amp;')).toBe(
      'a\\|b \\*c\\* \\`d\\` \\[e\\](f) \\<g\\> \\~h\\~ \\\\ \\&amp;',
    );
  });

  it('leaves underscores inside words alone but escapes those that could open emphasis', () => {
    expect(escapeMarkdown('tool_calls _x_')).toBe('tool_calls \\_x\\_');
  });
});

describe('codeSpan', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
  });

  it('pads text that starts or ends with a backtick, or is wrapped in spaces', () => {
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan(' x ')).toBe('`  x  `');
    expect(codeSpan('')).toBe('` `');
  });
});

describe('tableCodeSpan', () => {
  it('escapes pipes even inside the code span', () => {
    expect(tableCodeSpan('a|b')).toBe('`a\\|b`');
  });
});
