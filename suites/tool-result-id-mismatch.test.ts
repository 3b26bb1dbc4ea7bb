import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig, type RunReport, runConformance, SCENARIOS } from '../src/index.ts';
import { cellOf, verdictsBesides } from './support/broken-fixture.ts';
import { toolResultsRewritten } from './support/rewriting-client.ts';

// A result sent under an id the answer never gave is the client's mistake, not the provider's, so no fixture can
// produce it: the built-in adapter echoes the ids it was given. Here a client with that bug (it files every tool
// result under one made-up id, as a client that loses the call ids does: vercel/ai#6663) replays the recorded
// conversations, registered under the built-in protocol so that its wire checks apply.
const STRAY_ID = 'call_not_from_the_answer';

const strayIdAdapter = toolResultsRewritten('openai-chat', (message) => ({
  ...message,
  toolCallId: STRAY_ID,
}));

/** The scenarios whose requests send tool results: the only cells the bug can touch. */
const WITH_RESULTS = SCENARIOS.filter(
  (s) => s.followUp !== undefined || s.request.messages.some((m) => m.role === 'tool'),
).map((s) => s.id);

let before: RunReport;
let after: RunReport;

beforeAll(async () => {
  before = await runConformance({ providers: 'openai' });
  after = await runConformance({
    providers: 'openai',
    config: defineConfig({ adapters: { 'openai-chat': strayIdAdapter } }),
  });
}, 60_000);

describe('a tool result sent under an id the answer did not give', () => {
  it('is tool-result-id-mismatch on the cell, which fails, naming the stray id and the calls made', () => {
    const result = cellOf(after, 'tools.roundtrip');
    expect(result.outcome).toBe('fail');
    const found = result.diagnostics.find((d) => d.code === 'tool-result-id-mismatch');
    expect(found?.severity).toBe('failure');
    expect(found?.message).toMatch(
      /^request 2 sends a tool result for "call_not_from_the_answer", which is none of/,
    );
    expect(found?.evidence).toContain(STRAY_ID);
    // The request differs from the recorded one by that id, and by nothing else.
    const drift = result.diagnostics.find((d) => d.code === 'request-drift');
    expect(drift?.message).toContain(`now "${STRAY_ID}"`);
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual([
      'request-drift',
      'tool-result-id-mismatch',
    ]);
    expect(cellOf(before, 'tools.roundtrip').outcome).toBe('pass');
  });

  it('turns every cell that sends results red with it, and leaves the rest as they were', () => {
    expect(WITH_RESULTS).toEqual(expect.arrayContaining(['tools.roundtrip', 'reasoning.tool-roundtrip']));
    for (const scenario of WITH_RESULTS) {
      expect(cellOf(after, scenario).diagnostics.map((d) => d.code)).toContain('tool-result-id-mismatch');
    }
    expect(after.cases).toHaveLength(before.cases.length);
    expect(verdictsBesides(after, WITH_RESULTS)).toEqual(verdictsBesides(before, WITH_RESULTS));
  });
});
