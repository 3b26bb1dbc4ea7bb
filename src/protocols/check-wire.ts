import type { Diagnostic } from '../core/diagnostic.ts';
import type { TappedExchange } from '../wire/tap.ts';
import { type Protocol, protocolDefinition } from './index.ts';
import type { WireCheckContext } from './shared/wire-check-context.ts';

export type { WireCheckContext } from './shared/wire-check-context.ts';

/**
 * Judges the raw bytes of one exchange against its protocol, independently of any SDK.
 * Only 2xx responses are judged: error responses are the error scenarios' business.
 */
export function checkWire(
  protocol: Protocol,
  exchange: TappedExchange,
  context: WireCheckContext,
): Diagnostic[] {
  if (exchange.status === undefined || exchange.status < 200 || exchange.status >= 300) return [];
  return protocolDefinition(protocol).checkWire(exchange, context);
}
