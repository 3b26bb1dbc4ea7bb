import type { ProviderEntry } from '../catalog/providers.ts';
import type { ClientSpec } from '../config/client-config.ts';
import type { RunSettings } from '../config/run-settings.ts';
import { UsageError } from '../core/usage-error.ts';
import { createClientAdapter } from './client-adapter.ts';
import { type ClientProcessOptions, startClientProcess } from './client-process.ts';
import { startGateway } from './gateway.ts';

/** The client a run's cases go through, as the report names it. */
export interface ClientIdentity {
  /** The name it was selected by (`--client <name>`). */
  name: string;
  /** The version its `hello` gave. */
  version: string;
}

export interface ClientRun {
  client: ClientIdentity;
  /** The run's settings with every provider the client speaks driven through it. */
  settings: RunSettings;
  /** Why a provider's cases are skipped for this client (it does not speak the provider's protocol), if they are. */
  skipReason(provider: ProviderEntry): string | undefined;
  /** `bye` at the end of a run; `kill` when it was interrupted. */
  close(how: 'bye' | 'kill'): Promise<void>;
}

/**
 * Starts a run's external client: one process for the whole run (`hello` exchanged), and one gateway on 127.0.0.1
 * that its calls' requests go through. Record mode is refused: fixtures are recorded with the built-in adapters,
 * whose requests every client is then compared with.
 */
export async function startClientRun(
  spec: ClientSpec,
  settings: RunSettings,
  options: ClientProcessOptions,
): Promise<ClientRun> {
  if (settings.mode === 'record') {
    throw new UsageError(
      `--client runs in recorded or live mode, not record: fixtures are recorded with the built-in adapters. ` +
        `Use 'llmcompat run --client ${spec.name}' (recorded) or add '--mode live'.`,
    );
  }
  const client = await startClientProcess(spec, options);
  const gateway = await startGateway().catch(async (error: unknown) => {
    await client.close('kill');
    throw error;
  });
  const spoken = client.hello.protocols.filter(
    (protocol) => !spec.protocols || spec.protocols.includes(protocol),
  );
  const speaks = (provider: ProviderEntry) => spoken.includes(provider.protocol);
  const providers = settings.providers.map((provider) =>
    speaks(provider)
      ? {
          ...provider,
          adapter: (config: Parameters<typeof createClientAdapter>[1]) =>
            createClientAdapter({ client, gateway, provider }, config),
        }
      : provider,
  );
  return {
    client: { name: spec.name, version: client.hello.client.version },
    settings: { ...settings, providers },
    skipReason(provider) {
      if (speaks(provider)) return undefined;
      if (client.hello.protocols.includes(provider.protocol)) {
        return `clients.${spec.name}.protocols leaves out ${provider.protocol}, which ${provider.id} speaks`;
      }
      const which = client.hello.protocols.join(', ');
      return `client ${spec.name} speaks ${which} only; ${provider.id} speaks ${provider.protocol}`;
    },
    async close(how) {
      await Promise.all([client.close(how), gateway.close()]);
    },
  };
}
