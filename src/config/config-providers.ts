import { PROVIDERS, type ProviderEntry } from '../catalog/providers.ts';
import { isProviderDefinition, type LlmcompatConfig, type ProviderDefinition } from './config.ts';

function fromDefinition(id: string, definition: ProviderDefinition): ProviderEntry {
  const entry: ProviderEntry = {
    id,
    name: definition.name ?? id,
    protocol: definition.protocol,
    baseUrl: definition.baseUrl,
    defaultModel: definition.model,
    gaps: { ...definition.gaps },
  };
  if (definition.keyEnv !== undefined) entry.keyEnv = definition.keyEnv;
  if (definition.keyUrl !== undefined) entry.keyUrl = definition.keyUrl;
  if (definition.quirks !== undefined) entry.quirks = definition.quirks;
  if (definition.models !== undefined) entry.models = { ...definition.models };
  return entry;
}

/** The providers the config adds (not the catalog's), in the config's order. */
export function configProviders(config: LlmcompatConfig = {}): ProviderEntry[] {
  const catalogIds = new Set(PROVIDERS.map((p) => p.id));
  return Object.entries(config.providers ?? {}).flatMap(([id, value]) =>
    !catalogIds.has(id) && isProviderDefinition(value) ? [fromDefinition(id, value)] : [],
  );
}

/**
 * Every provider a run can select: the catalog's ten, then the config's own, each carrying the custom adapter the
 * config registers under its protocol. Base URL and model overrides are applied later, with the CLI's.
 */
export function catalog(config: LlmcompatConfig = {}): ProviderEntry[] {
  const adapters = config.adapters ?? {};
  return [...PROVIDERS, ...configProviders(config)].map((provider) =>
    Object.hasOwn(adapters, provider.protocol)
      ? { ...provider, adapter: adapters[provider.protocol] }
      : provider,
  );
}
