import { CAPABILITIES, CAPABILITY_IDS } from '../../core/capabilities.ts';
import type { RunReport } from '../../core/run-report.ts';
import { describeProvenance } from '../describe-provenance.ts';
import type { FaultGrid } from '../fault-grid.ts';
import type { MatrixCell } from '../matrix-cell.ts';
import {
  buildMatrix,
  columnGroups,
  describedScenarios,
  FOOTNOTE_SECTIONS,
  type Footnote,
  legendEntries,
  type Matrix,
  type MatrixColumn,
} from '../matrix-cells.ts';
import { runFacts, summaryParts, verdict } from '../run-summary.ts';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './escape-markdown.ts';

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function cellText(cell: MatrixCell): string {
  const symbol = escapeMarkdown(cell.symbol);
  return cell.footnote === undefined ? symbol : `${symbol} [${cell.footnote}]`;
}

/**
 * Scenarios down, under a bold row per group (`tools`); providers across, one column each. With forty scenarios
 * the table grows down rather than across, and a page scrolls down better than sideways.
 */
function renderTable(matrix: Matrix): string[] {
  const header = ['scenario', ...matrix.rows.map((row) => escapeMarkdown(row.id))];
  const align = [':--', ...matrix.rows.map(() => ':-:')];
  const empty = matrix.rows.map(() => '');
  const body = columnGroups(matrix.columns).flatMap((group) => [
    ...(group.name === '' ? [] : [tableRow([`**${escapeMarkdown(group.name)}**`, ...empty])]),
    ...group.columns.map((column, i) =>
      tableRow([
        tableCodeSpan(column.id),
        ...matrix.rows.map((row) => {
          const cell = row.cells[group.first + i];
          return cell ? cellText(cell) : '';
        }),
      ]),
    ),
  ]);
  return [tableRow(header), tableRow(align), ...body];
}

/** `openai `gpt-4o` · cohere `command-r`…`: the model behind each column. */
function renderModels(matrix: Matrix): string {
  const models = matrix.providers.map((provider) =>
    provider.model === ''
      ? escapeMarkdown(provider.id)
      : `${escapeMarkdown(provider.id)} ${codeSpan(provider.model)}`,
  );
  return `**Models:** ${models.join(' · ')}`;
}

function renderFaultTable(grid: FaultGrid): string[] {
  const header = [
    'fault',
    ...grid.columns.map((column) => `${escapeMarkdown(column.id)} (${escapeMarkdown(column.protocol)})`),
  ];
  const align = [':--', ...grid.columns.map(() => ':-:')];
  const rows = grid.rows.map((row) =>
    tableRow([
      tableCodeSpan(row.kind),
      ...row.cells.map((cell) => {
        const text = escapeMarkdown(cell.label === undefined ? cell.symbol : `${cell.symbol} ${cell.label}`);
        return cell.footnote === undefined ? text : `${text} [${cell.footnote}]`;
      }),
    ]),
  );
  return [tableRow(header), tableRow(align), ...rows];
}

// Lines of one list item end in a backslash: a hard break that, unlike two trailing spaces, survives editors.
function renderFootnote(footnote: Footnote): string {
  const lines: string[] = [];
  footnote.items.forEach((item, i) => {
    const tag = item.tag ? ` (${item.tag})` : '';
    const text = `${codeSpan(item.code)}${tag} — ${escapeMarkdown(item.message)}`;
    lines.push(
      i === 0 ? `- **[${footnote.number}]** ${escapeMarkdown(footnote.where)}: ${text}` : `  ${text}`,
    );
    if (item.evidence !== undefined) lines.push(`  evidence: ${codeSpan(item.evidence)}`);
  });
  if (footnote.gapReason) lines.push(`  catalog: ${escapeMarkdown(footnote.gapReason)}`);
  return lines.join('\\\n');
}

function renderCapabilities(columns: readonly MatrixColumn[]): string[] {
  const used = [...new Set(columns.map((column) => column.capability))];
  const known: readonly string[] = CAPABILITY_IDS;
  const ordered = [
    ...CAPABILITY_IDS.filter((id) => used.includes(id)),
    ...used.filter((id) => !known.includes(id)),
  ];
  const meanings: Readonly<Record<string, string>> = CAPABILITIES;
  return [
    tableRow(['capability', 'meaning', 'scenarios']),
    tableRow([':--', ':--', ':--']),
    ...ordered.map((capability) =>
      tableRow([
        tableCodeSpan(capability),
        escapeMarkdown(meanings[capability] ?? '—'),
        columns
          .filter((column) => column.capability === capability)
          .map((column) => {
            const id = tableCodeSpan(column.id);
            return column.title ? `${id} — ${escapeMarkdown(column.title)}` : id;
          })
          .join('; '),
      ]),
    ),
  ];
}

/** The capability matrix as a GitHub-flavoured Markdown document; the same report always gives the same bytes. */
export function renderMarkdownMatrix(report: RunReport): string {
  const matrix = buildMatrix(report);
  const out: string[] = [
    '# llmcompat capability matrix',
    '',
    escapeMarkdown(runFacts(report).join(' · ')),
    '',
  ];
  // Hard breaks keep the provenance lines apart; the first says what most fixtures are, the second the exceptions.
  const provenance = describeProvenance(report)
    .map(escapeMarkdown)
    .map((line) => line.replace(/^(Fixtures:|Except)/, '**$1**'));
  if (provenance.length > 0) out.push(provenance.join('\\\n'), '');
  const legend = legendEntries(matrix).map(
    (entry) => `**${escapeMarkdown(entry.symbol)}** ${escapeMarkdown(entry.meaning)}`,
  );
  out.push(`**Legend:** ${legend.join(' · ')}`, '');

  const hasTable = matrix.rows.length > 0 && matrix.columns.length > 0;
  if (hasTable) out.push(renderModels(matrix), '', ...renderTable(matrix), '');
  else if (!matrix.faults) out.push('No cases in this run.', '');
  if (matrix.faults) {
    out.push(
      '## Faults',
      '',
      escapeMarkdown(
        'One provider per protocol; each cell is how the harness classified the fault its fixture injects. ' +
          '✓ classified as injected · ✓* classified, but the adapter returned an answer as if nothing had happened ' +
          '(or, on a harmless framing, broke) · ' +
          '✗ misclassified (fails CI).',
      ),
      '',
      ...renderFaultTable(matrix.faults),
      '',
    );
  }

  for (const { section, title } of FOOTNOTE_SECTIONS) {
    const notes = matrix.footnotes.filter((f) => f.section === section);
    if (notes.length === 0) continue;
    out.push(`## ${escapeMarkdown(title)}`, '', ...notes.map(renderFootnote), '');
  }

  const ci = verdict(report);
  out.push('## Summary', '', `${escapeMarkdown(summaryParts(report).join(' · '))}`, '', `**${ci.text}**`, '');
  const described = describedScenarios(matrix);
  if (described.length > 0) out.push('## Capabilities', '', ...renderCapabilities(described), '');
  return `${out.join('\n').trimEnd()}\n`;
}
