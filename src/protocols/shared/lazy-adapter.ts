import type { Adapter, AdapterConfig, AdapterFactory } from '../../core/adapter-contract.ts';

/**
 * A factory whose SDK is imported on the first request, not at start-up: the five SDKs together weigh ~200 MB of
 * RSS, and a run (or a test) that touches one protocol should not pay for all of them.
 */
export function lazyAdapter(protocol: string, load: () => Promise<AdapterFactory>): AdapterFactory {
  return (config: AdapterConfig): Adapter => {
    let adapter: Promise<Adapter> | undefined;
    const ready = () => {
      adapter ??= load().then((factory) => factory(config));
      return adapter;
    };
    return {
      protocol,
      async complete(request, signal) {
        return (await ready()).complete(request, signal);
      },
      async *stream(request, signal) {
        yield* (await ready()).stream(request, signal);
      },
    };
  };
}
