/** Redirects followed within one origin before the chain counts as a loop. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Headers that describe a request body: dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/**
 * A redirect the live fetch does not follow: to another origin (the key would go with it, in whatever header the
 * provider's SDK puts it, and undici strips only `Authorization`), in a loop, or past MAX_REDIRECTS. Named like
 * a connection failure: no answer came from the provider asked.
 */
export class RedirectError extends Error {
  override name = 'RedirectError';
}

export interface Hop {
  url: string;
  init: RequestInit;
}

/** Where a response sends the request next, or undefined when it is not a redirect (or its Location is unusable). */
function locationOf(response: Response, from: string): URL | undefined {
  if (!REDIRECT_STATUSES.has(response.status)) return undefined;
  const location = response.headers.get('location');
  if (location === null) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

/** The URL as it may appear in a message: origin and path, no query (a key may travel there). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The request a redirect asks for, as the fetch standard rewrites it (303, or 301/302 after a POST, become a GET). */
function rewritten(hop: Hop, status: number, to: URL): Hop {
  const method = (hop.init.method ?? 'GET').toUpperCase();
  const toGet =
    (status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
  if (!toGet) return { url: to.href, init: hop.init };
  const headers = new Headers(hop.init.headers);
  for (const name of BODY_HEADERS) headers.delete(name);
  const { body: _body, ...rest } = hop.init;
  return { url: to.href, init: { ...rest, method: 'GET', headers } };
}

/**
 * Sends a request and follows its redirects within the origin it was sent to, at most MAX_REDIRECTS of them. A
 * redirect to another origin is never followed: the request carries the provider's key, and the provider's own
 * SDK cannot know which header holds it. The caller's `redirect: 'manual'` or `'error'` is honoured.
 */
export async function sendFollowingRedirects(
  send: (hop: Hop) => Promise<Response>,
  request: Hop,
  provider?: string,
): Promise<Response> {
  const mode = request.init.redirect ?? 'follow';
  const origin = new URL(request.url).origin;
  const name = provider ?? origin;
  const visited = new Set<string>([request.url]);
  let hop: Hop = request;
  for (let hops = 0; ; hops++) {
    const response = await send({ url: hop.url, init: { ...hop.init, redirect: 'manual' } });
    const to = mode === 'manual' ? undefined : locationOf(response, hop.url);
    if (to === undefined) return response;
    // Frees the socket now rather than whenever the garbage collector gets to it.
    response.body?.cancel().catch(() => {});
    const fix = 'point --base-url at the final URL';
    if (mode === 'error') {
      throw new RedirectError(
        `${name} redirected to ${shown(to)}, and the request asked not to follow: ${fix}`,
      );
    }
    if (to.origin !== origin) {
      throw new RedirectError(
        `${name} redirected to ${to.origin}: not followed, so the key is not sent there; ${fix}`,
      );
    }
    if (visited.has(to.href)) {
      throw new RedirectError(
        `${name} redirected in a loop (back to ${shown(to)} after ${hops + 1} redirect${hops === 0 ? '' : 's'}): ` +
          `not followed further; ${fix}`,
      );
    }
    if (hops >= MAX_REDIRECTS) {
      throw new RedirectError(
        `${name} redirected more than ${MAX_REDIRECTS} times (last to ${shown(to)}): not followed further; ${fix}`,
      );
    }
    visited.add(to.href);
    hop = rewritten(hop, response.status, to);
  }
}
