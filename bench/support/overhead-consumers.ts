import { CHAT_BODY, sdkStream, streamTextCase } from './bench-requests.ts';

/** Reads one whole stream; returns the number of content chunks it saw (a check that it read them all). */
export type Consumer = () => Promise<number>;

/** The floor: Node's fetch, bytes read and dropped. */
export function rawFetchConsumer(baseUrl: string): Consumer {
  return async () => {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHAT_BODY,
    });
    if (!response.body) throw new Error('no body');
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.byteLength;
    return bytes;
  };
}

/** The openai SDK alone: every chunk iterated in user code. */
export function openAiSdkConsumer(baseUrl: string): Consumer {
  const stream = sdkStream(baseUrl);
  return async () => {
    let chunks = 0;
    for await (const chunk of await stream()) if (chunk.choices[0]?.delta?.content) chunks++;
    return chunks;
  };
}

/** The harness: one `stream.text` case through runCase, sending with Node's fetch or the stamping relay's. */
export function harnessConsumer(baseUrl: string, baseFetch: typeof fetch = globalThis.fetch): Consumer {
  const run = streamTextCase(baseUrl);
  return async () => (await run(baseFetch)).chunks.length;
}
