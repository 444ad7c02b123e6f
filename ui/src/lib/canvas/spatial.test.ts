import { describe, expect, it } from 'vitest';
import { intersects, type Box } from './geometry';
import { EVERYWHERE, GridIndex, itemBox, union } from './spatial';

/** A small deterministic generator (xorshift), so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

function randomBoxes(rnd: () => number, n: number, size: { w: number; h: number }): Box[] {
  return Array.from({ length: n }, () => {
    const kind = rnd();
    // Mostly card-sized, some long bands across the Scene, some points and boxes reaching outside it.
    const w = kind < 0.05 ? rnd() * size.w * 1.5 : kind < 0.1 ? 0 : 10 + rnd() * 240;
    const h = kind < 0.05 ? 5 + rnd() * 20 : kind < 0.1 ? 0 : kind < 0.15 ? rnd() * size.h : 10 + rnd() * 200;
    return { x: rnd() * size.w * 1.1 - size.w * 0.05, y: rnd() * size.h * 1.1 - size.h * 0.05, w, h };
  });
}

const brute = (boxes: readonly Box[], q: Box) => boxes.flatMap((b, i) => (intersects(b, q) ? [i] : []));

describe('itemBox', () => {
  it('takes a rect with its stroke, an icon and an image as drawn', () => {
    expect(itemBox({ type: 'rect', x: 10, y: 20, w: 100, h: 50, r: 8, fill: '#FFF', stroke_width: 0 })).toEqual({ x: 10, y: 20, w: 100, h: 50 });
    const stroked = itemBox({ type: 'rect', x: 10, y: 20, w: 100, h: 50, r: 8, stroke: '#000', stroke_width: 2 });
    expect(stroked.x).toBeLessThanOrEqual(9);
    expect(stroked.x + stroked.w).toBeGreaterThanOrEqual(111);
    expect(itemBox({ type: 'icon', name: 'web', x: 5, y: 6, size: 16, color: '#000' })).toEqual({ x: 5, y: 6, w: 16, h: 16 });
    expect(itemBox({ type: 'image', x: 1, y: 2, w: 64, h: 48, href: '', round: true })).toEqual({ x: 1, y: 2, w: 64, h: 48 });
  });

  it('takes a text line from above its capitals (y is the baseline) to below its descenders', () => {
    const b = itemBox({ type: 'text', x: 100, y: 200, w: 80, text: 'Ágil, ¿qué?', size: 20, weight: 400, color: '#000', rtl: true });
    expect(b.y).toBeLessThanOrEqual(200 - 20);
    expect(b.y + b.h).toBeGreaterThanOrEqual(200 + 20 * 0.25);
    expect(b.x).toBeLessThanOrEqual(100);
    expect(b.x + b.w).toBeGreaterThanOrEqual(180);
  });

  it('takes a path around all its points, curves by their control points', () => {
    const b = itemBox({ type: 'path', d: 'M10 20 C10 -5 60 -5 60.5 20 L30 80.25 Z', fill: '#F00', stroke_width: 0, dash: [] });
    expect(b.x).toBeLessThanOrEqual(10);
    expect(b.y).toBeLessThanOrEqual(-5);
    expect(b.x + b.w).toBeGreaterThanOrEqual(60.5);
    expect(b.y + b.h).toBeGreaterThanOrEqual(80.25);
    expect(b.w).toBeLessThan(60);
    const wide = itemBox({ type: 'path', d: 'M0 0 L100 0', stroke: '#000', stroke_width: 8, dash: [] });
    expect(wide.y).toBeLessThanOrEqual(-4);
    expect(wide.y + wide.h).toBeGreaterThanOrEqual(4);
  });

  it('takes a path it cannot read as covering everything, so it is never left out', () => {
    expect(itemBox({ type: 'path', d: 'M 1', stroke: '#000', stroke_width: 1, dash: [] })).toEqual(EVERYWHERE);
    expect(itemBox({ type: 'path', d: '', stroke: '#000', stroke_width: 1, dash: [] })).toEqual(EVERYWHERE);
  });

  it('unites boxes', () => {
    expect(union(null, { x: 1, y: 2, w: 3, h: 4 })).toEqual({ x: 1, y: 2, w: 3, h: 4 });
    expect(union({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: -5, w: 10, h: 5 })).toEqual({ x: 0, y: -5, w: 15, h: 15 });
  });
});

describe('GridIndex', () => {
  it('answers exactly what a look at every box answers, in ascending order, each once', () => {
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const rnd = random(seed);
      const size = { w: 2000 + rnd() * 4000, h: 3000 + rnd() * 60000 };
      const boxes = randomBoxes(rnd, 200 + Math.floor(rnd() * 3000), size);
      const index = new GridIndex(boxes, { x: 0, y: 0, ...size });
      expect(index.count).toBe(boxes.length);
      for (let q = 0; q < 60; q++) {
        const query: Box = {
          x: rnd() * size.w * 1.4 - size.w * 0.2,
          y: rnd() * size.h * 1.4 - size.h * 0.2,
          w: q % 10 === 0 ? 0 : rnd() * size.w * (q % 3 === 0 ? 2 : 0.5),
          h: q % 10 === 0 ? 0 : rnd() * size.h * (q % 3 === 0 ? 1 : 0.05),
        };
        expect(index.query(query)).toEqual(brute(boxes, query));
      }
    }
  });

  it('finds boxes outside the bounds it was given and boxes that span the whole Scene', () => {
    const boxes: Box[] = [
      { x: -500, y: -500, w: 10, h: 10 },
      { x: 0, y: 100, w: 1000, h: 2 },
      { x: 5000, y: 5000, w: 10, h: 10 },
      EVERYWHERE,
      { x: 400, y: 400, w: 10, h: 10 },
    ];
    const index = new GridIndex(boxes, { x: 0, y: 0, w: 1000, h: 1000 });
    expect(index.query({ x: -600, y: -600, w: 200, h: 200 })).toEqual([0, 3]);
    expect(index.query({ x: 4995, y: 4995, w: 10, h: 10 })).toEqual([2, 3]);
    expect(index.query({ x: 4990, y: 4990, w: 5, h: 5 })).toEqual([3]);
    expect(index.query({ x: 300, y: 50, w: 200, h: 400 })).toEqual([1, 3, 4]);
    // A box of negative size touches nothing.
    expect(new GridIndex([{ x: 0, y: 0, w: -1, h: 5 }]).query({ x: -10, y: -10, w: 100, h: 100 })).toEqual([]);
  });

  it('works with no bounds given, with no boxes, and on an empty query', () => {
    const rnd = random(5);
    const boxes = randomBoxes(rnd, 500, { w: 3000, h: 3000 });
    const index = new GridIndex(boxes);
    const q = { x: 1000, y: 1000, w: 700, h: 300 };
    expect(index.query(q)).toEqual(brute(boxes, q));
    expect(new GridIndex([]).query(q)).toEqual([]);
    expect(index.query({ x: 0, y: 0, w: -1, h: 10 })).toEqual([]);
  });

  it('tells whether one entry touches a box', () => {
    const index = new GridIndex([{ x: 0, y: 0, w: 10, h: 10 }]);
    expect(index.touches(0, { x: 10, y: 10, w: 5, h: 5 })).toBe(true);
    expect(index.touches(0, { x: 11, y: 0, w: 5, h: 5 })).toBe(false);
  });

  it('indexes 100,000 boxes of a tall Scene, each query looking at a few cells only', () => {
    const rnd = random(3);
    const size = { w: 3400, h: 140_000 };
    const boxes = randomBoxes(rnd, 100_000, size);
    const start = performance.now();
    const index = new GridIndex(boxes, { x: 0, y: 0, ...size });
    const built = performance.now() - start;
    const q = { x: -1000, y: 70_000, w: 4300, h: 2700 };
    expect(index.query(q)).toEqual(brute(boxes, q));
    // Generous: the point is linear time, not a benchmark (about 5 ms on a laptop).
    expect(built).toBeLessThan(500);
  });
});
