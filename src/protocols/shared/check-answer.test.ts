import { describe, expect, it } from 'vitest';
import { deviation } from '../../core/diagnostic.ts';
import { AnswerTally } from './answer-tally.ts';
import { type AnswerWords, checkAnswer, usageInconsistency } from './check-answer.ts';
import { createDiagnosticList } from './diagnostic-list.ts';
import { codes } from './test-support/wire-exchange.ts';
import { emptyView } from './wire-view.ts';

const WORDS: AnswerWords = {
  noFinishReason: 'no finish',
  textField: 'the text field',
  callField: 'the call field',
  usageMissing: 'no usage',
  finishMismatch: (finish, calls) =>
    calls > 0 && finish?.reason === 'stop'
      ? deviation('finish-reason-mismatch', `calls, then ${finish.raw}`)
      : undefined,
};
const ALL = { stream: true, toolsOffered: true, usageRequested: true };
const CALL_AS_TEXT = '{"name": "get_weather", "parameters": {"city": "Tokyo"}}';

function answerOf(...choices: Array<{ text?: string; calls?: number; finish?: string }>): AnswerTally {
  const answer = new AnswerTally();
  choices.forEach(({ text, calls = 0, finish }, choice) => {
    const view = emptyView();
    if (text !== undefined) view.deltas.push({ type: 'text', text, choice });
    for (let i = 0; i < calls; i++) view.toolCalls.push({ choice, name: 'f', source: {} });
    if (finish !== undefined) view.finishes.push({ choice, raw: finish, reason: 'stop' });
    answer.add(view);
  });
  return answer;
}

function judge(answer: AnswerTally, context = ALL) {
  const list = createDiagnosticList();
  checkAnswer(answer, WORDS, context, list);
  return list.items;
}

describe('checkAnswer', () => {
  it('judges the shared rules in one order, in the protocol’s words', () => {
    const diagnostics = judge(answerOf({ text: CALL_AS_TEXT }));
    expect(codes(diagnostics)).toEqual(['no-finish-reason', 'tool-call-as-text', 'usage-missing']);
    expect(diagnostics[0]?.message).toBe('no finish');
    expect(diagnostics[1]?.message).toContain('in the text field instead of the call field');
    expect(diagnostics[2]?.message).toBe('no usage');
  });

  it('judges each choice, and says each finding once', () => {
    const diagnostics = judge(
      answerOf({ calls: 1, finish: 'stop' }, { text: CALL_AS_TEXT, calls: 2, finish: 'STOP' }),
    );
    expect(codes(diagnostics)).toEqual(['finish-reason-mismatch', 'tool-call-as-text', 'usage-missing']);
    expect(diagnostics[0]?.message).toBe('calls, then stop');
  });

  it('looks for tool calls as text only when tools were offered, and for usage only when it was asked for', () => {
    const answer = answerOf({ text: CALL_AS_TEXT, finish: 'stop' });
    expect(judge(answer, { stream: true, toolsOffered: false, usageRequested: false })).toEqual([]);
  });

  it('never judges the finish against the calls for a protocol without that rule', () => {
    const list = createDiagnosticList();
    const { finishMismatch: _, ...words } = WORDS;
    checkAnswer(answerOf({ calls: 1, finish: 'stop' }), words, ALL, list);
    expect(codes(list.items)).toEqual(['usage-missing']);
  });
});

describe('usageInconsistency', () => {
  const code = (counts: Parameters<typeof usageInconsistency>[0]) => usageInconsistency(counts)?.code;

  it('accepts a total of input and output, or of input, output and reasoning counted apart', () => {
    expect(code({ inputTokens: 10, outputTokens: 5, totalTokens: 15 })).toBeUndefined();
    expect(code({ inputTokens: 10, outputTokens: 5, totalTokens: 18, reasoningTokens: 3 })).toBeUndefined();
    expect(code({ inputTokens: 10, outputTokens: 5 })).toBeUndefined();
  });

  it('names a total that is neither, and more cached tokens than input', () => {
    expect(code({ inputTokens: 10, outputTokens: 5, totalTokens: 16 })).toBe('usage-inconsistent');
    expect(code({ inputTokens: 10, outputTokens: 5, cachedTokens: 11 })).toBe('usage-inconsistent');
    expect(code({ inputTokens: 10, cachedTokens: 10 })).toBeUndefined();
  });

  it('is judged over the counts of every event, the later ones replacing the earlier', () => {
    const answer = new AnswerTally();
    answer.add({ ...emptyView(), usage: { inputTokens: 10, totalTokens: 12 } });
    answer.add({
      ...emptyView(),
      finishes: [{ choice: 0, raw: 'stop', reason: 'stop' }],
      usage: { outputTokens: 2 },
    });
    const list = createDiagnosticList();
    checkAnswer(answer, WORDS, ALL, list);
    expect(codes(list.items)).toEqual([]);
    answer.add({ ...emptyView(), usage: { totalTokens: 13 } });
    const broken = createDiagnosticList();
    checkAnswer(answer, WORDS, ALL, broken);
    expect(codes(broken.items)).toEqual(['usage-inconsistent']);
  });
});
