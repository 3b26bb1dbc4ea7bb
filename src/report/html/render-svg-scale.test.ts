import { describe, expect, it } from 'vitest';
import { niceScale, px, spreadLabels } from './render-svg-scale.ts';

describe('niceScale', () => {
  it('ends the axis on a round number at or above the maximum', () => {
    expect(niceScale(4112)).toEqual({ max: 5000, ticks: [0, 1000, 2000, 3000, 4000, 5000] });
    expect(niceScale(192)).toEqual({ max: 200, ticks: [0, 50, 100, 150, 200] });
    expect(niceScale(5000)).toEqual({ max: 5000, ticks: [0, 1000, 2000, 3000, 4000, 5000] });
    expect(niceScale(0.37).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('gives a unit axis when there is nothing to show', () => {
    expect(niceScale(0).max).toBe(1);
    expect(niceScale(Number.NaN).max).toBe(1);
  });
});

describe('spreadLabels', () => {
  it('leaves labels that are far enough apart where they are', () => {
    expect(spreadLabels([10, 50, 90], 12, 0, 100)).toEqual([10, 50, 90]);
  });

  it('pushes crowded labels apart, keeping their order and their input positions', () => {
    expect(spreadLabels([13, 10, 12], 10, 0, 100)).toEqual([30, 10, 20]);
  });

  it('pushes labels back up from the bottom edge', () => {
    expect(spreadLabels([95, 96, 20], 10, 0, 100)).toEqual([90, 100, 20]);
  });
});

describe('px', () => {
  it('keeps at most one decimal', () => {
    expect([px(1.25), px(3), px(2.04)]).toEqual(['1.3', '3', '2']);
  });
});
