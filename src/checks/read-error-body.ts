export { bodyText } from '../wire/body-text.ts';

/** The `<title>` of an HTML page, or its first words. */
export function htmlTitle(body: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
  if (title) return title;
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, 120) : undefined;
}

export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype html|html|head|body)\b/i.test(body);
}

/** Digs the human message out of the error bodies providers send (`{error:{message}}`, arrays, `{message}`). */
export function providerMessage(body: string): string | undefined {
  if (looksLikeHtml(body)) {
    const title = htmlTitle(body);
    return title ? `an HTML page: "${title}"` : 'an HTML page';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() ? body.trim().slice(0, 300) : undefined;
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== 'object' || first === null) return undefined;
  const record = first as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return typeof record.message === 'string' ? record.message : undefined;
}
