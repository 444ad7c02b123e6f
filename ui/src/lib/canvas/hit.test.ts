import { describe, expect, it } from 'vitest';
import type { Hit } from '../bindings';
import { cardHit, hitTest, targetKey } from './hit';

// A stage column, a lane row, the cell where they cross and a card in that cell,
// listed in the order the layout emits them (stage, lane, cell, card).
const HITS: Hit[] = [
  { target: { kind: 'stage', id: 's1' }, x: 248, y: 144, w: 248, h: 56 },
  { target: { kind: 'lane', id: 'l1' }, x: 40, y: 212, w: 196, h: 100 },
  { target: { kind: 'cell', stage: 's1', lane: 'l1' }, x: 248, y: 212, w: 248, h: 100 },
  { target: { kind: 'card', id: 'c1' }, x: 256, y: 220, w: 232, h: 38 },
  { target: { kind: 'title' }, x: 40, y: 40, w: 600, h: 40 },
];

describe('hitTest', () => {
  it('picks the card over the cell it lies in', () => {
    // (300, 230) is inside both the cell and the card; the card is more specific.
    expect(hitTest(HITS, { x: 300, y: 230 })?.target).toEqual({ kind: 'card', id: 'c1' });
  });

  it('picks the cell where no card is, and the header regions outside the grid', () => {
    // Below the card (y 290 > 258) only the cell holds the point; left of the grid the lane title;
    // above the grid the stage header.
    expect(hitTest(HITS, { x: 300, y: 290 })?.target).toEqual({ kind: 'cell', stage: 's1', lane: 'l1' });
    expect(hitTest(HITS, { x: 100, y: 250 })?.target).toEqual({ kind: 'lane', id: 'l1' });
    expect(hitTest(HITS, { x: 300, y: 160 })?.target).toEqual({ kind: 'stage', id: 's1' });
  });

  it('is null over empty paper and can be limited to some kinds', () => {
    // (1000, 1000) is outside every region; limited to cells, the card's point gives its cell.
    expect(hitTest(HITS, { x: 1000, y: 1000 })).toBeNull();
    expect(hitTest(HITS, { x: 300, y: 230 }, ['cell'])?.target.kind).toBe('cell');
    expect(hitTest(HITS, { x: 300, y: 230 }, ['stage'])).toBeNull();
  });

  it('prefers an emotion face over its point column, and the region painted last among equals', () => {
    // The point column and its cell cover the same box; the face (a card hit) sits inside.
    // Two overlapping cards: the later one in the list is drawn on top.
    const hits: Hit[] = [
      { target: { kind: 'cell', stage: 's1', lane: 'e' }, x: 0, y: 0, w: 100, h: 100 },
      { target: { kind: 'point', stage: 's1', lane: 'e' }, x: 0, y: 0, w: 100, h: 100 },
      { target: { kind: 'card', id: 'low' }, x: 30, y: 30, w: 32, h: 32 },
      { target: { kind: 'card', id: 'high' }, x: 40, y: 40, w: 32, h: 32 },
    ];
    expect(hitTest(hits, { x: 10, y: 10 })?.target.kind).toBe('point');
    expect(hitTest(hits, { x: 35, y: 35 })?.target).toEqual({ kind: 'card', id: 'low' });
    expect(hitTest(hits, { x: 50, y: 50 })?.target).toEqual({ kind: 'card', id: 'high' });
    // Without the cards, the point column wins over the cell it covers exactly.
    expect(targetKey(hitTest(hits.slice(0, 2), { x: 50, y: 50 })!.target)).toBe('point:s1:e');
  });

  it('finds a card region by id', () => {
    expect(cardHit(HITS, 'c1')?.y).toBe(220);
    expect(cardHit(HITS, 'nope')).toBeUndefined();
  });
});
