/**
 * A key in each form a hostile server may echo it in: what redaction must remove and `verify` must flag. Built
 * independently of src/secrets/secret-forms.ts, with the encoders a server would use.
 */
export function keyForms(key: string): Record<string, string> {
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return {
    raw: key,
    'upper case': key.toUpperCase(),
    'lower case (a header name)': key.toLowerCase(),
    'mixed case': [...key].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''),
    base64: b64(key),
    'base64url (no padding)': Buffer.from(key).toString('base64url'),
    'Basic api:key': `Basic ${b64(`api:${key}`)}`,
    'Basic :key': `Basic ${b64(`:${key}`)}`,
    'Basic ab:key': `Basic ${b64(`ab:${key}`)}`,
    'Basic user:key': `Basic ${b64(`user:${key}`)}`,
    'base64 inside a longer blob': b64(`{"user":"u","key":"${key}","more":"data follows"}`),
    'every character \\u-escaped': [...key].map(unicode).join(''),
    'some characters \\u-escaped': [...key].map((c, i) => (i % 3 === 1 ? unicode(c) : c)).join(''),
    'upper-case \\u escapes': [...key].map((c) => unicode(c).toUpperCase().replace('\\U', '\\u')).join(''),
    'URL-encoded (encodeURIComponent)': encodeURIComponent(key),
    'every character URL-encoded': [...key].map(percent).join(''),
    'lower-case percent escapes': [...key].map(percent).join('').toLowerCase(),
  };
}

/**
 * Where a key still shows in a text, decoded the way a reader could: JSON `\u` and percent escapes and backslashes
 * undone, letter case ignored, and every run of base64 digits decoded. Empty when the key is nowhere.
 */
export function keyLeaks(text: string, key: string): string[] {
  const found: string[] = [];
  const decoded = text
    .replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\+([^A-Za-z0-9])/g, '$1');
  if (decoded.toLowerCase().includes(key.toLowerCase())) found.push('as text (any case, escapes undone)');
  for (const source of [text, decoded]) {
    for (const [run] of source.matchAll(/[A-Za-z0-9+/_-]{6,}={0,2}/g)) {
      for (let shift = 0; shift < 4; shift++) {
        if (Buffer.from(run.slice(shift), 'base64').toString('latin1').includes(key)) {
          found.push(`base64-encoded in '${run.slice(0, 12)}…'`);
          break;
        }
      }
    }
  }
  return [...new Set(found)];
}
