import { appendFile, stat } from 'node:fs/promises';

/** GitHub refuses a step summary over 1 MiB and then shows none of it. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

const TRUNCATED =
  '\n\n_… cut here: GitHub shows at most 1 MiB of summary per step. The full report is in the uploaded artifacts._\n';

/** The longest head of `markdown`, cut at a line end, that fits `budget` bytes with the truncation note. */
function fitToBudget(markdown: string, budget: number): string {
  if (Buffer.byteLength(markdown) <= budget) return markdown;
  const room = budget - Buffer.byteLength(TRUNCATED);
  if (room <= 0) return '';
  let head = Buffer.from(markdown).subarray(0, room).toString('utf8');
  // A cut inside a multi-byte character decodes to U+FFFD; a cut at a line end drops it, and half a table row.
  const lineEnd = head.lastIndexOf('\n');
  head = lineEnd > 0 ? head.slice(0, lineEnd) : head.replace(/\uFFFD$/, '');
  return `${head}${TRUNCATED}`;
}

/**
 * Appends Markdown to the GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`) when the variable is set, cut to
 * fit GitHub's limit. Returns the file written, or undefined outside GitHub Actions (nothing is written).
 */
export async function appendGithubSummary(
  markdown: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  const used = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  const text = fitToBudget(
    markdown.endsWith('\n') ? markdown : `${markdown}\n`,
    STEP_SUMMARY_LIMIT_BYTES - used - 1,
  );
  if (text === '') return undefined;
  await appendFile(file, used > 0 ? `\n${text}` : text, 'utf8');
  return file;
}
