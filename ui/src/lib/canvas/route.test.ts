import { describe, expect, it } from 'vitest';
import type { Hit } from '../bindings';
import { BADGE_R, boxesOf, connector, trace } from './route';

const card = (id: string, x: number, y: number): Hit => ({ target: { kind: 'card', id }, x, y, w: 100, h: 40 });
const HITS: Hit[] = [
  { target: { kind: 'cell', stage: 's1', lane: 'l' }, x: 0, y: 0, w: 500, h: 500 },
  card('a', 10, 20),
  card('b', 200, 20),
  card('c', 10, 200),
];

describe('trace', () => {
  it('connects each card to the next, edge to edge, and numbers a badge on each', () => {
    const { segments, badges } = trace(HITS, ['a', 'b', 'c']);
    // a → b side by side: from a's right edge to b's left edge, 4 px clear of each, at mid height.
    const [ab] = segments;
    expect([ab!.x1, ab!.y1, ab!.x2, ab!.y2].map((n) => Math.round(n * 100) / 100)).toEqual([114, 40, 196, 40]);
    expect(segments).toHaveLength(2);
    expect(badges.map((b) => [b.card, b.n])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    // On the card's top-left corner (the layout's own badges sit on the top-right one).
    expect(badges[0]).toMatchObject({ x: 10 + BADGE_R + 4, y: 18 });
  });

  it('puts a second badge for the same card beside the first, and continues numbers after `first`', () => {
    const { badges } = trace(HITS, ['a', 'b', 'a'], 4);
    expect(badges.map((b) => b.n)).toEqual([4, 5, 6]);
    const [first, , again] = badges;
    expect(again!.y).toBe(first!.y);
    expect(again!.x - first!.x).toBeGreaterThanOrEqual(2 * BADGE_R);
  });

  it('starts at the lead card without a badge for it, and leaves out cards that have no region', () => {
    const { segments, badges } = trace(HITS, ['gone', 'c'], 3, 'b');
    // b (200..300 × 20..60) down-left to c (10..110 × 200..240): one connector, from just below b to just above c.
    expect(segments).toHaveLength(1);
    const [bc] = segments;
    expect(bc!.y1).toBeGreaterThan(60);
    expect(bc!.y1).toBeLessThan(65);
    expect(bc!.y2).toBeGreaterThan(195);
    expect(bc!.y2).toBeLessThan(200);
    expect(bc!.x1).toBeGreaterThan(bc!.x2);
    // "gone" keeps its number (3): the badge on c still says it is the fourth step.
    expect(badges).toEqual([{ card: 'c', n: 4, x: 10 + BADGE_R + 4, y: 198 }]);
  });
});

describe('connector and boxesOf', () => {
  it('draws nothing between cards that touch or overlap', () => {
    expect(connector({ x: 0, y: 0, w: 100, h: 40 }, { x: 102, y: 0, w: 100, h: 40 })).toBeNull();
    expect(connector({ x: 0, y: 0, w: 100, h: 40 }, { x: 0, y: 0, w: 100, h: 40 })).toBeNull();
    expect(connector({ x: 0, y: 0, w: 100, h: 40 }, { x: 0, y: 100, w: 100, h: 40 })).toEqual({ x1: 50, y1: 44, x2: 50, y2: 96 });
  });

  it('finds the regions of the given cards only', () => {
    expect(boxesOf(HITS, new Set(['b', 'c'])).map((h) => h.x)).toEqual([200, 10]);
  });
});
