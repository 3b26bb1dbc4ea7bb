import { CAPABILITIES, type Capability, MODEL_OF } from '../core/capabilities.ts';
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

/**
 * The model a case asks for: the scenario's own (errors.unknown-model names one that does not exist), else the
 * provider's model for the scenario's capability (or for the capability whose model it shares), else its default.
 */
export function modelFor(
  provider: Pick<ProviderEntry, 'defaultModel' | 'models'>,
  scenario: { model?: string; capability: Capability },
): string {
  const shared = MODEL_OF[scenario.capability];
  const models = provider.models ?? {};
  return scenario.model ?? models[scenario.capability] ?? (shared && models[shared]) ?? provider.defaultModel;
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
