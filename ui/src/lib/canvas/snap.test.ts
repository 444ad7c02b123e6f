import { describe, expect, it } from 'vitest';
import type { Item } from '../bindings';
import { plotBand, scoreY, snapScore } from './snap';

// An emotion lane at y 400..576: guides at +2 (424), 0 (472) and −2 (520), as the layout
// draws them: dashed horizontal paths across the grid.
const guide = (y: number, dash: number[]): Item => ({
  type: 'path',
  d: `M256 ${y} L1532 ${y}`,
  stroke: '#CED4DA',
  stroke_width: 1,
  dash,
});
const ITEMS: Item[] = [
  { type: 'rect', x: 248, y: 400, w: 248, h: 176, r: 8, fill: '#FFF', stroke_width: 0 },
  guide(424, [2, 4]),
  guide(472, [6, 4]),
  guide(520, [2, 4]),
  // A solid route connector and a guide of another emotion lane further down are not this plot.
  { type: 'path', d: 'M300 450 L900 450', stroke: '#1971C2', stroke_width: 3, dash: [] },
  guide(824, [2, 4]),
];
const REGION = { x: 248, y: 400, w: 248, h: 176 };

describe('plotBand', () => {
  it('reads the +2 and −2 guides of the lane the region belongs to', () => {
    expect(plotBand(ITEMS, REGION)).toEqual({ top: 424, bottom: 520 });
  });

  it('falls back to the whole region when there are no guides', () => {
    expect(plotBand([], REGION)).toEqual({ top: 400, bottom: 576 });
  });
});

describe('snapScore', () => {
  const band = { top: 424, bottom: 520 };

  it('gives +2 at the top guide, 0 in the middle and −2 at the bottom', () => {
    expect(snapScore(band, 424)).toBe(2);
    expect(snapScore(band, 472)).toBe(0);
    expect(snapScore(band, 520)).toBe(-2);
  });

  it('rounds to the nearest step (24 px apart here) and clamps outside the plot', () => {
    // 461 is 13 px below +1 (448) and 11 px above 0 (472): 0. 459 is nearer +1.
    expect(snapScore(band, 461)).toBe(0);
    expect(snapScore(band, 459)).toBe(1);
    expect(snapScore(band, 100)).toBe(2);
    expect(snapScore(band, 900)).toBe(-2);
    expect(Object.is(snapScore(band, 473), 0)).toBe(true);
  });

  it('puts each score where snapping reads it back', () => {
    for (const s of [-2, -1, 0, 1, 2]) expect(snapScore(band, scoreY(band, s))).toBe(s);
    expect(scoreY(band, 1)).toBe(448);
  });
});
