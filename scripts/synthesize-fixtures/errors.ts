import { type ExpectedError, INVALID_API_KEY } from '../../src/scenarios/scenarios.ts';
import { ALNUM, BASE58, HEX, type Rng } from './prng.ts';
import type { WireContext, WireResponse } from './writers/wire.ts';

type ErrorKind = Exclude<ExpectedError, 'bad-request'>;

interface ErrorAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const pretty = (value: unknown, indent = 2): string => `${JSON.stringify(value, null, indent)}\n`;

/** OpenAI shows the start and end of the rejected key. */
const maskKey = (key: string): string => `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;

const GOOGLE_BAD_KEY = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      {
        '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
        locale: 'en-US',
        message: 'API key not valid. Please pass a valid API key.',
      },
    ],
  },
};

const googleNotFound = (model: string, version: string) => ({
  error: {
    code: 404,
    message:
      `models/${model} is not found for API version ${version}, or is not supported for generateContent. ` +
      'Call ListModels to see the list of available models and their supported methods.',
    status: 'NOT_FOUND',
  },
});

const ollamaNotFound = (model: string) => `model "${model}" not found, try pulling it first`;

type ErrorTable = Record<string, (kind: ErrorKind, model: string, rng: Rng) => ErrorAnswer>;

// Each provider's real error status and body shape (see the report for which are documented and which guessed).
const ERRORS: ErrorTable = {
  openai: (kind, model, rng) => {
    const error =
      kind === 'auth'
        ? {
            message:
              `Incorrect API key provided: ${maskKey(INVALID_API_KEY)}. ` +
              'You can find your API key at https://platform.openai.com/account/api-keys.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          }
        : {
            message: `The model \`${model}\` does not exist or you do not have access to it.`,
            type: 'invalid_request_error',
            param: null,
            code: 'model_not_found',
          };
    return {
      status: kind === 'auth' ? 401 : 404,
      body: pretty({ error }, 4),
      headers: { 'x-request-id': `req_${rng.chars(HEX, 32)}` },
    };
  },
  cohere: (kind, model) =>
    kind === 'auth'
      ? { status: 401, body: JSON.stringify({ message: 'invalid api token' }) }
      : {
          status: 404,
          body: JSON.stringify({
            message:
              `model '${model}' not found, make sure the correct model ID was used and that you have access ` +
              'to the model.',
          }),
        },
  openrouter: (kind, model) =>
    kind === 'auth'
      ? { status: 401, body: JSON.stringify({ error: { message: 'User not found.', code: 401 } }) }
      : {
          status: 400,
          body: JSON.stringify({ error: { message: `${model} is not a valid model ID`, code: 400 } }),
        },
  together: (kind, model, rng) => {
    const id = togetherId(rng);
    const error =
      kind === 'auth'
        ? {
            message:
              'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          }
        : {
            message:
              `Unable to access model ${model}. Please visit https://api.together.ai/models to view the list ` +
              'of supported models.',
            type: 'invalid_request_error',
            param: null,
            code: 'model_not_available',
          };
    return { status: kind === 'auth' ? 401 : 404, body: JSON.stringify({ id, error }) };
  },
  // Google's OpenAI endpoint wraps the native error in a JSON array, and a bad key is a 400, not a 401.
  'google-openai': (kind, model) =>
    kind === 'auth'
      ? { status: 400, body: `[${pretty(GOOGLE_BAD_KEY).trimEnd()}\n]` }
      : { status: 404, body: `[${pretty(googleNotFound(model, 'v1main')).trimEnd()}\n]` },
  'ollama-openai': (_kind, model) => ({
    status: 404,
    body: JSON.stringify({
      error: { message: ollamaNotFound(model), type: 'not_found_error', param: null, code: null },
    }),
  }),
  google: (kind, model) =>
    kind === 'auth'
      ? { status: 400, body: pretty(GOOGLE_BAD_KEY) }
      : { status: 404, body: pretty(googleNotFound(model, 'v1beta')) },
  anthropic: (kind, model, rng) => {
    const requestId = `req_011C${rng.chars(BASE58, 20)}`;
    const error =
      kind === 'auth'
        ? { type: 'authentication_error', message: 'invalid x-api-key' }
        : { type: 'not_found_error', message: `model: ${model}` };
    return {
      status: kind === 'auth' ? 401 : 404,
      body: JSON.stringify({ type: 'error', error, request_id: requestId }),
      headers: { 'request-id': requestId },
    };
  },
  mistral: (kind, model, rng) =>
    kind === 'auth'
      ? { status: 401, body: JSON.stringify({ message: 'Unauthorized', request_id: rng.chars(HEX, 32) }) }
      : {
          status: 400,
          body: JSON.stringify({
            object: 'error',
            message: `Invalid model: ${model}`,
            type: 'invalid_model',
            param: null,
            code: '1500',
          }),
        },
  ollama: (_kind, model) => ({ status: 404, body: JSON.stringify({ error: ollamaNotFound(model) }) }),
};

/** OpenRouter's refusal from upstream: its own words, and the provider's body verbatim in metadata.raw. */
const openRouterProviderError = (raw: string): ErrorAnswer => ({
  status: 400,
  body: JSON.stringify({
    error: {
      message: 'Provider returned error',
      code: 400,
      metadata: { raw, provider_name: 'Google AI Studio' },
    },
  }),
});

const TOOL_CHOICE_WITHOUT_TOOLS =
  "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
const GEMINI_CHOICE_WITHOUT_TOOLS = {
  error: {
    code: 400,
    message: 'Function calling config is set without function_declarations.',
    status: 'INVALID_ARGUMENT',
  },
};

/**
 * Each provider's answer to tool_choice required without tools. OpenAI's text is sampled (quoted by
 * writer/writer-framework#1013); the others follow each provider's documented error shape, their words guessed.
 */
const BAD_REQUESTS: Record<string, (rng: Rng) => ErrorAnswer> = {
  openai: (rng) => ({
    status: 400,
    body: pretty(
      {
        error: {
          message: TOOL_CHOICE_WITHOUT_TOOLS,
          type: 'invalid_request_error',
          param: 'tool_choice',
          code: null,
        },
      },
      4,
    ),
    headers: { 'x-request-id': `req_${rng.chars(HEX, 32)}` },
  }),
  cohere: () => ({
    status: 400,
    body: JSON.stringify({ message: 'tool_choice is only supported with tools' }),
  }),
  openrouter: () => openRouterProviderError(JSON.stringify(GEMINI_CHOICE_WITHOUT_TOOLS)),
  together: (rng) => ({
    status: 400,
    body: JSON.stringify({
      id: togetherId(rng),
      error: {
        message: TOOL_CHOICE_WITHOUT_TOOLS,
        type: 'invalid_request_error',
        param: 'tool_choice',
        code: null,
      },
    }),
  }),
  'google-openai': () => ({ status: 400, body: `[${pretty(GEMINI_CHOICE_WITHOUT_TOOLS).trimEnd()}\n]` }),
  google: () => ({ status: 400, body: pretty(GEMINI_CHOICE_WITHOUT_TOOLS) }),
  anthropic: (rng) => {
    const requestId = `req_011C${rng.chars(BASE58, 20)}`;
    return {
      status: 400,
      body: JSON.stringify({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'tool_choice: tool_choice may only be specified while providing tools.',
        },
        request_id: requestId,
      }),
      headers: { 'request-id': requestId },
    };
  },
  mistral: () => ({
    status: 400,
    body: JSON.stringify({
      object: 'error',
      message: 'Tool choice "any" requires tools to be provided',
      type: 'invalid_request_error',
      param: null,
      code: '3051',
    }),
  }),
};

// Gemini 2.x's words (google/adk-python#5735, symfony/ai#1777, google-gemini/deprecated-generative-ai-swift#195).
const GEMINI_FORMAT_WITH_TOOLS = {
  error: {
    code: 400,
    message: "Function calling with a response mime type: 'application/json' is unsupported",
    status: 'INVALID_ARGUMENT',
  },
};

/**
 * Gemini's refusal of a response format with tools, in each shape that carries Gemini's errors: native, the OpenAI
 * endpoint's array (Simpleyyt/ai-manus#101 quotes it), OpenRouter's provider error with the upstream body in
 * metadata.raw (its documented envelope; no report shows this refusal through OpenRouter).
 */
const FORMAT_WITH_TOOLS: Record<string, () => ErrorAnswer> = {
  google: () => ({ status: 400, body: pretty(GEMINI_FORMAT_WITH_TOOLS) }),
  'google-openai': () => ({ status: 400, body: `[${pretty(GEMINI_FORMAT_WITH_TOOLS).trimEnd()}\n]` }),
  openrouter: () => openRouterProviderError(pretty(GEMINI_FORMAT_WITH_TOOLS)),
};

/** Together's request ids: `okkMQHz-2kFHot-a023f584e9c5ff7e`. */
export const togetherId = (rng: Rng): string =>
  `${rng.chars(ALNUM, 7)}-${rng.chars(ALNUM, 6)}-${rng.chars(HEX, 16)}`;

const GOOGLE_CONTENT_TYPE = 'application/json; charset=UTF-8';
const CONTENT_TYPES: Record<string, string> = {
  google: GOOGLE_CONTENT_TYPE,
  'google-openai': GOOGLE_CONTENT_TYPE,
  'ollama-openai': 'application/json; charset=utf-8',
  ollama: 'application/json; charset=utf-8',
};

export function errorResponse(
  context: WireContext,
  kind: ExpectedError,
  refusal?: 'format-with-tools',
): WireResponse {
  const table = ERRORS[context.provider.id];
  const badRequest = (refusal === undefined ? BAD_REQUESTS : FORMAT_WITH_TOOLS)[context.provider.id];
  const answer =
    kind === 'bad-request' ? badRequest?.(context.rng) : table?.(kind, context.model, context.rng);
  if (!answer) throw new Error(`no ${kind} error shape for ${context.provider.id}`);
  return {
    status: answer.status,
    headers: {
      'content-type': CONTENT_TYPES[context.provider.id] ?? 'application/json',
      ...answer.headers,
    },
    chunks: [{ t: context.clock.error(), text: answer.body }],
  };
}
