import type { Adapter, AdapterConfig, AdapterFactory } from '../core/adapter-contract.ts';
import { isProtocol, PROTOCOL_DEFINITIONS, PROTOCOLS, type Protocol } from './index.ts';

/** Adapter factories by protocol or custom adapter name. */
export type AdapterRegistry = Readonly<Record<string, AdapterFactory>>;

/** The built-in adapters, one per wire protocol. */
export const BUILT_IN_ADAPTERS: Readonly<Record<Protocol, AdapterFactory>> = Object.fromEntries(
  PROTOCOLS.map((protocol) => [protocol, PROTOCOL_DEFINITIONS[protocol].adapter]),
) as Record<Protocol, AdapterFactory>;

/** The factory a protocol name resolves to: the registry's first (it may replace a built-in), then the built-ins. */
export function findAdapterFactory(
  protocol: string,
  registry: AdapterRegistry = {},
): AdapterFactory | undefined {
  if (Object.hasOwn(registry, protocol)) return registry[protocol];
  return isProtocol(protocol) ? BUILT_IN_ADAPTERS[protocol] : undefined;
}

/** Every name an adapter can be created under: the built-in protocols and the registry's names. */
export function knownAdapterNames(registry: AdapterRegistry = {}): string[] {
  return [...new Set([...PROTOCOLS, ...Object.keys(registry)])];
}

/**
 * An adapter for a protocol, from the registry (custom adapters, e.g. the config's `adapters`) or the built-ins.
 * An unknown name throws, listing the known ones.
 */
export function createAdapter(
  protocol: string,
  config: AdapterConfig,
  registry: AdapterRegistry = {},
): Adapter {
  const factory = findAdapterFactory(protocol, registry);
  if (!factory) {
    throw new Error(
      `No adapter for protocol '${protocol}'. Known: ${knownAdapterNames(registry).join(', ')} ` +
        '(register a custom one in the config under `adapters`).',
    );
  }
  return factory(config);
}
