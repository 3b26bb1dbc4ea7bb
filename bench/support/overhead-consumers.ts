import OpenAI from 'openai';
import { findProvider } from '../../src/catalog/catalog.ts';
import { runCase } from '../../src/runner/run-case.ts';
import { SCENARIOS } from '../../src/scenarios/scenarios.ts';

/** Reads one whole stream; returns the number of content chunks it saw (a check that it read them all). */
export type Consumer = () => Promise<number>;

const PROMPT = 'Count from 1 to 10, separated by spaces.';

/** The floor: Node's fetch, bytes read and dropped. */
export function rawFetchConsumer(baseUrl: string): Consumer {
  const body = JSON.stringify({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: PROMPT }],
    stream: true,
  });
  return async () => {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (!response.body) throw new Error('no body');
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.byteLength;
    return bytes;
  };
}

/** The openai SDK alone: every chunk iterated in user code. */
export function openAiSdkConsumer(baseUrl: string): Consumer {
  const client = new OpenAI({ apiKey: 'bench', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  return async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
    });
    let chunks = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) chunks++;
    return chunks;
  };
}

/**
 * The harness: one `stream.text` case through runCase (adapter, wire tap, collectStream, wire checks), sending with
 * `baseFetch` (Node's fetch, or the stamping relay's).
 */
export function harnessConsumer(baseUrl: string, baseFetch: typeof fetch = globalThis.fetch): Consumer {
  const scenario = SCENARIOS.find((candidate) => candidate.id === 'stream.text');
  if (!scenario) throw new Error('no stream.text scenario');
  const provider = findProvider('openai');
  return async () => {
    let chunks = 0;
    const result = await runCase({
      provider,
      scenario,
      mode: 'live',
      apiKey: 'bench',
      baseUrl: `${baseUrl}/v1`,
      transport: { fetch: (input, init) => baseFetch(input, init), diagnostics: () => [] },
      observe: ({ exchanges }) => {
        chunks = exchanges[0]?.chunks.length ?? 0;
      },
    });
    if (result.status !== 'pass') throw new Error(`the case did not pass: ${result.reason ?? result.status}`);
    return chunks;
  };
}
