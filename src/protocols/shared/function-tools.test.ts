import { describe, expect, it } from 'vitest';
import { toFunctionToolCalls, toFunctionTools } from './function-tools.ts';

describe('toFunctionTools', () => {
  it('wraps each definition as a function tool, schema untouched', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(toFunctionTools([{ name: 'get_weather', description: 'Weather.', parameters }])).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather.', parameters } },
    ]);
  });
});

describe('toFunctionToolCalls', () => {
  it('keeps ids (even empty ones) and the arguments text as sent', () => {
    expect(
      toFunctionToolCalls([
        { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: '', name: 'get_time', arguments: 'null' },
      ]),
    ).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: '', type: 'function', function: { name: 'get_time', arguments: 'null' } },
    ]);
  });
});
