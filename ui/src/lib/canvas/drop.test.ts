import { describe, expect, it } from 'vitest';
import type { Hit, JourneyMap } from '../bindings';
import { cardDrop, laneSlots, reorder, stageSlots } from './drop';

// Two stages, an actions lane and an emotions lane. Cell s1/act holds a, b, c stacked
// (y 220, 266, 312, each 38 high); cell s2/act holds d; the emotion cell s2/emo holds e.
const MAP: JourneyMap = {
  title: 'm',
  stages: [
    { id: 's1', title: 'S1' },
    { id: 's2', title: 'S2' },
  ],
  lanes: [
    { id: 'act', kind: 'actions', title: 'A' },
    { id: 'emo', kind: 'emotions', title: 'E' },
  ],
  cards: [
    { id: 'a', stage: 's1', lane: 'act', text: 'a' },
    { id: 'd', stage: 's2', lane: 'act', text: 'd' },
    { id: 'b', stage: 's1', lane: 'act', text: 'b' },
    { id: 'c', stage: 's1', lane: 'act', text: 'c' },
    { id: 'e', stage: 's2', lane: 'emo', text: '', score: 1 },
  ],
};
const HITS: Hit[] = [
  { target: { kind: 'stage', id: 's1' }, x: 248, y: 144, w: 248, h: 56 },
  { target: { kind: 'stage', id: 's2' }, x: 508, y: 144, w: 248, h: 56 },
  { target: { kind: 'lane', id: 'act' }, x: 40, y: 212, w: 196, h: 146 },
  { target: { kind: 'lane', id: 'emo' }, x: 40, y: 370, w: 196, h: 160 },
  { target: { kind: 'cell', stage: 's1', lane: 'act' }, x: 248, y: 212, w: 248, h: 146 },
  { target: { kind: 'cell', stage: 's2', lane: 'act' }, x: 508, y: 212, w: 248, h: 146 },
  { target: { kind: 'cell', stage: 's1', lane: 'emo' }, x: 248, y: 370, w: 248, h: 160 },
  { target: { kind: 'cell', stage: 's2', lane: 'emo' }, x: 508, y: 370, w: 248, h: 160 },
  { target: { kind: 'card', id: 'a' }, x: 256, y: 220, w: 232, h: 38 },
  { target: { kind: 'card', id: 'b' }, x: 256, y: 266, w: 232, h: 38 },
  { target: { kind: 'card', id: 'c' }, x: 256, y: 312, w: 232, h: 38 },
  { target: { kind: 'card', id: 'd' }, x: 516, y: 220, w: 232, h: 38 },
  { target: { kind: 'card', id: 'e' }, x: 616, y: 418, w: 32, h: 32 },
];

describe('cardDrop', () => {
  it('counts the other cards whose middle is above the pointer', () => {
    // Dragging d into s1/act: middles of a, b, c are at y 239, 285, 331. At y 300 two are above.
    const drop = cardDrop(MAP, HITS, { x: 300, y: 300 }, 'd');
    expect(drop).toMatchObject({ stage: 's1', lane: 'act', index: 2, unchanged: false });
    // The line sits in the gap between b (ends 304) and c (starts 312), across the cards' width.
    expect(drop?.line).toEqual({ x1: 256, y1: 308, x2: 488, y2: 308 });
  });

  it('leaves the dragged card out of the count, as Rust takes it out before placing it', () => {
    // Dragging a down past b (middle 285) but above c (331): among b and c only b is above, so
    // index 1, which puts a between b and c.
    expect(cardDrop(MAP, HITS, { x: 300, y: 300 }, 'a')?.index).toBe(1);
    // Above everything: index 0, which is where a already is.
    expect(cardDrop(MAP, HITS, { x: 300, y: 215 }, 'a')).toMatchObject({ index: 0, unchanged: true });
  });

  it('puts the line before the first card, after the last one, or at the top of an empty cell', () => {
    // Index 0 above a (starts 220); index 3 below c (ends 350); the empty emotion cell s1/emo
    // gets a line near its top edge spanning the cell less its padding.
    expect(cardDrop(MAP, HITS, { x: 300, y: 214 }, 'd')?.line.y1).toBe(216);
    expect(cardDrop(MAP, HITS, { x: 300, y: 355 }, 'd')).toMatchObject({ index: 3, line: { y1: 354 } });
    expect(cardDrop(MAP, HITS, { x: 300, y: 400 }, 'd')).toMatchObject({
      stage: 's1',
      lane: 'emo',
      index: 0,
      line: { x1: 256, y1: 374, x2: 488 },
    });
  });

  it('refuses an emotion cell that already has its card, and the space outside the grid', () => {
    // s2/emo holds e, and an emotion lane takes one card per stage; (100, 100) is in no cell.
    expect(cardDrop(MAP, HITS, { x: 600, y: 400 }, 'a')).toBeNull();
    expect(cardDrop(MAP, HITS, { x: 100, y: 100 }, 'a')).toBeNull();
    // The card that is there may move within its own cell: it is not counted against itself.
    expect(cardDrop(MAP, HITS, { x: 600, y: 400 }, 'e')).toMatchObject({ index: 0, unchanged: true });
  });
});

describe('reorder', () => {
  it('gives the index a stage takes when dropped, from the other stages middles', () => {
    // Slots in map order: s1 [248, 496], s2 [508, 756]. Dragging s1 to x 700 passes s2's middle (632).
    const slots = stageSlots(MAP, HITS);
    expect(slots.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(reorder(slots, 's1', 700)).toEqual({ index: 1, at: 760, unchanged: false });
    expect(reorder(slots, 's1', 600)).toMatchObject({ index: 0, unchanged: true });
    expect(reorder(slots, 's2', 300)).toEqual({ index: 0, at: 244, unchanged: false });
  });

  it('works the same down the lanes, and ignores an unknown id', () => {
    // Lanes: act [212, 358] middle 285, emo [370, 530] middle 450.
    const slots = laneSlots(MAP, HITS);
    expect(reorder(slots, 'emo', 250)?.index).toBe(0);
    expect(reorder(slots, 'act', 500)?.index).toBe(1);
    expect(reorder(slots, 'zzz', 500)).toBeNull();
  });

  it('puts the indicator halfway between the two neighbours it falls between', () => {
    // Three slots; moving c between a and b: a ends 110, b starts 120.
    const slots = [
      { id: 'a', start: 0, size: 110 },
      { id: 'b', start: 120, size: 110 },
      { id: 'c', start: 240, size: 110 },
    ];
    expect(reorder(slots, 'c', 100)).toEqual({ index: 1, at: 115, unchanged: false });
  });
});
