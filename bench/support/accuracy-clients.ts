import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CHAT_BODY, sdkStream, streamTextCase } from './bench-requests.ts';
import { type FirstContent, firstContent } from './openai-sse.ts';

/** One request, from the client's side: when its first content delta was seen, on the `performance.now()` clock. */
export type Client = () => Promise<FirstContent>;

interface TimedBytes {
  t: number;
  bytes: Uint8Array;
}

function decodeTimed(chunks: readonly TimedBytes[]): { t: number; text: string }[] {
  const decoder = new TextDecoder();
  return chunks.map(({ t, bytes }) => ({ t, text: decoder.decode(bytes, { stream: true }) }));
}

function found(first: FirstContent | undefined): FirstContent {
  if (!first) throw new Error('no content delta in the response');
  return first;
}

/** The floor: node:http, bytes stamped in the `data` handler. */
export function nodeHttpClient(baseUrl: string): Client {
  const url = `${baseUrl}/v1/chat/completions`;
  return () =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          const chunks: TimedBytes[] = [];
          res.on('data', (bytes: Buffer) => chunks.push({ t: performance.now(), bytes }));
          res.on('end', () => {
            try {
              resolve(found(firstContent(decodeTimed(chunks))));
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(CHAT_BODY);
    });
}

/** Node's fetch, bytes stamped as the body reader hands them over. */
export function fetchClient(baseUrl: string): Client {
  const url = `${baseUrl}/v1/chat/completions`;
  return async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHAT_BODY,
    });
    if (!response.body) throw new Error('no body');
    const reader = response.body.getReader();
    const chunks: TimedBytes[] = [];
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      chunks.push({ t: performance.now(), bytes: read.value });
    }
    return found(firstContent(decodeTimed(chunks)));
  };
}

/** The openai SDK alone: the first delta with content, in user code. */
export function openAiSdkClient(baseUrl: string): Client {
  const stream = sdkStream(baseUrl);
  return async () => {
    let first: FirstContent | undefined;
    for await (const chunk of await stream()) {
      if (first === undefined && chunk.choices[0]?.delta?.content) {
        const seenAt = performance.now();
        const writtenAt = (chunk as unknown as { written_at?: unknown }).written_at;
        if (typeof writtenAt === 'number') first = { seenAt, writtenAt };
      }
    }
    return found(first);
  };
}

/**
 * The harness: one `stream.text` case through runCase, the first content chunk's time as the tap recorded it.
 * `baseFetch` is what the case sends with: Node's fetch, or the stamping relay's.
 */
export function harnessClient(baseUrl: string, baseFetch: typeof fetch = globalThis.fetch): Client {
  const run = streamTextCase(baseUrl);
  return async () => {
    // The tap's times count from its call of this fetch; noting the call here puts them back on the process clock.
    let sentAt = 0;
    const { chunks } = await run((input, init) => {
      sentAt = performance.now();
      return baseFetch(input, init);
    });
    return found(firstContent(chunks.map((chunk) => ({ t: sentAt + chunk.t, text: chunk.text }))));
  };
}
