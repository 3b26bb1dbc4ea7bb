export interface NiceScale {
  max: number;
  ticks: number[];
}

const clean = (value: number) => Number(value.toPrecision(12));

/** An axis from 0 to a round number at or above `maxValue`, with about `target` round steps (1, 2, 2.5, 5 × 10ⁿ). */
export function niceScale(maxValue: number, target = 5): NiceScale {
  const top = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 1;
  const rough = top / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough * (1 - 1e-9)) ?? 10 * power;
  const max = clean(Math.ceil(clean(top / step)) * step);
  const ticks: number[] = [];
  for (let i = 0; clean(i * step) <= max; i++) ticks.push(clean(i * step));
  return { max, ticks };
}

/**
 * Label positions at least `gap` apart, each as near its wanted position as it can be, order kept, within
 * [lo, hi] when there is room: used for the end-of-line labels of a line chart.
 */
export function spreadLabels(wanted: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((entry) => Math.max(lo, entry.y));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  if (placed.length > 0 && placed.at(-1)! > hi) {
    placed[placed.length - 1] = hi;
    for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k]!, placed[k + 1]! - gap);
  }
  const result = new Array<number>(wanted.length);
  order.forEach((entry, k) => {
    result[entry.i] = placed[k]!;
  });
  return result;
}

/** SVG coordinates with at most one decimal, so the markup stays small and stable. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
