import { Ollama, type ChatRequest as OllamaChatRequest } from 'ollama';
import type { AdapterConfig, AdapterFactory, ChatRequest } from '../../core/adapter-contract.ts';
import { createWholeChunkStreamMapper, wholeChunkToResult } from '../shared/map-whole-chunk.ts';
import { convertToOllamaMessages } from './convert-to-ollama-messages.ts';
import { ollamaFinish } from './map-ollama-finish-reason.ts';
import { prepareOllamaTools } from './prepare-ollama-tools.ts';
import { readOllamaChunk } from './read-ollama-chunk.ts';

/** The SDK throws this when the body ends without a `done: true` line. */
const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';

/** toolChoice is not sent: /api/chat has no such field (the harness reports that Ollama ignores it). */
export function buildOllamaRequest(request: ChatRequest): Omit<OllamaChatRequest, 'stream'> {
  const body: Omit<OllamaChatRequest, 'stream'> = {
    model: request.model,
    messages: convertToOllamaMessages(request.messages),
  };
  if (request.tools !== undefined) body.tools = prepareOllamaTools(request.tools);
  // `format` takes "json" (JSON mode) or a JSON schema.
  if (request.responseFormat) {
    body.format = request.responseFormat.type === 'json-schema' ? request.responseFormat.schema : 'json';
  }
  const options: NonNullable<OllamaChatRequest['options']> = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.stop !== undefined) options.stop = request.stop;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (Object.keys(options).length > 0) body.options = options;
  // A thinking model's thoughts come back in message.thinking (without `think` they go into the content).
  if (request.reasoning !== undefined) body.think = true;
  return body;
}

/**
 * The SDK takes no per-call AbortSignal (its streams carry an internal one), so each call gets a client
 * whose fetch also listens to the caller's signal.
 */
function createClient(config: AdapterConfig, signal: AbortSignal | undefined): Ollama {
  const fetchWithSignal: typeof fetch = (input, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s != null);
    return config.fetch(input, { ...init, signal: signals.length > 0 ? AbortSignal.any(signals) : null });
  };
  return new Ollama({
    host: config.baseUrl,
    fetch: fetchWithSignal,
    // Plain local Ollama needs no key; Ollama Cloud and authenticating proxies take a bearer token.
    ...(config.apiKey ? { headers: { Authorization: `Bearer ${config.apiKey}` } } : {}),
  });
}

export const createOllamaChatAdapter: AdapterFactory = (config) => ({
  protocol: 'ollama-chat',

  async complete(request, signal) {
    const response = await createClient(config, signal).chat({
      ...buildOllamaRequest(request),
      stream: false,
    });
    return wholeChunkToResult(readOllamaChunk(response), ollamaFinish);
  },

  async *stream(request, signal) {
    const lines = await createClient(config, signal).chat({ ...buildOllamaRequest(request), stream: true });
    // Tool calls arrive whole, each in a line of its own or several in one; usage and the finish come
    // with `done: true`.
    const mapLine = createWholeChunkStreamMapper(readOllamaChunk, ollamaFinish);
    let ended = false;
    try {
      for await (const line of lines) yield* mapLine(line);
      ended = true;
    } catch (error) {
      // A body cut short before `done: true` is for the checks to report (no finish event), like the
      // other protocols' streams; every other error propagates.
      if (!(error instanceof Error && error.message === NO_DONE_MESSAGE)) throw error;
      ended = true;
    } finally {
      // The consumer stopped early: release the connection.
      if (!ended) lines.abort();
    }
  },
});
