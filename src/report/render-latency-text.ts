import type { LatencyCell, LatencyReport } from '../core/latency-report.ts';
import { printable } from './printable.ts';
import { cellName, errorKindsByCount, formatMs, formatPercent, warmupText } from './render-latency-format.ts';

export interface Definition {
  term: string;
  text: string;
}

/** What each metric means, one line each, as ../shared/design.md §7 defines them. */
export const METRIC_DEFINITIONS: readonly Definition[] = [
  {
    term: 'TTFT',
    text:
      'time to first token: from sending the request to the first chunk carrying content (text, reasoning or a ' +
      'tool call; not a role-only chunk, a ping or a usage-only chunk). What a user waits before anything appears.',
  },
  {
    term: 'ITL',
    text:
      'inter-token latency, per request: (last content chunk − first content chunk) ÷ (output tokens − 1), for ' +
      'requests with at least two output tokens. The mean gap between tokens once the answer streams.',
  },
  {
    term: 'E2E',
    text: 'end to end: from sending the request to the stream closing. How long the whole answer takes.',
  },
  {
    term: 'Output speed',
    text:
      'tokens per second of one request once it streams: (output tokens − 1) ÷ (last − first content chunk), ' +
      'the inverse of ITL.',
  },
  {
    term: 'Throughput',
    text:
      'of a whole cell: successful requests and output tokens per second of wall time, all requests in flight ' +
      'counted together. What the provider delivered under that load.',
  },
];

/** How to read the percentile columns. */
export const PERCENTILE_NOTE =
  'p50, p90, p99: percentiles over the successful measured requests of a cell, by linear interpolation; n is the ' +
  'number of measured requests; – means no figure (no ITL when no request produced two tokens).';

/**
 * What a partial report lacks, or undefined for a complete one: `Partial report: interrupted by SIGINT; 2 of 6
 * cells measured, 1 of them cut short (fewer requests than asked).`
 */
export function partialText(report: LatencyReport): string | undefined {
  const { run, cells } = report;
  if (run.complete) return undefined;
  const planned = run.cellsPlanned === undefined ? '' : ` of ${run.cellsPlanned}`;
  const short = cells.filter((cell) => cell.partial).length;
  const cut = short > 0 ? `, ${short} of them cut short (fewer requests than asked)` : '';
  return `Partial report: ${printable(run.stopped ?? 'the run was interrupted')}; ${cells.length}${planned} cells measured${cut}.`;
}

/** Why the asked-for clock was not used, or undefined when it was. */
export function clockFallbackText(report: LatencyReport): string | undefined {
  const { clockFallback } = report.run;
  if (clockFallback === undefined) return undefined;
  return (
    `--clock local was not used: undici's diagnostics channels failed the self-check at start ` +
    `(${printable(clockFallback)}), so chunk times are the wire tap's own reads (tap clock), later than the ` +
    'socket under load.'
  );
}

/** The methodology caveats a reader needs before trusting or comparing the numbers. */
export function methodologyCaveats(report: LatencyReport): string[] {
  const { run } = report;
  const source =
    run.mode === 'live'
      ? 'Live mode: the figures include the network path from this machine to each provider, at the time of ' +
        'the run. Each request’s prompt varied, so provider-side caches did not flatter the numbers.'
      : run.timing === 'recorded'
        ? 'Recorded mode, recorded timing: every chunk was replayed from the fixtures at its recorded offset, ' +
          'so the figures reproduce the recorded profile (plus the harness’s own cost), offline. Prompt ' +
          'variation, which keeps provider caches out of live numbers, plays no part in a replay.'
        : 'Recorded mode, fast timing: chunks were replayed without their recorded delays, so the figures ' +
          'measure the harness, not any provider.';
  return [
    source,
    `Warm-up: the first ${warmupText(report)} requests of each cell (connection set-up, cold caches) were ` +
      'discarded; n counts measured requests only.',
    'A chunk is not a token: providers send several tokens in one chunk, so ITL divides by output tokens, ' +
      'not chunks; the gaps between chunks are a separate distribution.',
    'Output tokens come from the provider’s usage report when it sends one, else from an estimate from the ' +
      'text (the tokens column says which; mixed: some of each). Estimates make ITL, output speed and token ' +
      'throughput approximate, and tokenizers differ between providers.',
    'Failed requests count in the error rate and are left out of the latency distributions.',
    'The harness watches its own event-loop delay while each cell runs; ⚠ marks a cell where that delay ' +
      'could have inflated the timings. Treat its figures as upper bounds, or rerun with less concurrency ' +
      'or on an idle machine.',
    'With n under 100, p99 is close to the single slowest request.',
  ];
}

export type CellNoteKind = 'skewed' | 'errors';

export interface CellNote {
  kind: CellNoteKind;
  cell: LatencyCell;
  /** Plain text (control characters made visible), for the renderer to escape. */
  text: string;
}

function errorKindsText(cell: LatencyCell): string {
  const kinds = errorKindsByCount(cell);
  return kinds.length === 0
    ? 'kind not recorded'
    : kinds.map(([kind, count]) => `${printable(kind)} ${count}`).join(', ');
}

/** One note per skewed cell and per cell with errors, in report order, skewed cells first. */
export function cellNotes(
  report: Pick<LatencyReport, 'cells'>,
  order: LatencyCell[] = report.cells,
): CellNote[] {
  const skewed = order
    .filter((cell) => cell.eventLoop.skewed)
    .map(
      (cell): CellNote => ({
        kind: 'skewed',
        cell,
        text:
          `${cellName(cell)}: event-loop delay p99 ${formatMs(cell.eventLoop.p99Ms)} ms, max ` +
          `${formatMs(cell.eventLoop.maxMs)} ms while this cell ran; its timings may be inflated.`,
      }),
    );
  const errors = order
    .filter((cell) => cell.errors > 0)
    .map(
      (cell): CellNote => ({
        kind: 'errors',
        cell,
        text:
          `${cellName(cell)}: ${cell.errors} of ${cell.requests} requests failed ` +
          `(${formatPercent(cell.errorRate)}): ${errorKindsText(cell)}.`,
      }),
    );
  return [...skewed, ...errors];
}
