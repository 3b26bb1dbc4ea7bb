import { withBody } from './with-body.ts';

/** The default cap on one response body: far above any chat answer, far below what would strain memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** `2 GB`, `10 MB`, `512 KB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${Number((bytes / (1024 * 1024 * 1024)).toFixed(1))} GB`;
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** What a cap counts: a body's bytes, the wire tap's chunk records of it, or the taps' memory for all bodies. */
export type TooLargeUnit = 'bytes' | 'chunks' | 'memory';

const TOO_LARGE_ENDINGS: Record<TooLargeUnit, (limit: number) => string> = {
  bytes: (limit) =>
    `past the ${formatBytes(limit)} cap (maxResponseBytes ${limit}); reading stopped there. ` +
    'Raise LLMCOMPAT_MAX_RESPONSE_BYTES if such answers are expected',
  chunks: (limit) =>
    `past the cap of ${limit.toLocaleString('en-US')} chunks the wire tap keeps per response; reading stopped ` +
    'there. No answer within the byte cap comes in that many pieces: the server sends a few bytes at a time',
  memory: (limit) =>
    `past the ${formatBytes(limit)} the wire tap may hold for all responses at once; reading stopped there, at ` +
    'the largest. Fewer requests at once (a lower concurrency) leave each response more room',
};

/**
 * A body that passed a cap: its bytes (`maxResponseBytes`), the chunks the wire tap would have to keep of it
 * (MAX_TAPPED_CHUNKS, chunk-records.ts), or the memory the wire taps hold for all responses being read at once
 * (TAP_MEMORY_BYTES, tap-memory.ts). Classified `oversized`; the message names the cap and what to do.
 */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  /** The cap that was passed, in `unit` (memory: bytes). */
  readonly limit: number;
  readonly unit: TooLargeUnit;

  constructor(limit: number, detail: string, unit: TooLargeUnit = 'bytes') {
    super(`response too large: ${detail}, ${TOO_LARGE_ENDINGS[unit](limit)}`);
    this.limit = limit;
    this.unit = unit;
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
