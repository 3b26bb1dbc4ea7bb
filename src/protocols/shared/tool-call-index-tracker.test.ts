import { describe, expect, it } from 'vitest';
import { ToolCallIndexTracker } from './tool-call-index-tracker.ts';

describe('ToolCallIndexTracker', () => {
  it('follows the wire index when there is one', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ index: 0, id: 'call_a', name: 'get_weather' })).toBe(0);
    expect(tracker.assign({ index: 0, id: null, name: null })).toBe(0);
    expect(tracker.assign({ index: 1, id: 'call_b', name: 'get_time' })).toBe(1);
    expect(tracker.assign({ index: 1 })).toBe(1);
    expect(tracker.assign({ index: 0 })).toBe(0);
  });

  it('numbers calls from 0 even when the wire starts at 1', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ index: 1, id: 'toolu_x', name: 'read_file' })).toBe(0);
    expect(tracker.assign({ index: 1 })).toBe(0);
  });

  it('splits a wire index reused by a call with a different id', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ index: 0, id: 'call_a', name: 'a' })).toBe(0);
    expect(tracker.assign({ index: 0, id: 'call_a' })).toBe(0);
    expect(tracker.assign({ index: 0, id: 'call_b', name: 'b' })).toBe(1);
    expect(tracker.assign({ index: 0 })).toBe(1);
  });

  it('without index: whole calls with empty ids start a new call on each name', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ id: '', name: 'get_weather' })).toBe(0);
    expect(tracker.assign({ index: null, id: '', name: 'get_time' })).toBe(1);
    expect(tracker.assign({ id: '', name: 'get_weather' })).toBe(2);
  });

  it('without index: a new non-empty id starts a new call', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ id: 'gSIMJiOkT', name: 'weather' })).toBe(0);
    expect(tracker.assign({ id: 'Xy12Ab34C' })).toBe(1);
  });

  it('without index: fragments with no id and no name continue the current call', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ id: 'call_1', name: 'search' })).toBe(0);
    expect(tracker.assign({ name: '' })).toBe(0);
    expect(tracker.assign({ id: 'call_1' })).toBe(0);
    expect(tracker.assign({})).toBe(0);
  });

  it('without index: a name completes a call that began without one', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({})).toBe(0);
    expect(tracker.assign({ name: 'get_weather' })).toBe(0);
    expect(tracker.assign({ name: 'get_time' })).toBe(1);
  });

  it('mixes indexed and index-less fragments around the current call', () => {
    const tracker = new ToolCallIndexTracker();
    expect(tracker.assign({ index: 0, id: 'call_a', name: 'a' })).toBe(0);
    expect(tracker.assign({})).toBe(0);
    expect(tracker.assign({ name: 'b' })).toBe(1);
    expect(tracker.assign({ index: 0 })).toBe(0);
  });
});
