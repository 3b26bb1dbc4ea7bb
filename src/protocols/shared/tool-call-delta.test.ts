import { describe, expect, it } from 'vitest';
import { toolCallDelta } from './tool-call-delta.ts';

describe('toolCallDelta', () => {
  it('carries every part a fragment brings', () => {
    expect(toolCallDelta(1, { id: 'call_1', name: 'get_weather', argumentsDelta: '{"city":' })).toEqual({
      type: 'tool-call-delta',
      index: 1,
      id: 'call_1',
      name: 'get_weather',
      argumentsDelta: '{"city":',
    });
  });

  it('leaves empty and missing parts out', () => {
    const event = toolCallDelta(0, { id: '', name: '', argumentsDelta: '"Paris"}' });
    expect(event).toEqual({ type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' });
    expect(event).not.toHaveProperty('id');
    expect(event).not.toHaveProperty('name');
    expect(toolCallDelta(2, {})).toEqual({ type: 'tool-call-delta', index: 2 });
  });
});
