/** The same response (status, status text, headers, URL) over another body: how each fetch wrapper hands one on. */
export function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const replaced = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has an empty, read-only `url`: keep the one fetch gave.
  Object.defineProperty(replaced, 'url', { value: response.url });
  return replaced;
}
