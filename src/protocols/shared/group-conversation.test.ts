import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/adapter-contract.ts';
import { groupConversation } from './group-conversation.ts';

const result = (toolCallId: string): Message => ({
  role: 'tool',
  toolCallId,
  toolName: 'f',
  content: toolCallId,
});

describe('groupConversation', () => {
  it('lifts system messages out in order and keeps user and assistant turns', () => {
    const assistant: Message = { role: 'assistant', content: 'Hello!' };
    expect(
      groupConversation([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        assistant,
        { role: 'system', content: 'Be kind.' },
      ]),
    ).toEqual({ system: ['Be brief.', 'Be kind.'], turns: [{ role: 'user', content: 'Hi' }, assistant] });
  });

  it('gathers consecutive tool results into one turn, and starts a new one after any other message', () => {
    const { turns } = groupConversation([
      { role: 'assistant', content: '', toolCalls: [] },
      result('a'),
      result('b'),
      { role: 'system', content: 'Note.' },
      result('c'),
      { role: 'user', content: 'Thanks' },
    ]);
    expect(turns).toEqual([
      { role: 'assistant', content: '', toolCalls: [] },
      { role: 'tool-results', results: [result('a'), result('b')] },
      { role: 'tool-results', results: [result('c')] },
      { role: 'user', content: 'Thanks' },
    ]);
  });
});
