import { isCapability } from '../catalog/catalog.ts';
import { PROVIDERS } from '../catalog/providers.ts';
import { closest } from '../catalog/suggest.ts';
import { CAPABILITY_IDS } from '../core/capabilities.ts';
import { isRecord } from '../core/is-record.ts';
import { PROTOCOLS } from '../core/protocol-names.ts';
import { baseUrlProblem, ENV_NAME, PROVIDER_ID, PROVIDER_ID_RULE } from './config-values.ts';

const OVERRIDE_FIELDS = ['baseUrl', 'model', 'models'];
const DEFINITION_FIELDS = [
  'protocol',
  'baseUrl',
  'model',
  'models',
  'keyEnv',
  'name',
  'keyUrl',
  'gaps',
  'quirks',
];
const QUIRKS = ['noStreamOptions'];

const didYouMean = (value: string, candidates: readonly string[]) => {
  const guess = closest(value, candidates);
  return guess ? ` (did you mean '${guess}'?)` : '';
};

function unknownFields(at: string, entry: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(entry)
    .filter((key) => !known.includes(key))
    .map((key) => `${at}.${key}: unknown field${didYouMean(key, known)} (known: ${known.join(', ')})`);
}

function overrideProblems(id: string, entry: Record<string, unknown>): string[] {
  const at = `providers.${id}`;
  const problems: string[] = [];
  for (const key of Object.keys(entry)) {
    if (OVERRIDE_FIELDS.includes(key)) continue;
    problems.push(
      DEFINITION_FIELDS.includes(key)
        ? `${at}.${key}: '${id}' is a catalog provider, so only baseUrl, model and models can be overridden; ` +
            'to add a provider of your own, give it another id'
        : `${at}.${key}: unknown field${didYouMean(key, OVERRIDE_FIELDS)} (a catalog provider takes baseUrl, model, models)`,
    );
  }
  if (entry.baseUrl !== undefined) {
    const problem = typeof entry.baseUrl === 'string' ? baseUrlProblem(entry.baseUrl) : 'must be a string';
    if (problem) problems.push(`${at}.baseUrl: ${problem}`);
  }
  if (entry.model !== undefined && (typeof entry.model !== 'string' || entry.model === '')) {
    problems.push(`${at}.model: must be a non-empty string`);
  }
  if (entry.models !== undefined) problems.push(...modelsProblems(at, entry.models));
  return problems;
}

/** `models`: a model per capability, e.g. `{ reasoning: 'o4-mini' }`. */
function modelsProblems(at: string, models: unknown): string[] {
  if (!isRecord(models))
    return [`${at}.models: must map capabilities to a model, e.g. { reasoning: 'o4-mini' }`];
  return Object.entries(models).flatMap(([capability, model]) => {
    if (!isCapability(capability)) {
      return [
        `${at}.models.${capability}: unknown capability${didYouMean(capability, CAPABILITY_IDS)} ` +
          `(known: ${CAPABILITY_IDS.join(', ')})`,
      ];
    }
    return typeof model === 'string' && model !== ''
      ? []
      : [`${at}.models.${capability}: must be a non-empty string`];
  });
}

function protocolProblem(at: string, protocol: unknown, adapterNames: readonly string[]): string | undefined {
  const known = [
    ...PROTOCOLS,
    ...adapterNames.filter((name) => !(PROTOCOLS as readonly string[]).includes(name)),
  ];
  const list = `Known: ${known.join(', ')}; or register an adapter under this name in \`adapters\``;
  if (protocol === undefined) {
    return `${at}.protocol: required for a new provider (openai-chat for any OpenAI-compatible API). ${list}.`;
  }
  if (typeof protocol !== 'string') return `${at}.protocol: must be a string. ${list}.`;
  if (known.includes(protocol)) return undefined;
  return `${at}.protocol: unknown protocol '${protocol}'${didYouMean(protocol, known)}. ${list}.`;
}

function gapProblems(at: string, gaps: unknown): string[] {
  if (!isRecord(gaps)) return [`${at}.gaps: must map capabilities to the reason each is not expected`];
  const problems: string[] = [];
  for (const [capability, reason] of Object.entries(gaps)) {
    if (!isCapability(capability)) {
      problems.push(
        `${at}.gaps.${capability}: unknown capability${didYouMean(capability, CAPABILITY_IDS)} ` +
          `(known: ${CAPABILITY_IDS.join(', ')})`,
      );
    } else if (typeof reason !== 'string' || reason.trim() === '') {
      problems.push(`${at}.gaps.${capability}: give the reason the capability is not expected, as a string`);
    }
  }
  return problems;
}

function quirkProblems(at: string, quirks: unknown): string[] {
  if (!isRecord(quirks)) return [`${at}.quirks: must be an object, e.g. { noStreamOptions: true }`];
  return Object.entries(quirks).flatMap(([name, value]) => {
    if (!QUIRKS.includes(name)) return [`${at}.quirks.${name}: unknown quirk (known: ${QUIRKS.join(', ')})`];
    return typeof value === 'boolean' ? [] : [`${at}.quirks.${name}: must be true or false`];
  });
}

function optionalText(at: string, value: unknown): string[] {
  return value === undefined || (typeof value === 'string' && value.trim() !== '')
    ? []
    : [`${at}: must be a non-empty string`];
}

function definitionProblems(
  id: string,
  entry: Record<string, unknown>,
  adapterNames: readonly string[],
): string[] {
  const at = `providers.${id}`;
  const catalogIds = PROVIDERS.map((p) => p.id);
  if (entry.protocol === undefined) {
    const guess = closest(id, catalogIds);
    if (guess) {
      return [
        `${at}: unknown provider (did you mean '${guess}'?); a new provider needs protocol, baseUrl and model`,
      ];
    }
  }
  const problems = unknownFields(at, entry, DEFINITION_FIELDS);
  if (!PROVIDER_ID.test(id)) problems.push(`${at}: the id must be ${PROVIDER_ID_RULE}`);
  const protocol = protocolProblem(at, entry.protocol, adapterNames);
  if (protocol) problems.push(protocol);
  if (entry.baseUrl === undefined) {
    problems.push(
      `${at}.baseUrl: required for a new provider: the URL its SDK takes, e.g. https://api.example.com/v1`,
    );
  } else {
    const problem = typeof entry.baseUrl === 'string' ? baseUrlProblem(entry.baseUrl) : 'must be a string';
    if (problem) problems.push(`${at}.baseUrl: ${problem}`);
  }
  if (entry.model === undefined) problems.push(`${at}.model: required for a new provider: the model to test`);
  else problems.push(...optionalText(`${at}.model`, entry.model));
  if (entry.keyEnv !== undefined && (typeof entry.keyEnv !== 'string' || !ENV_NAME.test(entry.keyEnv))) {
    problems.push(`${at}.keyEnv: must name an environment variable, e.g. EXAMPLE_API_KEY`);
  }
  problems.push(...optionalText(`${at}.name`, entry.name), ...optionalText(`${at}.keyUrl`, entry.keyUrl));
  if (entry.models !== undefined) problems.push(...modelsProblems(at, entry.models));
  if (entry.gaps !== undefined) problems.push(...gapProblems(at, entry.gaps));
  if (entry.quirks !== undefined) problems.push(...quirkProblems(at, entry.quirks));
  return problems;
}

/** What is wrong with the config's `providers`: overrides of catalog providers, and new providers. */
export function providerProblems(providers: unknown, adapterNames: readonly string[]): string[] {
  if (!isRecord(providers)) {
    return ['providers: must map provider ids to { baseUrl?, model? } or { protocol, baseUrl, model, … }'];
  }
  const catalogIds = PROVIDERS.map((p) => p.id);
  return Object.entries(providers).flatMap(([id, entry]) => {
    if (!isRecord(entry)) {
      return [
        `providers.${id}: must be an object: ${
          catalogIds.includes(id) ? '{ baseUrl?, model? }' : '{ protocol, baseUrl, model, keyEnv?, gaps? }'
        }`,
      ];
    }
    return catalogIds.includes(id)
      ? overrideProblems(id, entry)
      : definitionProblems(id, entry, adapterNames);
  });
}
