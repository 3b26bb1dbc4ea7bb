/**
 * The built-in wire protocols. Each is a folder under `src/protocols/` and a line in the registry
 * (`src/protocols/index.ts`, typed so that neither list can lack a name the other has). The names live apart so
 * that what only validates names (the config) does not load every protocol's reader and checks.
 */
export const PROTOCOLS = [
  'openai-chat',
  'anthropic-messages',
  'gemini',
  'mistral-chat',
  'ollama-chat',
] as const;

export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value);
}
