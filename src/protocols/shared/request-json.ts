import type { TappedExchange } from '../../wire/tap.ts';
import { parseJson } from './json-value.ts';

/** The JSON a request sent, parsed; undefined when its body is none, or no JSON. */
export function requestJson(exchange: TappedExchange): unknown {
  const body = parseJson(exchange.request.body ?? '');
  return body.ok ? body.value : undefined;
}
