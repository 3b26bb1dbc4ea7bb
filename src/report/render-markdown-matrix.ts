import { CAPABILITIES, CAPABILITY_IDS } from '../catalog/capabilities.ts';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './escape-markdown.ts';
import type { FaultGrid } from './fault-grid.ts';
import {
  buildMatrix,
  describedScenarios,
  FOOTNOTE_SECTIONS,
  type Footnote,
  legendEntries,
  type Matrix,
  type MatrixColumn,
} from './matrix-cells.ts';
import type { RunReport } from './run-report.ts';
import { runFacts, summaryParts, verdict } from './run-summary.ts';

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function renderTable(matrix: Matrix): string[] {
  const header = ['provider', 'model', ...matrix.columns.map((column) => escapeMarkdown(column.id))];
  const align = [':--', ':--', ...matrix.columns.map(() => ':-:')];
  const rows = matrix.rows.map((row) =>
    tableRow([
      escapeMarkdown(row.id),
      row.model === '' ? '' : tableCodeSpan(row.model),
      ...row.cells.map((cell) => {
        const symbol = escapeMarkdown(cell.symbol);
        return cell.footnote === undefined ? symbol : `${symbol} [${cell.footnote}]`;
      }),
    ]),
  );
  return [tableRow(header), tableRow(align), ...rows];
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
  const legend = legendEntries(matrix).map(
    (entry) => `**${escapeMarkdown(entry.symbol)}** ${escapeMarkdown(entry.meaning)}`,
  );
  out.push(`**Legend:** ${legend.join(' · ')}`, '');

  const hasTable = matrix.rows.length > 0 && matrix.columns.length > 0;
  if (hasTable) out.push(...renderTable(matrix), '');
  else if (!matrix.faults) out.push('No cases in this run.', '');
  if (matrix.faults) {
    out.push(
      '## Faults',
      '',
      escapeMarkdown(
        'One provider per protocol; each cell is how the harness classified the fault its fixture injects. ' +
          '✓ classified as injected · ✓* classified, but the adapter returned an answer as if nothing had happened · ' +
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
