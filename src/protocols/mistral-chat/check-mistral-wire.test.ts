import { describe, expect, it } from 'vitest';
import { codes, exchangeFromChunks, sseData } from '../shared/test-support/wire-exchange.ts';
import { checkMistralWire } from './check-mistral-wire.ts';

const context = { stream: true, toolsOffered: true, usageRequested: true };
const base = { id: 'b3999b8c93e04e11bcbff7bcab829667', object: 'chat.completion.chunk', created: 1769088854 };

describe('checkMistralWire', () => {
  it('notes the missing index of a whole tool call but accepts its 9-character id (mistral-tool-call fixture)', () => {
    const body = sseData([
      {
        ...base,
        model: 'mistral-small-latest',
        choices: [{ index: 0, delta: { role: 'assistant', content: '' } }],
      },
      {
        ...base,
        model: 'mistral-small-latest',
        choices: [
          {
            index: 0,
            delta: {
              content: null,
              tool_calls: [
                {
                  id: 'gSIMJiOkT',
                  function: { name: 'weather', arguments: '{"location": "San Francisco"}' },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 124, total_tokens: 146, completion_tokens: 22 },
      },
      '[DONE]',
    ]);
    const diagnostics = checkMistralWire(exchangeFromChunks([body]), context);
    expect(codes(diagnostics)).toEqual(['missing-index']);
  });

  it('flags tool call ids Mistral would reject (mistral-incremental-tool-call fixture)', () => {
    const body = sseData([
      {
        ...base,
        model: 'zai-glm-5-2',
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  id: 'chatcmpl-tool-9f149c74c42f265b',
                  type: 'function',
                  function: { name: 'webSearchTool', arguments: '' },
                  index: 0,
                },
              ],
              content: '',
            },
            finish_reason: null,
          },
        ],
      },
      {
        ...base,
        model: 'zai-glm-5-2',
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                { type: 'function', function: { name: '', arguments: '{"query": "Berlin"}' }, index: 0 },
              ],
            },
          },
        ],
      },
      {
        ...base,
        model: 'zai-glm-5-2',
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 171, total_tokens: 185, completion_tokens: 14 },
      },
      '[DONE]',
    ]);
    const diagnostics = checkMistralWire(exchangeFromChunks([body]), context);
    expect(codes(diagnostics)).toEqual(['tool-call-id-format']);
    expect(diagnostics[0]).toMatchObject({
      severity: 'deviation',
      evidence: 'chatcmpl-tool-9f149c74c42f265b',
    });
  });

  it('fails a stream without [DONE] like any OpenAI-style stream', () => {
    const body = sseData([
      {
        ...base,
        choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }],
        usage: { total_tokens: 3 },
      },
    ]);
    expect(codes(checkMistralWire(exchangeFromChunks([body]), context))).toEqual(['no-done-sentinel']);
  });

  it('checks ids in a non-stream body too', () => {
    const body = JSON.stringify({
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            tool_calls: [{ id: 'call_123', function: { name: 'f', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
    const diagnostics = checkMistralWire(exchangeFromChunks([body]), { ...context, stream: false });
    expect(codes(diagnostics)).toEqual(['tool-call-id-format']);
  });
});
