import { format } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

type Method = 'error' | 'warn' | 'log';

/** What the SDKs print when a stream carries a chunk that is not JSON: the fault a test fed them, seen. */
export const SDK_BAD_CHUNK = /^(Could not parse message into JSON:|From chunk:|invalid json: )/;

// For what a library prints on purpose when a test gives it broken input: in `npm test` output it would read as a
// failure. Only the messages matching `expected` are held back; every other message still shows.
// Plain replacement, not vi.spyOn: holds nest (a test's inside its file's), each passing on what it does not hold.
function hold(expected: RegExp, held: string[], methods: readonly Method[]): () => void {
  const previous = methods.map((method) => [method, console[method]] as const);
  for (const [method, passOn] of previous) {
    console[method] = (...args: unknown[]) => {
      const text = format(...args);
      if (expected.test(text)) held.push(text);
      else passOn.apply(console, args);
    };
  }
  return () => {
    for (const [method, passOn] of previous) console[method] = passOn;
  };
}

/** Runs `body` with the console messages matching `expected` held back, and hands them to the test to assert. */
export async function holdConsole<T>(
  expected: RegExp,
  body: () => Promise<T>,
  methods: readonly Method[] = ['error', 'warn'],
): Promise<{ result: T; held: string[] }> {
  const held: string[] = [];
  const restore = hold(expected, held, methods);
  try {
    return { result: await body(), held };
  } finally {
    restore();
  }
}

/**
 * As holdConsole, for a whole test file, from before its first test to after its last: the Anthropic SDK binds
 * console's methods the first time it logs, so a hold that starts later never sees its messages.
 */
export function holdConsoleInFile(
  expected: RegExp,
  methods: readonly Method[] = ['error', 'warn'],
): string[] {
  const held: string[] = [];
  let restore = () => {};
  beforeAll(() => {
    restore = hold(expected, held, methods);
  });
  afterAll(() => restore());
  return held;
}
