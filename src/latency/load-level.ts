import { UsageError } from '../core/usage-error.ts';

/** Closed loop: `concurrency` requests always in flight. Open loop: Poisson arrivals at a rate, whatever the answers. */
export type LoadLevel = { kind: 'closed'; concurrency: number } | { kind: 'open'; ratePerSecond: number };

export function describeLoad(load: LoadLevel): string {
  return load.kind === 'closed' ? `concurrency ${load.concurrency}` : `${load.ratePerSecond}/s open loop`;
}

/** `1,8,64` → closed-loop levels. */
export function parseConcurrencyLevels(text: string): LoadLevel[] {
  return text.split(',').map((part) => {
    const value = part.trim();
    const n = Number(value);
    if (value === '' || !Number.isInteger(n) || n < 1) {
      throw new UsageError(
        `Bad --concurrency '${part}': give whole numbers ≥ 1, comma-separated, e.g. 1,8,64.`,
      );
    }
    return { kind: 'closed', concurrency: n };
  });
}

const PER = { s: 1, sec: 1, m: 60, min: 60 } as const;

/** `5/s`, `0.5/s`, `300/min` or a bare number (per second), comma-separated → open-loop levels. */
export function parseRates(text: string): LoadLevel[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*(s|sec|m|min))?\s*$/.exec(part);
    const rate = match ? Number(match[1]) / PER[(match[2] ?? 's') as keyof typeof PER] : Number.NaN;
    if (!(rate > 0)) {
      throw new UsageError(
        `Bad --rate '${part}': give requests per second or minute, e.g. 5/s, 0.5/s or 120/min.`,
      );
    }
    return { kind: 'open', ratePerSecond: rate };
  });
}
