import { CAPABILITIES, type Capability } from '../core/capabilities.ts';
import { PROVIDERS, type ProviderEntry } from './providers.ts';
import { closest } from './suggest.ts';

export interface Declaration {
  declared: boolean;
  /** Why the capability is not expected, when it is not. */
  reason?: string;
}

export function declaration(provider: ProviderEntry, capability: Capability): Declaration {
  const reason = provider.gaps[capability];
  return reason === undefined ? { declared: true } : { declared: false, reason };
}

export function findProvider(id: string, providers: readonly ProviderEntry[] = PROVIDERS): ProviderEntry {
  const found = providers.find((provider) => provider.id === id);
  if (found) return found;
  const ids = providers.map((provider) => provider.id);
  const guess = closest(id, ids);
  throw new Error(
    `Unknown provider '${id}'.${guess ? ` Did you mean '${guess}'?` : ''} Known providers: ${ids.join(', ')}.`,
  );
}

export function isCapability(value: string): value is Capability {
  return Object.hasOwn(CAPABILITIES, value);
}
