import type { TappedExchange } from '../../wire/tap.ts';

/** Why the body may have stopped early, as a clause to append to a message; '' when it was read to its end. */
export function endOfBodyNote(exchange: TappedExchange): string {
  if (exchange.transportError !== undefined) return ` (the connection failed: ${exchange.transportError})`;
  if (!exchange.complete) return ' (the body was not read to its end)';
  return '';
}
