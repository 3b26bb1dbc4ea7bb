// The one request every benchmark client sends to the loopback server, in each of the forms they send it.
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { findProvider } from '../../src/catalog/catalog.ts';
import { runCase } from '../../src/runner/run-case.ts';
import { SCENARIOS } from '../../src/scenarios/scenarios.ts';
import type { TappedExchange } from '../../src/wire/tap.ts';

const PROMPT = 'Count from 1 to 10, separated by spaces.';

/** The request body, for clients below the SDK (node:http, raw fetch). */
export const CHAT_BODY = JSON.stringify({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: PROMPT }],
  stream: true,
});

/** The openai SDK alone, retries off: each call streams one answer. */
export function sdkStream(baseUrl: string): () => Promise<AsyncIterable<ChatCompletionChunk>> {
  const client = new OpenAI({ apiKey: 'bench', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  return () =>
    client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
    });
}

/**
 * The harness: one `stream.text` case through runCase (openai-chat adapter, wire tap, collectStream, wire checks),
 * each call sending with the fetch it is given (Node's, or the stamping relay's) and resolving to the tapped
 * exchange of a case that passed.
 */
export function streamTextCase(baseUrl: string): (send: typeof fetch) => Promise<TappedExchange> {
  const scenario = SCENARIOS.find((candidate) => candidate.id === 'stream.text');
  if (!scenario) throw new Error('no stream.text scenario');
  const provider = findProvider('openai');
  return async (send) => {
    let exchange: TappedExchange | undefined;
    const result = await runCase({
      provider,
      scenario,
      mode: 'live',
      apiKey: 'bench',
      baseUrl: `${baseUrl}/v1`,
      transport: { fetch: send, diagnostics: () => [] },
      observe: ({ exchanges }) => {
        exchange = exchanges[0];
      },
    });
    if (result.status !== 'pass') throw new Error(`the case did not pass: ${result.reason ?? result.status}`);
    if (!exchange) throw new Error('the case sent no request');
    return exchange;
  };
}
