import { createRedactor } from '../secrets/redact-secrets.ts';

/**
 * From now on, everything this process writes to stdout and stderr has the loaded keys removed, in every form
 * redaction knows. The harness's own output is redacted where results are made; this catches what libraries print
 * on their own (an SDK logging a chunk it could not parse, with the key a hostile server echoed into it).
 */
export function redactProcessOutput(secrets: readonly string[]): void {
  if (secrets.length === 0) return;
  const redactor = createRedactor(secrets);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') return write(redactor.text(chunk), ...rest);
      if (chunk instanceof Uint8Array)
        return write(redactor.text(Buffer.from(chunk).toString('utf8')), ...rest);
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
