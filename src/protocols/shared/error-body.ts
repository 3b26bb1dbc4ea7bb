/** The error body OpenAI-style APIs send, `{error: {message, type, …}}`: the shape most SDKs read a message from. */
export function openAiStyleErrorBody(
  type: string,
  message: string,
  details: Record<string, unknown>,
): string {
  return JSON.stringify({ error: { message, type, ...details } });
}
