import { describeLoad } from './load-level.ts';
import { percentileOfSorted } from './percentiles.ts';
import type { BenchProgress } from './run-bench.ts';

export interface ProgressLine {
  update(progress: BenchProgress): void;
  /** Removes the line, before anything else is printed. */
  clear(): void;
}

const REDRAW_MS = 100;

export function progressText(progress: BenchProgress): string {
  const sorted = [...progress.ttftMs].sort((a, b) => a - b);
  const p50 = sorted.length > 0 ? `${Math.round(percentileOfSorted(sorted, 50))} ms` : '–';
  return (
    `[${progress.cell}/${progress.cells}] ${progress.provider} › ${progress.scenario} · ${describeLoad(progress.load)} · ` +
    `${progress.done}/${progress.total} requests · ${progress.errors} error${progress.errors === 1 ? '' : 's'} · ` +
    `p50 TTFT ${p50}`
  );
}

/** One line, redrawn in place at most every 100 ms (and at each cell's last request), for a terminal. */
export function createProgressLine(stream: NodeJS.WriteStream): ProgressLine {
  let drawnAt = 0;
  let shown = false;
  return {
    update(progress) {
      const now = performance.now();
      if (now - drawnAt < REDRAW_MS && progress.done < progress.total) return;
      drawnAt = now;
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      stream.write(`\r\x1b[2K${progressText(progress).slice(0, width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
