import { BASE58, HEX, type Rng } from './prng.ts';

/** A whole error answer: status, headers, body. */
export interface StatusAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What the shape follows. */
  source: string;
}

export type StatusFault = 'rate-limited' | 'server-error' | 'overloaded';

const json = 'application/json';
const pretty = (value: unknown, indent = 2): string => `${JSON.stringify(value, null, indent)}\n`;

const openai = (rng: Rng) => ({ 'content-type': json, 'x-request-id': `req_${rng.chars(HEX, 32)}` });
const anthropicId = (rng: Rng) => `req_011C${rng.chars(BASE58, 20)}`;

const googleError = (code: number, status: string, message: string, details?: unknown[]) =>
  pretty({ error: { code, message, status, ...(details ? { details } : {}) } });

/** Status errors per provider, in each provider's documented error shape (see `source`). */
export const STATUS_ANSWERS: Record<string, Record<StatusFault, (rng: Rng) => StatusAnswer>> = {
  openai: {
    'rate-limited': (rng) => ({
      status: 429,
      headers: {
        ...openai(rng),
        'retry-after': '20',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '20s',
      },
      body: pretty(
        {
          error: {
            message:
              'Rate limit reached for gpt-4o in organization org-llmcompat on requests per min (RPM): Limit 500, ' +
              'Used 500, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits ' +
              'to learn more.',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        4,
      ),
      source:
        'documented format: OpenAI error codes (429 rate_limit_exceeded, Retry-After, x-ratelimit-* headers)',
    }),
    'server-error': (rng) => ({
      status: 500,
      headers: openai(rng),
      body: pretty(
        {
          error: {
            message: 'The server had an error while processing your request. Sorry about that!',
            type: 'server_error',
            param: null,
            code: null,
          },
        },
        4,
      ),
      source:
        'documented format: OpenAI error codes (500 "The server had an error while processing your request")',
    }),
    overloaded: (rng) => ({
      status: 503,
      headers: openai(rng),
      body: pretty(
        {
          error: {
            message: 'The engine is currently overloaded, please try again later',
            type: 'server_error',
            param: null,
            code: null,
          },
        },
        4,
      ),
      source: 'documented format: OpenAI error codes (503 "The engine is currently overloaded")',
    }),
  },
  anthropic: {
    'rate-limited': (rng) => {
      const id = anthropicId(rng);
      return {
        status: 429,
        headers: {
          'content-type': json,
          'request-id': id,
          'retry-after': '20',
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2026-11-26T09:00:20Z',
        },
        body: JSON.stringify({
          type: 'error',
          error: {
            type: 'rate_limit_error',
            message:
              'This request would exceed the rate limit for your organization of 50 requests per minute. ' +
              'For details, refer to: https://docs.claude.com/en/api/rate-limits.',
          },
          request_id: id,
        }),
        source:
          'documented format: Anthropic API errors (429 rate_limit_error with retry-after) and rate-limit headers',
      };
    },
    'server-error': (rng) => {
      const id = anthropicId(rng);
      return {
        status: 500,
        headers: { 'content-type': json, 'request-id': id },
        body: JSON.stringify({
          type: 'error',
          error: { type: 'api_error', message: 'Internal server error' },
          request_id: id,
        }),
        source: 'documented format: Anthropic API errors (500 api_error)',
      };
    },
    overloaded: (rng) => {
      const id = anthropicId(rng);
      return {
        status: 529,
        headers: { 'content-type': json, 'request-id': id },
        body: JSON.stringify({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
          request_id: id,
        }),
        source: 'documented format: Anthropic API errors (529 overloaded_error)',
      };
    },
  },
  google: {
    'rate-limited': () => ({
      status: 429,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: googleError(
        429,
        'RESOURCE_EXHAUSTED',
        'You exceeded your current quota, please check your plan.',
        [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34s' },
        ],
      ),
      source: 'wire-samples/ai-sdk/google/google-429-retry-info.json (vercel/ai@ed857f5, Apache-2.0)',
    }),
    'server-error': () => ({
      status: 503,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
      source: 'documented format: Gemini API troubleshooting (503 UNAVAILABLE)',
    }),
    overloaded: () => ({
      status: 503,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
      source: 'documented format: Gemini API troubleshooting (503 UNAVAILABLE, "The model is overloaded")',
    }),
  },
  mistral: {
    'rate-limited': () => ({
      status: 429,
      headers: { 'content-type': json },
      body: JSON.stringify({
        object: 'error',
        message: 'Requests rate limit exceeded',
        type: 'rate_limited',
        param: null,
        code: '1300',
      }),
      source: 'guessed: Mistral error body ({object:"error",message,type,param,code}); no Retry-After',
    }),
    'server-error': () => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body:
        '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>' +
        '\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
      source: 'guessed: a gateway in front of the API answering 502 with its own HTML page',
    }),
    overloaded: () => ({
      status: 503,
      headers: { 'content-type': json },
      body: JSON.stringify({
        object: 'error',
        message: 'Service tier capacity exceeded for this model.',
        type: 'service_tier_capacity_exceeded',
        param: null,
        code: '3505',
      }),
      source: 'guessed: Mistral error body with its capacity message, as a 503',
    }),
  },
  ollama: {
    'rate-limited': () => ({
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        error: 'you have reached your hourly usage limit, please wait or upgrade to continue',
      }),
      source:
        'guessed: Ollama error body ({"error": "…"}) from a hosted Ollama; a local server does not rate-limit',
    }),
    'server-error': () => ({
      status: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: 'llama runner process has terminated: signal: killed' }),
      source:
        'documented format: Ollama API errors ({"error": "…"}); message as Ollama reports a crashed runner',
    }),
    overloaded: () => ({
      status: 503,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: 'server busy, please try again.  maximum pending requests exceeded' }),
      source: 'documented format: Ollama FAQ (503 when OLLAMA_MAX_QUEUE is exceeded) and its error text',
    }),
  },
};

/** A captive portal's sign-in page, served with 200 in place of the API. */
export const PORTAL_PAGE =
  '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Sign in to the network</title></head>\n' +
  '<body><h1>Sign in to continue</h1><p>Accept the terms of use to reach the internet.</p>' +
  '<form method="post" action="/login"><button>Accept and connect</button></form></body>\n</html>\n';

/** How each protocol reports an error part-way through a 200 stream, and what that follows. */
export const MID_STREAM_ERRORS: Record<string, { text: (eol: string) => string; source: string }> = {
  openai: {
    text: () =>
      `data: ${JSON.stringify({
        id: 'gen-1795683660-llmcompatMidStreamErr',
        object: 'chat.completion.chunk',
        created: 1795683660,
        model: 'gpt-4o',
        provider: 'OpenAI',
        error: { code: 'server_error', message: 'Provider disconnected unexpectedly' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      })}\n\n`,
    source:
      'documented format: OpenRouter errors during streaming (a 200 chunk with error and finish_reason "error")',
  },
  anthropic: {
    text: () =>
      `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } })}\n\n`,
    source: 'documented format: Anthropic streaming (an `event: error` part-way through a 200 stream)',
  },
  google: {
    text: (eol) =>
      `data: {"error": {"code": 500,"message": "An internal error has occurred. Please retry or report in ` +
      `https://developers.generativeai.google/guide/troubleshooting","status": "INTERNAL"}}${eol}${eol}`,
    source: 'documented format: Gemini API errors (500 INTERNAL) as an error object in the SSE stream',
  },
  mistral: {
    text: () =>
      `data: ${JSON.stringify({ error: { message: 'Internal server error', type: 'internal_server_error', param: null, code: '3000' } })}\n\n`,
    source:
      'guessed: Mistral documents no mid-stream error; its error body under `error`, as OpenAI-compatible servers stream one',
  },
  ollama: {
    text: () =>
      `${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`,
    source: 'documented format: Ollama API streaming errors (an {"error": "…"} line in the NDJSON stream)',
  },
};
