import { describe, expect, it } from 'vitest';
import type { Hit } from '../bindings';
import { boxFrom } from './geometry';
import { cardsInBox, toggle, union } from './select';

const HITS: Hit[] = [
  { target: { kind: 'cell', stage: 's1', lane: 'l1' }, x: 248, y: 212, w: 248, h: 146 },
  { target: { kind: 'card', id: 'a' }, x: 256, y: 220, w: 232, h: 38 },
  { target: { kind: 'card', id: 'b' }, x: 256, y: 266, w: 232, h: 38 },
  { target: { kind: 'card', id: 'c' }, x: 516, y: 220, w: 232, h: 38 },
];

describe('cardsInBox', () => {
  it('takes the cards the band touches, however it was dragged', () => {
    // From (500, 300) back up-left to (250, 250): touches a (ends 258) and b (starts 266), not c (starts 516).
    expect(cardsInBox(HITS, boxFrom({ x: 500, y: 300 }, { x: 250, y: 250 }))).toEqual(['a', 'b']);
    // A band from inside a (right edge 488) into c (left edge 516) picks both; one over no card, none.
    expect(cardsInBox(HITS, boxFrom({ x: 480, y: 230 }, { x: 520, y: 240 }))).toEqual(['a', 'c']);
    expect(cardsInBox(HITS, boxFrom({ x: 0, y: 0 }, { x: 100, y: 100 }))).toEqual([]);
  });
});

describe('toggle and union', () => {
  it('adds or removes one card, and merges without repeats', () => {
    expect(toggle(['a', 'b'], 'b')).toEqual(['a']);
    expect(toggle(['a'], 'c')).toEqual(['a', 'c']);
    expect(union(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});
