import type { TappedExchange } from '../../wire/tap.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The response body exactly as it arrived, all chunks joined. */
export function bodyText(exchange: TappedExchange): string {
  return exchange.chunks.map((chunk) => chunk.text).join('');
}

/** Why the body may have stopped early, as a clause to append to a message; '' when it was read to its end. */
export function endOfBodyNote(exchange: TappedExchange): string {
  if (exchange.transportError !== undefined) return ` (the connection failed: ${exchange.transportError})`;
  if (!exchange.complete) return ' (the body was not read to its end)';
  return '';
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
