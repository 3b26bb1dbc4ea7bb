import { declaration } from '../catalog/catalog.ts';
import type { ProviderEntry } from '../catalog/providers.ts';
import { catalog } from '../config/config-providers.ts';
import { loadConfig } from '../config/load-config.ts';
import { CAPABILITIES, type Capability } from '../core/capabilities.ts';
import { columnKey, scenarioGroup } from '../report/matrix-cells.ts';
import { printable } from '../report/printable.ts';
import { DEFAULT_COLUMNS } from '../report/terminal/render-terminal-matrix.ts';
import { type GridRow, renderGrid, renderKeyList } from '../report/terminal/terminal-grid.ts';
import { displayWidth, padEnd, wrap } from '../report/terminal/terminal-text.ts';
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

interface ListedScenario {
  id: string;
  capability: string;
  title: string;
}

export interface ListInput {
  providers: readonly ProviderEntry[];
  /** Capability id → what it means, in the order the table lists them. */
  capabilities: Readonly<Record<string, string>>;
  scenarios: readonly ListedScenario[];
  faultScenarios: readonly ListedScenario[];
}

/**
 * The capabilities under the scenario group that exercises them (`tools`: tools, parallel-tools …), groups in the
 * scenarios' order, so the table reads like the run matrix; a capability no scenario exercises comes last.
 */
function capabilityGroups(input: ListInput): { name: string; capabilities: string[] }[] {
  const scenarios = [...input.scenarios, ...input.faultScenarios];
  const groupOf = (capability: string) => {
    const scenario = scenarios.find((s) => s.capability === capability);
    return scenario ? scenarioGroup(scenario.id) : '';
  };
  const ids = Object.keys(input.capabilities);
  const names = [...new Set([...scenarios.map((s) => scenarioGroup(s.id)), ''])];
  return names
    .map((name) => ({ name, capabilities: ids.filter((id) => groupOf(id) === name) }))
    .filter((group) => group.capabilities.length > 0);
}

/**
 * `llmcompat list` as text laid out for `width` columns: the providers under the column keys `run` gives them,
 * what each declares (capabilities down, providers across), the capabilities' meanings, the known gaps with their
 * reasons, and the scenarios.
 */
export function renderList(input: ListInput, width: number): string {
  const providers = input.providers.map((provider, i) => ({ provider, key: columnKey(i) }));
  const gaps: string[] = [];
  const rows: GridRow[] = capabilityGroups(input).flatMap((group) => {
    const capabilityRows = group.capabilities.map((capability) => ({
      label: capability,
      cells: providers.map(({ provider }) => {
        const { declared, reason } = declaration(provider, capability as Capability);
        if (!declared) gaps.push(`${provider.id} · ${capability}: ${reason}`);
        return declared ? { plain: '✓', shown: '✓' } : { plain: '–', shown: '–' };
      }),
    }));
    return group.name === '' ? capabilityRows : [{ group: group.name }, ...capabilityRows];
  });
  const same = (text: string) => text;
  // `  id  what it is`, the text wrapped under itself (or under a short indent when the ids are long).
  const described = (items: readonly { id: string; text: string }[]) => {
    const idWidth = Math.max(...items.map((item) => displayWidth(item.id)));
    const head = 2 + idWidth + 2;
    const hang = ' '.repeat(head <= width / 2 ? head : 6);
    return items.flatMap((item) => wrap(item.text, width, `  ${padEnd(item.id, idWidth)}  `, hang));
  };

  const lines = [
    'Providers (column key, id, protocol, model, key variable):',
    ...renderKeyList(
      providers.map(({ provider, key }) => ({
        key,
        id: printable(provider.id),
        details: [
          printable(provider.protocol),
          printable(provider.defaultModel),
          printable(provider.keyEnv ?? '(no key)'),
        ],
      })),
      width,
    ),
    '',
    'Declared capabilities (✓ declared, – known gap):',
    ...renderGrid({ corner: 'capability', keys: providers.map((p) => p.key), rows, width, bold: same }),
    '',
    'Capabilities:',
    ...described(Object.entries(input.capabilities).map(([id, text]) => ({ id, text }))),
    '',
    'Known gaps:',
    ...(gaps.length === 0 ? ['  none'] : gaps.flatMap((gap) => wrap(printable(gap), width, '  ', '    '))),
    '',
    'Scenarios (id, what it checks, capability):',
    ...described(input.scenarios.map((s) => ({ id: s.id, text: `${s.title} (${s.capability})` }))),
    '',
    ...wrap("Fault scenarios (opt in: --scenario 'faults.*'; one provider per protocol):", width),
    ...described(input.faultScenarios.map((s) => ({ id: s.id, text: s.title }))),
  ];
  return `${lines.join('\n')}\n`;
}

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
  // The catalog's ten plus any provider the config file adds, in the order (and so with the keys) `run` shows them.
  const providers = catalog(await loadConfig(undefined));
  const input = {
    providers,
    capabilities: CAPABILITIES,
    scenarios: SCENARIOS,
    faultScenarios: FAULT_SCENARIOS,
  };
  process.stdout.write(renderList(input, Math.max(40, process.stdout.columns ?? DEFAULT_COLUMNS)));
  return 0;
}
