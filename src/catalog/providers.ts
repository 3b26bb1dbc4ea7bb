import type { AdapterFactory, RequestQuirks } from '../core/adapter-contract.ts';
import type { Capability } from '../core/capabilities.ts';
import type { Protocol } from '../core/protocol-names.ts';

/** One of the built-in wire protocols, or the name of a custom adapter registered in the config. */
export type ProviderProtocol = Protocol | (string & Record<never, never>);

export interface ProviderEntry {
  id: string;
  name: string;
  protocol: ProviderProtocol;
  /** What the protocol's official SDK takes as its base URL. */
  baseUrl: string;
  /** Environment variable holding the key; undefined for keyless local servers. */
  keyEnv?: string;
  keyUrl?: string;
  defaultModel: string;
  /**
   * Capabilities NOT expected of this provider, each with the reason. Everything else is declared: a failure there
   * fails CI, a failure here is a known gap.
   */
  gaps: Partial<Record<Capability, string>>;
  quirks?: RequestQuirks;
  /**
   * The adapter the config registered under this provider's protocol, when there is one: it replaces the built-in
   * adapter of that protocol, or drives a protocol the harness does not know.
   */
  adapter?: AdapterFactory;
}

/** A provider of the built-in catalog: always one of the built-in protocols. */
export interface CatalogEntry extends ProviderEntry {
  protocol: Protocol;
}

const OLLAMA_NO_TOOL_CHOICE = 'Ollama has no tool_choice: the model decides whether to call a tool';
const OLLAMA_NO_CHOICE_TO_REFUSE =
  'Ollama has no tool_choice (ollama/ollama#11171), so tool_choice without tools is nothing it refuses: the ' +
  'request is answered with 200';
const OLLAMA_NO_AUTH = 'a local Ollama server has no authentication: any key is accepted';

/** The ten providers of the dartantic "OpenAI Compat" wiki page, with what each is known to do. */
export const PROVIDERS: readonly CatalogEntry[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    protocol: 'openai-chat',
    baseUrl: 'https://api.openai.com/v1',
    keyEnv: 'OPENAI_API_KEY',
    keyUrl: 'https://platform.openai.com/api-keys',
    defaultModel: 'gpt-4o',
    gaps: {},
  },
  {
    id: 'cohere',
    name: 'Cohere (OpenAI-compatible)',
    protocol: 'openai-chat',
    baseUrl: 'https://api.cohere.com/compatibility/v1',
    keyEnv: 'COHERE_API_KEY',
    keyUrl: 'https://dashboard.cohere.com/api-keys',
    defaultModel: 'command-r-08-2024',
    gaps: {
      'stream-usage': 'the compatibility API rejects stream_options, so a stream carries no usage',
    },
    quirks: { noStreamOptions: true },
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    protocol: 'openai-chat',
    baseUrl: 'https://openrouter.ai/api/v1',
    keyEnv: 'OPENROUTER_API_KEY',
    keyUrl: 'https://openrouter.ai/keys',
    defaultModel: 'google/gemini-2.0-flash',
    gaps: {},
  },
  {
    id: 'together',
    name: 'Together AI',
    protocol: 'openai-chat',
    baseUrl: 'https://api.together.xyz/v1',
    keyEnv: 'TOGETHER_API_KEY',
    keyUrl: 'https://api.together.xyz/settings/api-keys',
    defaultModel: 'meta-llama/Llama-3.2-3B-Instruct-Turbo',
    gaps: {
      'tool-streaming':
        'non-standard streaming format: tool calls arrive as <|python_tag|> text instead of tool_calls (dartantic disables tools)',
      'parallel-tools': 'Llama 3.2 3B emits one tool call per turn',
    },
  },
  {
    id: 'google-openai',
    name: 'Google AI (OpenAI-compatible)',
    protocol: 'openai-chat',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    keyEnv: 'GEMINI_API_KEY',
    keyUrl: 'https://aistudio.google.com/app/apikey',
    defaultModel: 'gemini-2.0-flash',
    gaps: {},
  },
  {
    id: 'ollama-openai',
    name: 'Ollama (OpenAI-compatible)',
    protocol: 'openai-chat',
    baseUrl: 'http://localhost:11434/v1',
    keyUrl: 'https://ollama.com/download',
    defaultModel: 'llama3.2',
    gaps: {
      'parallel-tools': 'Llama 3.2 3B emits one tool call per turn',
      'tool-choice': OLLAMA_NO_TOOL_CHOICE,
      'auth-errors': OLLAMA_NO_AUTH,
      'request-errors': OLLAMA_NO_CHOICE_TO_REFUSE,
    },
  },
  {
    id: 'google',
    name: 'Google Gemini',
    protocol: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    keyEnv: 'GEMINI_API_KEY',
    keyUrl: 'https://aistudio.google.com/app/apikey',
    defaultModel: 'gemini-2.0-flash',
    gaps: {},
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    protocol: 'anthropic-messages',
    baseUrl: 'https://api.anthropic.com',
    keyEnv: 'ANTHROPIC_API_KEY',
    keyUrl: 'https://console.anthropic.com/settings/keys',
    defaultModel: 'claude-sonnet-4-0',
    gaps: {
      'structured-output':
        'claude-sonnet-4-0 has no JSON-schema output mode: the schema can only be asked for in the prompt',
      'json-mode':
        'the Messages API has no JSON mode (no response_format): JSON can only be asked for in the prompt, and ' +
        'claude-sonnet-4-0 answers it in a ```json fence, as its output.json-schema answer shows',
    },
  },
  {
    id: 'mistral',
    name: 'Mistral',
    protocol: 'mistral-chat',
    baseUrl: 'https://api.mistral.ai',
    keyEnv: 'MISTRAL_API_KEY',
    keyUrl: 'https://console.mistral.ai/api-keys',
    defaultModel: 'open-mistral-7b',
    gaps: {},
    quirks: { noStreamOptions: true },
  },
  {
    id: 'ollama',
    name: 'Ollama',
    protocol: 'ollama-chat',
    baseUrl: 'http://localhost:11434',
    keyUrl: 'https://ollama.com/download',
    defaultModel: 'qwen2.5:7b-instruct',
    gaps: {
      'tool-choice': OLLAMA_NO_TOOL_CHOICE,
      'auth-errors': OLLAMA_NO_AUTH,
      'request-errors': OLLAMA_NO_CHOICE_TO_REFUSE,
    },
  },
];
