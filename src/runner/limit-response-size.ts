import { withBody } from '../wire/with-body.ts';

/** The default cap on one response body: far above any chat answer, far below what would strain memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** `10 MB`, `512 KB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** A body that passed the cap; its message names the cap and how to raise it. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  readonly maxBytes: number;

  constructor(maxBytes: number, detail: string) {
    super(
      `response too large: ${detail}, past the ${formatBytes(maxBytes)} cap (maxResponseBytes ${maxBytes}); ` +
        'reading stopped there. Raise LLMCOMPAT_MAX_RESPONSE_BYTES if such answers are expected',
    );
    this.maxBytes = maxBytes;
  }
}

export function assertValidCap(maxBytes: number): void {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`maxResponseBytes must be a whole number ≥ 1, got ${maxBytes}`);
  }
}

/**
 * The response with its body capped at `maxBytes`: the bytes up to the cap pass through as they come, and the read
 * that would pass it errors the body with a ResponseTooLargeError and cancels the source (tearing down the
 * connection), so memory holds at most what was read. A declared content-length above the cap fails at the first read.
 */
export function limitResponseSize(response: Response, maxBytes: number): Response {
  const source = response.body;
  if (source === null) return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const reader = source.getReader();
  let total = 0;
  const tooLarge = (
    error: ResponseTooLargeError,
    controller: ReadableStreamDefaultController<Uint8Array>,
  ) => {
    reader.cancel(error).catch(() => {});
    controller.error(error);
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (declared > maxBytes) {
        tooLarge(new ResponseTooLargeError(maxBytes, `content-length says ${declared} bytes`), controller);
        return;
      }
      const read = await reader.read();
      if (read.done) {
        controller.close();
        return;
      }
      total += read.value.byteLength;
      if (total > maxBytes) {
        tooLarge(new ResponseTooLargeError(maxBytes, `${total} bytes arrived`), controller);
        return;
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return withBody(response, body);
}

/** A fetch whose every response body is capped at `maxBytes`. */
export function withResponseSizeLimit(baseFetch: typeof fetch, maxBytes: number): typeof fetch {
  assertValidCap(maxBytes);
  const limited = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    limitResponseSize(await baseFetch(input, init), maxBytes);
  return limited as typeof fetch;
}
