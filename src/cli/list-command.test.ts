import { describe, expect, it } from 'vitest';
import type { ProviderEntry } from '../catalog/providers.ts';
import { catalog } from '../config/config-providers.ts';
import { CAPABILITIES } from '../core/capabilities.ts';
import { displayWidth } from '../report/terminal/terminal-text.ts';
import { WIDE_PROVIDERS, WIDE_SCENARIOS } from '../report/test-support/make-wide-report.ts';
import { FAULT_SCENARIOS } from '../scenarios/fault-scenarios.ts';
import { SCENARIOS } from '../scenarios/scenarios.ts';
import { type ListInput, renderList } from './list-command.ts';

const provider = (id: string, model: string, gaps: ProviderEntry['gaps'] = {}): ProviderEntry => ({
  id,
  name: id,
  protocol: id.startsWith('ollama') ? 'ollama-chat' : 'openai-chat',
  baseUrl: `https://${id}.example/v1`,
  keyEnv: id.startsWith('ollama') ? undefined : `${id.toUpperCase().replace(/-/g, '_')}_API_KEY`,
  defaultModel: model,
  gaps,
});

/** A catalog fixed here, so the snapshot changes only when the layout does. */
function fixedInput(): ListInput {
  const gaps: Record<string, ProviderEntry['gaps']> = {
    cohere: { 'stream-usage': 'the compatibility API rejects stream_options, so a stream carries no usage' },
    together: {
      'parallel-tools': 'Llama 3.2 3B emits one tool call per turn',
      'tool-streaming':
        'tool calls arrive as <|python_tag|> text instead of tool_calls (dartantic disables tools)',
    },
    ollama: { 'tool-choice': 'Ollama has no tool_choice: the model decides whether to call a tool' },
  };
  return {
    providers: WIDE_PROVIDERS.map((p) => provider(p.id, p.model, gaps[p.id])),
    capabilities: {
      chat: 'plain chat completion',
      'stream-usage': 'token usage reported in a stream',
      'parallel-tools': 'several tool calls in one turn',
      'tool-streaming': 'tool calls assembled from streamed deltas',
      'tool-choice': 'forcing or forbidding tool calls',
      'fault-handling': 'a misbehaving provider (or the path to it) recognised and named',
    },
    scenarios: [
      { id: 'chat.basic', capability: 'chat', title: 'one question, one answer' },
      { id: 'stream.usage', capability: 'stream-usage', title: 'a stream reports token usage' },
      { id: 'tools.parallel', capability: 'parallel-tools', title: 'two tool calls in one turn' },
      {
        id: 'tools.stream',
        capability: 'tool-streaming',
        title: 'a tool call assembled from streamed deltas',
      },
      { id: 'tools.choice-required', capability: 'tool-choice', title: 'tool_choice required forces a call' },
    ],
    faultScenarios: [
      {
        id: 'faults.rate-limited',
        capability: 'fault-handling',
        title: 'a 429 is named, with the Retry-After it gave',
      },
    ],
  };
}

const widest = (text: string) =>
  text.split('\n').reduce((a, b) => (displayWidth(a) >= displayWidth(b) ? a : b), '');

describe('llmcompat list', () => {
  it('reads at 80 columns: providers under the column keys, capabilities down, the legend wrapped', async () => {
    await expect(renderList(fixedInput(), 80)).toMatchFileSnapshot('__snapshots__/list-80.txt');
  });

  it('gives the providers the keys `run` gives them, and marks each known gap', () => {
    const text = renderList(fixedInput(), 80);
    expect(text).toContain('  A  openai         openai-chat · gpt-4o · OPENAI_API_KEY');
    expect(text).toContain('  J  ollama         ollama-chat · qwen2.5:7b-instruct · (no key)');
    expect(text).toMatch(/^capability +│ A {2}B {2}C {2}D {2}E {2}F {2}G {2}H {2}I {2}J$/m);
    expect(text).toMatch(/^ {2}parallel-tools +│ ✓ {2}✓ {2}✓ {2}– {2}✓/m);
    expect(text).toContain(
      '  together · tool-streaming: tool calls arrive as <|python_tag|> text instead of',
    );
  });

  for (const width of [80, 100, 60]) {
    it(`keeps every line of the real catalog and of forty scenarios within ${width} columns`, () => {
      const real = renderList(
        {
          providers: catalog({}),
          capabilities: CAPABILITIES,
          scenarios: SCENARIOS,
          faultScenarios: FAULT_SCENARIOS,
        },
        width,
      );
      expect(displayWidth(widest(real)), widest(real)).toBeLessThanOrEqual(width);
      const wide = renderList(
        {
          ...fixedInput(),
          scenarios: WIDE_SCENARIOS.map((id) => ({
            id,
            capability: 'chat',
            title: `what ${id} checks, at length`,
          })),
        },
        width,
      );
      expect(displayWidth(widest(wide)), widest(wide)).toBeLessThanOrEqual(width);
    });
  }
});
