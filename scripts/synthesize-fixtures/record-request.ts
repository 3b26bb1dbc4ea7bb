import type { FixtureRequest } from '../../src/fixtures/fixture.ts';

export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else its text. */
  body: unknown;
}

const KEPT_HEADERS = ['content-type', 'accept', 'anthropic-version'];
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'];

/** Reads what an SDK handed to fetch, whatever form it took (URL + init, or a Request). */
export async function readRequest(input: RequestInfo | URL, init?: RequestInit): Promise<SentRequest> {
  const request = new Request(input, init);
  const text = await request.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { method: request.method, url: request.url, headers: request.headers, body };
}

/** The request as a fixture stores it: protocol headers only, credentials present but `REDACTED`. */
export function toFixtureRequest(sent: SentRequest): FixtureRequest {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = sent.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  for (const name of CREDENTIAL_HEADERS) if (sent.headers.has(name)) headers[name] = 'REDACTED';
  const url = new URL(sent.url);
  if (url.searchParams.has('key')) url.searchParams.set('key', 'REDACTED');
  const request: FixtureRequest = { method: sent.method, url: url.toString(), headers };
  if (sent.body !== undefined) request.body = sent.body;
  return request;
}
