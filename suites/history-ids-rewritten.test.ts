import { beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../src/catalog/providers.ts';
import type { RunReport } from '../src/core/run-report.ts';
import { runConformance } from '../src/runner/run-conformance.ts';

const SCENARIO = 'tools.foreign-history';
const CODE = 'history-ids-rewritten';
let report: RunReport;

const cell = (provider: string) => report.cases.find((c) => c.provider === provider);

beforeAll(async () => {
  report = await runConformance({ scenarios: SCENARIO });
}, 60_000);

// The deviation is the adapter's rewrite, seen on the wire: no fixture can produce it (the request is the adapter's),
// so the shipped fixtures are the test, and every provider's cell is looked at.
describe("a history holding other providers' call ids", () => {
  it('is answered by every provider, each cell passing', () => {
    expect(report.cases.map((c) => [c.provider, c.status])).toEqual(PROVIDERS.map((p) => [p.id, 'pass']));
  });

  it('shows Mistral rewriting both ids to nine alphanumerics, as a deviation with the ids as evidence', () => {
    const found = cell('mistral')?.diagnostics.filter((d) => d.code === CODE) ?? [];
    expect(found.map((d) => d.severity)).toEqual(['deviation']);
    expect(found[0]?.message).toContain("the history's call ids were rewritten (2 of 2)");
    expect(found[0]?.evidence).toMatch(
      /^"call_pQ3vX8nR2mK7tL4wZ9sB1yD6" → "[a-zA-Z0-9]{9}", "functions\.get_weather:0" → "[a-zA-Z0-9]{9}"$/,
    );
  });

  it("shows Anthropic rewriting only Kimi's id, whose `.` and `:` its pattern refuses", () => {
    const found = cell('anthropic')?.diagnostics.filter((d) => d.code === CODE) ?? [];
    expect(found.map((d) => d.evidence)).toEqual(['"functions.get_weather:0" → "functions_get_weather_0"']);
  });

  it('is on no other cell: the OpenAI-compatible providers and Gemini get the ids as they came, Ollama none', () => {
    const others = report.cases.filter((c) => c.provider !== 'mistral' && c.provider !== 'anthropic');
    expect(others).toHaveLength(PROVIDERS.length - 2);
    for (const c of others) expect(c.diagnostics.map((d) => d.code)).not.toContain(CODE);
  });
});
