import { describe, expect, it } from 'vitest';
import { renderGrid, renderKeyList } from './terminal-grid.ts';
import { cutTo, displayWidth, flow, wrap } from './terminal-text.ts';

const bold = (text: string) => text;

describe('displayWidth', () => {
  it('counts columns: colour codes none, wide characters and emoji two, combining marks none', () => {
    expect(displayWidth('\u001b[31m✗ᵏ\u001b[39m12')).toBe(4);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(cutTo('漢字漢字', 5)).toBe('漢字…');
  });
});

describe('wrap', () => {
  it('breaks between words, with a first prefix and a hanging indent', () => {
    expect(wrap('one two three four five', 13, '[1] ', '    ')).toEqual([
      '[1] one two',
      '    three',
      '    four five',
    ]);
  });

  it('keeps a quoted command on one line when it fits on one', () => {
    expect(wrap('Record it with `llmcompat record --only mistral/chat.basic` (needs the key)', 50)).toEqual([
      'Record it with',
      '`llmcompat record --only mistral/chat.basic`',
      '(needs the key)',
    ]);
  });

  it('breaks a word wider than a line where the line ends, and keeps runs of spaces inside a line', () => {
    expect(wrap(`key: ${'x'.repeat(20)}`, 10)).toEqual(['key: xxxxx', 'xxxxxxxxxx', 'xxxxx']);
    expect(wrap('a  b', 10)).toEqual(['a  b']);
  });
});

describe('flow', () => {
  it('fills lines with items, continuing under the first, and gives an item too long for a line its own', () => {
    const items = [
      { plain: 'aa' },
      { plain: 'bb' },
      { plain: 'cc long text that wraps', hang: 3 },
      { plain: 'dd' },
    ];
    expect(flow('L: ', items, 16)).toEqual(['L: aa   bb', '   cc long text', '      that wraps', '   dd']);
  });

  it('keeps the paint of an item that wraps', () => {
    const item = { plain: '✗ known gap: fails', shown: '<y>✗</y> known gap: fails', hang: 2 };
    expect(flow('', [item], 12)).toEqual(['<y>✗</y> known gap:', '  fails']);
  });
});

describe('renderGrid', () => {
  const rows = [
    { group: 'tools' },
    { label: 'choice-required', cells: ['✓', '✗ᵏ12', '✓', '✓*3'].map((plain) => ({ plain, shown: plain })) },
  ];

  it('draws keys across and rows down, splitting the columns into even blocks when they do not fit', () => {
    expect(renderGrid({ corner: 'scenario', keys: ['A', 'B', 'C', 'D'], rows, width: 80, bold })).toEqual([
      'scenario          │ A     B     C     D',
      '──────────────────┼───────────────────────',
      'tools             │',
      '  choice-required │ ✓     ✗ᵏ12  ✓     ✓*3',
    ]);
    const narrow = renderGrid({ corner: 'scenario', keys: ['A', 'B', 'C', 'D'], rows, width: 32, bold });
    expect(narrow.filter((l) => l.startsWith('scenario'))).toEqual([
      'scenario          │ A     B',
      'scenario          │ C     D',
    ]);
    for (const line of narrow) expect(displayWidth(line)).toBeLessThanOrEqual(32);
  });

  it('cuts the row labels when even one column would not fit beside them', () => {
    const lines = renderGrid({ corner: 'scenario', keys: ['A'], rows, width: 14, bold });
    expect(lines[3]).toBe('  choi… │ ✓');
  });
});

describe('renderKeyList', () => {
  const entries = ['openai', 'cohere', 'together'].map((id, i) => ({
    key: String.fromCharCode(65 + i),
    id,
    details: [`model-${i}`],
  }));

  it('reads down, then across, in as many columns as fit', () => {
    expect(renderKeyList(entries, 60)).toEqual([
      '  A  openai    model-0    C  together  model-2',
      '  B  cohere    model-1',
    ]);
    expect(renderKeyList(entries, 30)).toEqual([
      '  A  openai    model-0',
      '  B  cohere    model-1',
      '  C  together  model-2',
    ]);
  });
});
