import { describe, expect, it } from 'vitest';
import type { Hit } from './bindings';
import { imageEdit, imageTarget } from './images';
import { sampleMap } from './testing/maps';

const hits: Hit[] = [
  { target: { kind: 'cell', stage: 's1', lane: 'l-act' }, x: 0, y: 0, w: 200, h: 200 },
  { target: { kind: 'card', id: 'a1' }, x: 10, y: 10, w: 180, h: 60 },
  { target: { kind: 'cell', stage: 's1', lane: 'l-emo' }, x: 0, y: 220, w: 200, h: 200 },
  { target: { kind: 'card', id: 'e1' }, x: 80, y: 300, w: 30, h: 30 },
];

describe('a picture dropped on the canvas', () => {
  it('goes on the card under it, or on a new card of the cell, in a lane of cards only', () => {
    const map = sampleMap();
    expect(imageTarget(map, hits, { x: 50, y: 40 })).toEqual({ kind: 'card', id: 'a1' });
    expect(imageTarget(map, hits, { x: 50, y: 150 })).toEqual({ kind: 'cell', stage: 's1', lane: 'l-act' });
    // A curve's point and its cell take none; nor does the space outside the grid.
    expect(imageTarget(map, hits, { x: 90, y: 310 })).toBeNull();
    expect(imageTarget(map, hits, { x: 20, y: 400 })).toBeNull();
    expect(imageTarget(map, hits, { x: 500, y: 500 })).toBeNull();
  });

  it('is one edit: the card updated, or a card inserted at the cell’s end', () => {
    const map = sampleMap();
    expect(imageEdit(map, { kind: 'card', id: 'a1' }, 'data:image/png;base64,x')).toEqual({
      type: 'update_card',
      id: 'a1',
      patch: { image: 'data:image/png;base64,x' },
    });
    const made = imageEdit(map, { kind: 'cell', stage: 's1', lane: 'l-act' }, 'data:image/png;base64,x');
    expect(made).toMatchObject({
      type: 'insert_card',
      card: { stage: 's1', lane: 'l-act', text: '', image: 'data:image/png;base64,x' },
      place: { in_cell: 2 },
    });
  });
});
