import type { TappedExchange } from './tap.ts';

/** The response body exactly as it arrived, all chunks joined ('' without an exchange). */
export function bodyText(exchange: TappedExchange | undefined): string {
  return exchange ? exchange.chunks.map((chunk) => chunk.text).join('') : '';
}
