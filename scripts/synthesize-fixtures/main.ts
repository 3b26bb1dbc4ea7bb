// Builds fixtures/<provider>/<scenario>.json for every provider × scenario without any network: each case runs
// the real adapter through executeScenario with a fetch that records the request and answers it with wire text
// synthesized from the case's plan. Run: node scripts/synthesize-fixtures/main.ts [provider-or-case ...]
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelFor } from '../../src/catalog/catalog.ts';
import { type CatalogEntry, PROVIDERS } from '../../src/catalog/providers.ts';
import type { StepOutcome } from '../../src/core/adapter-contract.ts';
import {
  FIXTURE_SCHEMA_VERSION,
  type Fixture,
  type FixtureExchange,
  fixtureProblems,
} from '../../src/fixtures/fixture.ts';
import { DEFAULT_FIXTURE_DIR, fixturePath } from '../../src/fixtures/fixture-path.ts';
import { createAdapter } from '../../src/protocols/create-adapter.ts';
import type { Protocol } from '../../src/protocols/index.ts';
import { executeScenario } from '../../src/runner/execute-scenario.ts';
import { FAULT_SCENARIOS } from '../../src/scenarios/fault-scenarios.ts';
import { appliesTo, INVALID_API_KEY, SCENARIOS, type Scenario } from '../../src/scenarios/scenarios.ts';
import { synthesizeFaultCase } from './faults.ts';
import { ADDED_SCENARIOS, planFor } from './plans.ts';
import { createRng } from './prng.ts';
import { provenanceFor, SYNTHESIS_DATE } from './provenance.ts';
import { readRequest, toFixtureRequest } from './record-request.ts';
import { Clock, PROFILES } from './timing.ts';
import { writeAnthropicMessages } from './writers/anthropic-messages.ts';
import { writeGemini } from './writers/gemini.ts';
import { writeOllamaChat } from './writers/ollama-chat.ts';
import { writeOpenAIChat } from './writers/openai-chat.ts';
import { OPENAI_STYLES } from './writers/openai-styles.ts';
import type { WireResponse, WireWriter } from './writers/wire.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const openAIWire: WireWriter = (context) => {
  const style = OPENAI_STYLES[context.provider.id];
  if (!style) throw new Error(`no OpenAI wire style for ${context.provider.id}`);
  return writeOpenAIChat(style, context);
};

const WRITERS: Record<Protocol, WireWriter> = {
  'openai-chat': openAIWire,
  'mistral-chat': openAIWire,
  'anthropic-messages': writeAnthropicMessages,
  gemini: writeGemini,
  'ollama-chat': writeOllamaChat,
};

/** Requests are stamped on the synthesis date, a few minutes apart, in run order. */
const RUN_START = Date.UTC(2026, 10, 26, 9, 0, 0) / 1000;

/** The scenarios of the first synthesis, in its run order: a scenario added since must not move their stamps. */
const FIRST_RUN = SCENARIOS.filter((s) => !ADDED_SCENARIOS.includes(s.id));

/**
 * Where a case falls in the run: the first synthesis's cases provider by provider (a fault case, whose scenario is
 * in none of the lists, just before its provider's first), then each added scenario's.
 */
function runOrder(provider: CatalogEntry, scenario: Scenario): number {
  const added = ADDED_SCENARIOS.indexOf(scenario.id);
  if (added < 0) return PROVIDERS.indexOf(provider) * FIRST_RUN.length + FIRST_RUN.indexOf(scenario);
  return PROVIDERS.length * (FIRST_RUN.length + added) + PROVIDERS.indexOf(provider);
}

function toResponse(wire: WireResponse): Response {
  const encoder = new TextEncoder();
  const chunks = [...wire.chunks];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(encoder.encode(chunk.text));
      else controller.close();
    },
  });
  return new Response(body, { status: wire.status, headers: wire.headers });
}

export interface SynthesizedCase {
  fixture: Fixture;
  steps: StepOutcome[];
}

export async function synthesizeCase(provider: CatalogEntry, scenario: Scenario): Promise<SynthesizedCase> {
  const plan = planFor(provider.id, scenario.id);
  const model = modelFor(provider, scenario);
  const profile = PROFILES[provider.id];
  if (!profile) throw new Error(`no timing profile for ${provider.id}`);
  const exchanges: FixtureExchange[] = [];
  const order = runOrder(provider, scenario);

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const sent = await readRequest(input, init);
    const n = exchanges.length;
    const exchangePlan = plan.exchanges[n];
    if (!exchangePlan)
      throw new Error(`${provider.id}/${scenario.id}: unplanned request ${n + 1} to ${sent.url}`);
    const rng = createRng(`${provider.id}/${scenario.id}/${n}`);
    // A local Ollama loads the model on the first request of a run; after that it stays warm.
    const local = provider.id.startsWith('ollama');
    const loadMs = local
      ? scenario.id === SCENARIOS[0]?.id && n === 0
        ? rng.int(1800, 2400)
        : rng.int(8, 25)
      : 0;
    const wire = WRITERS[provider.protocol]({
      provider,
      scenarioId: scenario.id,
      stream: scenario.stream,
      plan: exchangePlan,
      body: (typeof sent.body === 'object' && sent.body !== null ? sent.body : {}) as Record<string, unknown>,
      model,
      rng,
      clock: new Clock(profile, rng, loadMs),
      created: RUN_START + order * 20 + n * 2,
    });
    exchanges.push({ request: toFixtureRequest(sent), response: wire });
    return toResponse(wire);
  };

  const adapter = createAdapter(provider.protocol, {
    baseUrl: provider.baseUrl,
    apiKey: scenario.invalidKey ? INVALID_API_KEY : 'REDACTED',
    fetch: fetch as typeof globalThis.fetch,
    quirks: provider.quirks ?? {},
  });
  const steps = await executeScenario(adapter, scenario, model);
  if (exchanges.length !== plan.exchanges.length) {
    throw new Error(
      `${provider.id}/${scenario.id}: planned ${plan.exchanges.length} exchange(s), ran ${exchanges.length}`,
    );
  }
  const fixture: Fixture = {
    schema: FIXTURE_SCHEMA_VERSION,
    provider: provider.id,
    scenario: scenario.id,
    model,
    provenance: provenanceFor(provider.id, scenario.stream, plan),
    exchanges,
  };
  return { fixture, steps };
}

function summarize(steps: StepOutcome[]): string {
  return steps
    .map((step) => {
      if (step.error !== undefined) {
        const error = step.error as { status?: number; message?: string };
        return `error ${error.status ?? ''} ${String(error.message ?? step.error).slice(0, 60)}`;
      }
      const r = step.result;
      if (!r) return '?';
      const calls = r.toolCalls.map((c) => `${c.name}(${c.arguments})#${c.id || '-'}`).join(' ');
      return `${r.finishReason} ${JSON.stringify(r.text.slice(0, 40))} ${calls} out=${r.usage?.outputTokens ?? '-'}`;
    })
    .join(' | ');
}

async function writeFixtureFile(fixture: Fixture): Promise<void> {
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  const problems = fixtureProblems(JSON.parse(text));
  if (problems.length > 0) throw new Error(`${fixture.provider}/${fixture.scenario}: ${problems.join('; ')}`);
  const path = join(REPO_ROOT, fixturePath(DEFAULT_FIXTURE_DIR, fixture.provider, fixture.scenario));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Filters: `openai` (a provider), `openai/tools.stream` (a case), `faults` (every fault fixture). */
async function main(filters: string[]): Promise<void> {
  const wanted = (provider: string, scenario: string) =>
    filters.length === 0 ||
    filters.some(
      (f) =>
        f === provider ||
        f === `${provider}/${scenario}` ||
        (f === 'faults' && scenario.startsWith('faults.')),
    );
  let written = 0;
  for (const provider of PROVIDERS) {
    for (const scenario of SCENARIOS) {
      if (!wanted(provider.id, scenario.id)) continue;
      const { fixture, steps } = await synthesizeCase(provider, scenario);
      await writeFixtureFile(fixture);
      written++;
      console.log(`${provider.id}/${scenario.id}: ${summarize(steps)}`);
    }
    for (const scenario of FAULT_SCENARIOS) {
      if (!appliesTo(scenario, provider.id) || !wanted(provider.id, scenario.id)) continue;
      const fixture = await synthesizeFaultCase(provider, scenario, synthesizeCase);
      await writeFixtureFile(fixture);
      written++;
      const response = fixture.exchanges[0]?.response;
      console.log(
        `${provider.id}/${scenario.id}: HTTP ${response?.status} ${response?.chunks.length} chunk(s)` +
          `${response?.fault ? ` fault ${response.fault.kind}` : ''}${response?.repeat ? ` repeat ×${response.repeat.times}` : ''}`,
      );
    }
  }
  console.log(`${written} fixture(s) written (synthesized ${SYNTHESIS_DATE})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
