/** A base URL must be absolute http(s), or the SDKs fail later with less helpful words. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not a valid URL: give an absolute URL such as https://api.example.com/v1`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `'${value}' is not an http(s) URL`;
  }
  return undefined;
}

/** Provider ids name fixture folders and are matched by `--provider` globs and `--base-url <id>=…` pairs. */
export const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/i;

export const PROVIDER_ID_RULE =
  "letters, digits, '.', '_' and '-', starting with a letter or digit (it names the fixture folder)";

/** A name a shell can export. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
