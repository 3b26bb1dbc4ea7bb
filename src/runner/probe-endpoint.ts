/**
 * Whether anything answers HTTP at a base URL within the time allowed (a keyless local server such as Ollama is
 * probed before its cases run, so a stopped server is a quick skip rather than 14 timeouts). Any HTTP answer counts.
 * Returns undefined when reachable, else the reason.
 */
export async function probeEndpoint(
  baseUrl: string,
  timeoutMs = 1500,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<string | undefined> {
  try {
    const response = await fetchImpl(new URL(baseUrl).origin, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    return cause ?? (error instanceof Error ? error.message : String(error));
  }
}
