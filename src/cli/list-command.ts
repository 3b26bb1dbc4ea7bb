import Table from 'cli-table3';
import { CAPABILITIES, CAPABILITY_IDS } from '../catalog/capabilities.ts';
import { declaration } from '../catalog/catalog.ts';
import { catalog } from '../config/config-providers.ts';
import { loadConfig } from '../config/load-config.ts';
import { ALL_SCENARIOS } from '../scenarios/all-scenarios.ts';
import { FAULT_SCENARIOS } from '../scenarios/fault-scenarios.ts';
import { SCENARIOS } from '../scenarios/scenarios.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const HELP = `llmcompat list — the providers, what each is expected to do, and the scenarios

Options:
  --json       Machine-readable output
  -h, --help   This help

Example:
  llmcompat list
`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function listCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('list', args, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ providers: catalog(await loadConfig(undefined)), scenarios: ALL_SCENARIOS }, null, 2)}\n`,
    );
    return 0;
  }
  // The catalog's ten plus any provider the config file adds.
  const entries = catalog(await loadConfig(undefined));
  const providers = new Table({
    head: ['provider', 'protocol', 'model', 'key', ...CAPABILITY_IDS.map((_, i) => String(i + 1))],
    style: { head: [], border: [] },
  });
  const gaps: string[] = [];
  for (const provider of entries) {
    const cells = CAPABILITY_IDS.map((capability) => {
      const { declared, reason } = declaration(provider, capability);
      if (!declared) gaps.push(`${provider.id} · ${capability}: ${reason}`);
      return declared ? '✓' : '–';
    });
    providers.push([
      provider.id,
      provider.protocol,
      provider.defaultModel,
      provider.keyEnv ?? '(none)',
      ...cells,
    ]);
  }
  const lines = [
    'Providers (✓ declared capability, – known gap):',
    providers.toString(),
    `Capabilities: ${CAPABILITY_IDS.map((c, i) => `${i + 1} ${c} (${CAPABILITIES[c]})`).join(' · ')}`,
    '',
    'Known gaps:',
    ...gaps.map((gap) => `  ${gap}`),
    '',
    'Scenarios:',
    ...SCENARIOS.map((s) => `  ${s.id.padEnd(26)} ${s.capability.padEnd(18)} ${s.title}`),
    '',
    "Fault scenarios (opt in: --scenario 'faults.*'; one provider per protocol):",
    ...FAULT_SCENARIOS.map((s) => `  ${s.id.padEnd(26)} ${s.title}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
