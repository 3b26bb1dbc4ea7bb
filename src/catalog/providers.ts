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
   * The model a capability needs where the default one lacks it (a reasoning model): a case of that capability asks
   * for this one. `--model <provider>/<capability>=<model>` or the config's `models` overrides it.
   */
  models?: Partial<Record<Capability, string>>;
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

const OLLAMA_NATIVE_NO_TOOL_CHOICE =
  'Ollama has no tool_choice: /api/chat has no such field (ollama/ollama#11171), so the model decides whether to ' +
  'call a tool, and which';
const OLLAMA_OPENAI_TOOL_CHOICE_IGNORED =
  'Ollama has no tool_choice: its OpenAI endpoint takes the field but ignores it, a tool forced by name too ' +
  '(ollama/ollama#17921), so the model decides whether to call a tool, and which';
const OLLAMA_NO_CHOICE_TO_REFUSE =
  'Ollama has no tool_choice (ollama/ollama#11171), so tool_choice without tools is nothing it refuses: the ' +
  'request is answered with 200';
/** A text-only default model; the reason names a model that reads pictures, to pass with --model. */
const noVision = (model: string, visionModel: string) =>
  `${model} reads no pictures (text in, text out); ${visionModel} does`;
const OLLAMA_NO_VISION = (model: string, visionModel: string) =>
  `${noVision(model, visionModel)}; Ollama passes a picture to a model without a vision projector as an [img-0] ` +
  'placeholder, and the model says it sees none (stavsap/comfyui-ollama#57)';
const OLLAMA_NO_DOCUMENTS =
  "Ollama takes pictures only (the native images[], the OpenAI endpoint's image_url parts): no PDF reaches the model";
const GEMINI_FORMAT_WITH_TOOLS =
  'gemini-2.0-flash refuses a JSON response format with function declarations: HTTP 400 "Function calling with a ' +
  "response mime type: 'application/json' is unsupported\" (google/adk-python#5735; Gemini 3 models take both)";
/** A format constrains Ollama's whole answer to the schema, so no tool call can come out of it. */
const OLLAMA_FORMAT_WITHOUT_CALL =
  'with a format set, the answer is constrained to the schema and the tool call is lost (ollama/ollama#8095, closed ' +
  'without a fix)';
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
    models: { reasoning: 'o4-mini' },
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
    models: { reasoning: 'command-a-reasoning-08-2025' },
    gaps: {
      'stream-usage': 'the compatibility API rejects stream_options, so a stream carries no usage',
      'image-input': noVision('command-r-08-2024', 'command-a-vision-07-2025'),
      'document-input':
        'command-r-08-2024 reads text only, and the compatibility API documents no file parts',
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
    models: { reasoning: 'deepseek/deepseek-r1' },
    gaps: {
      'structured-tools':
        `${GEMINI_FORMAT_WITH_TOOLS}; OpenRouter passes the request to Google, and no report shows the refusal ` +
        'through OpenRouter itself',
    },
  },
  {
    id: 'together',
    name: 'Together AI',
    protocol: 'openai-chat',
    baseUrl: 'https://api.together.xyz/v1',
    keyEnv: 'TOGETHER_API_KEY',
    keyUrl: 'https://api.together.xyz/settings/api-keys',
    defaultModel: 'meta-llama/Llama-3.2-3B-Instruct-Turbo',
    models: { reasoning: 'deepseek-ai/DeepSeek-R1' },
    gaps: {
      'tool-streaming':
        'non-standard streaming format: tool calls arrive as <|python_tag|> text instead of tool_calls (dartantic disables tools)',
      'parallel-tools': 'Llama 3.2 3B emits one tool call per turn',
      reasoning:
        'DeepSeek-R1 served without a reasoning parser writes its thinking into the answer in <think> tags, as hosts ' +
        "other than DeepSeek's own API do (langgenius/dify#13152); sources do not say whether Together parses them out",
      'image-input': noVision('Llama 3.2 3B', 'meta-llama/Llama-3.2-11B-Vision-Instruct-Turbo'),
      'document-input': 'Llama 3.2 3B reads text only, and Together documents no file parts for chat',
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
    models: { reasoning: 'gemini-2.5-flash' },
    gaps: {
      reasoning:
        'the OpenAI endpoint returns Gemini thoughts only when asked in extra_body (google.thinking_config.' +
        'include_thoughts), which an OpenAI client does not send; sources silent on reasoning tokens in its usage',
      'structured-tools': GEMINI_FORMAT_WITH_TOOLS,
    },
  },
  {
    id: 'ollama-openai',
    name: 'Ollama (OpenAI-compatible)',
    protocol: 'openai-chat',
    baseUrl: 'http://localhost:11434/v1',
    keyUrl: 'https://ollama.com/download',
    defaultModel: 'llama3.2',
    models: { reasoning: 'qwen3' },
    gaps: {
      'parallel-tools': 'Llama 3.2 3B emits one tool call per turn',
      'tool-choice': OLLAMA_OPENAI_TOOL_CHOICE_IGNORED,
      'auth-errors': OLLAMA_NO_AUTH,
      'request-errors': OLLAMA_NO_CHOICE_TO_REFUSE,
      'structured-tools': OLLAMA_FORMAT_WITHOUT_CALL,
      'image-input': OLLAMA_NO_VISION('llama3.2', 'llama3.2-vision'),
      'document-input': OLLAMA_NO_DOCUMENTS,
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
    models: { reasoning: 'gemini-2.5-flash' },
    gaps: { 'structured-tools': GEMINI_FORMAT_WITH_TOOLS },
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
      'structured-tools':
        'claude-sonnet-4-0 has no JSON-schema output mode: after the tool call, the report is asked for in the prompt',
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
    models: { reasoning: 'magistral-small-2509' },
    gaps: {
      'image-input': noVision('open-mistral-7b', 'pixtral-12b-2409 (capabilities.vision in /v1/models)'),
      'document-input':
        'open-mistral-7b reads text only; document_url chunks (document QnA) need mistral-small-latest or larger',
    },
    quirks: { noStreamOptions: true },
  },
  {
    id: 'ollama',
    name: 'Ollama',
    protocol: 'ollama-chat',
    baseUrl: 'http://localhost:11434',
    keyUrl: 'https://ollama.com/download',
    defaultModel: 'qwen2.5:7b-instruct',
    models: { reasoning: 'qwen3' },
    gaps: {
      'tool-choice': OLLAMA_NATIVE_NO_TOOL_CHOICE,
      'auth-errors': OLLAMA_NO_AUTH,
      'request-errors': OLLAMA_NO_CHOICE_TO_REFUSE,
      'structured-tools': OLLAMA_FORMAT_WITHOUT_CALL,
      'image-input': OLLAMA_NO_VISION('qwen2.5:7b-instruct', 'qwen2.5vl:7b'),
      'document-input': OLLAMA_NO_DOCUMENTS,
    },
  },
];
