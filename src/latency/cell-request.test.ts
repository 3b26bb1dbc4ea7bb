import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/scenarios.ts';
import { benchRequest } from './cell-request.ts';

const scenario = (id: string) => {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('benchRequest', () => {
  it("without a tag, is the scenario's request exactly, with the model", () => {
    const request = benchRequest(scenario('stream.text'), { model: 'm' });
    expect(request).toEqual({ ...scenario('stream.text').request, model: 'm' });
  });

  it('with a tag, changes only the last user message, and asks a stream for usage', () => {
    const base = scenario('chat.multi-turn');
    const request = benchRequest(base, { model: 'm', tag: 'abc.1' });
    expect(request.messages.slice(0, -1)).toEqual(base.request.messages.slice(0, -1));
    expect(request.messages.at(-1)).toEqual({
      role: 'user',
      content: `${(base.request.messages.at(-1) as { content: string }).content}\n\n(request abc.1)`,
    });
    expect(request.includeUsage).toBeUndefined();
    expect(benchRequest(scenario('stream.text'), { model: 'm', tag: 'x' }).includeUsage).toBe(true);
  });

  it('gives two requests two different prompts', () => {
    const a = benchRequest(scenario('chat.basic'), { model: 'm', tag: 'r.1' });
    const b = benchRequest(scenario('chat.basic'), { model: 'm', tag: 'r.2' });
    expect(a.messages).not.toEqual(b.messages);
  });
});
