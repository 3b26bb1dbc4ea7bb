import type { LatencyCell, LatencyReport } from '../core/latency-report.ts';
import { printable } from './printable.ts';
import { formatDuration } from './run-summary.ts';

/** Marks a cell whose event loop was delayed enough to inflate its timings. */
export const SKEW_FLAG = '⚠';

/** What a table shows where there is no figure: a metric the cell lacks, or a non-finite number. */
export const NO_VALUE = '–';

function finite(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/**
 * `8.4`, `124`: one decimal under 10, whole numbers from there on (9.96 rounds to `10`, not `10.0`). Fixed
 * formats, no locale, so a re-render gives the same bytes.
 */
export function formatNumber(value: number | undefined): string {
  if (!finite(value)) return NO_VALUE;
  const tenths = Math.round(value * 10) / 10;
  return Math.abs(tenths) < 10 ? tenths.toFixed(1) : String(Math.round(value));
}

/** An axis tick: whole numbers as they are (`0`, `8`, `2500`), others as formatNumber. */
export function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : formatNumber(value);
}

/** Milliseconds: see formatNumber. */
export const formatMs = formatNumber;

/** A rate (req/s, tok/s): like formatNumber, with two decimals under 1 so a slow run does not read `0.0`. */
export function formatRate(value: number | undefined): string {
  if (!finite(value)) return NO_VALUE;
  if (Math.abs(value) < 0.995 && value !== 0) return value.toFixed(2);
  return formatNumber(value);
}

/** A fraction as a percentage: `0%`, `<0.1%`, `2.5%`, `13%`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return NO_VALUE;
  if (fraction === 0) return '0%';
  const percent = fraction * 100;
  if (percent < 0.05) return '<0.1%';
  return `${formatNumber(percent)}%`;
}

function formatArrivalRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : String(Number(rate.toFixed(2)));
}

/** The load a cell ran under, short: `c=8` (closed loop, 8 in flight), `5/s` (open loop, Poisson arrivals). */
export function loadLabel(cell: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>): string {
  if (cell.concurrency !== undefined) return `c=${cell.concurrency}`;
  if (cell.ratePerSecond !== undefined) return `${formatArrivalRate(cell.ratePerSecond)}/s`;
  return NO_VALUE;
}

/** The load a cell ran under, as a heading: `concurrency 8`, `open loop, 5 req/s (Poisson arrivals)`. */
export function loadTitle(cell: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>): string {
  if (cell.concurrency !== undefined) return `concurrency ${cell.concurrency}`;
  if (cell.ratePerSecond !== undefined) {
    return `open loop, ${formatArrivalRate(cell.ratePerSecond)} req/s (Poisson arrivals)`;
  }
  return 'load not recorded';
}

/** Closed-loop levels by concurrency, then open-loop rates, then cells that recorded neither. */
export function compareLoad(
  a: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>,
  b: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>,
): number {
  const rank = (cell: Pick<LatencyCell, 'concurrency' | 'ratePerSecond'>): [number, number] => {
    if (cell.concurrency !== undefined) return [0, cell.concurrency];
    if (cell.ratePerSecond !== undefined) return [1, cell.ratePerSecond];
    return [2, 0];
  };
  const [ka, va] = rank(a);
  const [kb, vb] = rank(b);
  return ka - kb || va - vb;
}

/** Error kinds, most frequent first, ties by name. */
export function errorKindsByCount(cell: Pick<LatencyCell, 'errorKinds'>): [string, number][] {
  return Object.entries(cell.errorKinds)
    .filter(([, count]) => count > 0)
    .sort(([ka, ca], [kb, cb]) => cb - ca || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

/** `0`, or the rate and the most frequent kinds: `22.5% rate-limited 6, timeout 2 +1 more`. */
export function errorSummary(cell: LatencyCell, topKinds = 2): string {
  if (cell.errors === 0) return '0';
  const kinds = errorKindsByCount(cell);
  const shown = kinds.slice(0, topKinds).map(([kind, count]) => `${printable(kind)} ${count}`);
  const more = kinds.length > topKinds ? ` +${kinds.length - topKinds} more` : '';
  return `${formatPercent(cell.errorRate)}${shown.length > 0 ? ` ${shown.join(', ')}` : ''}${more}`;
}

/** `provider › scenario › c=8`: names one cell in notes. */
export function cellName(cell: LatencyCell): string {
  return `${printable(cell.provider)} › ${printable(cell.scenario)} › ${loadLabel(cell)}`;
}

export interface LoadGroup {
  label: string;
  title: string;
  cells: LatencyCell[];
}

export interface ScenarioGroup {
  scenario: string;
  levels: LoadGroup[];
}

/**
 * Cells by scenario (in order of first appearance), then by load level (closed loop by concurrency, then open
 * loop by rate), providers in order of first appearance in the report.
 */
export function groupCells(report: Pick<LatencyReport, 'cells'>): ScenarioGroup[] {
  const providerOrder = new Map<string, number>();
  for (const cell of report.cells) {
    if (!providerOrder.has(cell.provider)) providerOrder.set(cell.provider, providerOrder.size);
  }
  const scenarios = new Map<string, Map<string, LatencyCell[]>>();
  for (const cell of report.cells) {
    const levels = scenarios.get(cell.scenario) ?? new Map<string, LatencyCell[]>();
    scenarios.set(cell.scenario, levels);
    const key = loadLabel(cell);
    const cells = levels.get(key);
    if (cells) cells.push(cell);
    else levels.set(key, [cell]);
  }
  return [...scenarios.entries()].map(([scenario, levels]) => ({
    scenario,
    levels: [...levels.entries()]
      .map(([label, cells]) => ({
        label,
        title: loadTitle(cells[0]!),
        cells: [...cells].sort(
          (a, b) => (providerOrder.get(a.provider) ?? 0) - (providerOrder.get(b.provider) ?? 0),
        ),
      }))
      .sort((a, b) => compareLoad(a.cells[0]!, b.cells[0]!)),
  }));
}

/** Providers (with the model of their first cell) in order of first appearance. */
export function providersOf(report: Pick<LatencyReport, 'cells'>): { provider: string; model: string }[] {
  const seen = new Map<string, string>();
  for (const cell of report.cells) if (!seen.has(cell.provider)) seen.set(cell.provider, cell.model);
  return [...seen.entries()].map(([provider, model]) => ({ provider, model }));
}

/** `recorded mode, recorded timing`, `live mode, relay clock`. */
export function modeText(run: LatencyReport['run']): string {
  if (run.mode === 'recorded' && run.timing) return `recorded mode, ${run.timing} timing`;
  return run.mode === 'live' && run.clock ? `live mode, ${run.clock} clock` : `${run.mode} mode`;
}

/** The facts of the run, each a short phrase: tool, mode and timing, start, duration, node, platform, cpus. */
export function latencyRunFacts(report: LatencyReport): string[] {
  const { run, tool } = report;
  const took = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return [
    `${tool.name} ${printable(tool.version)}`,
    modeText(run),
    `started ${printable(run.startedAt)}`,
    `took ${formatDuration(took)}`,
    `node ${printable(run.node)}`,
    printable(run.platform),
    `${run.cpus} ${run.cpus === 1 ? 'CPU' : 'CPUs'}`,
  ];
}

/** Warm-up requests per cell: `3`, or `2–5` when cells differ. */
export function warmupText(report: Pick<LatencyReport, 'cells'>): string {
  const counts = report.cells.map((cell) => cell.warmup);
  if (counts.length === 0) return '0';
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return min === max ? String(min) : `${min}–${max}`;
}
