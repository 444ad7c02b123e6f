import { describe, expect, it } from 'vitest';
import type { ComparisonView } from './bindings';
import { changeLines, lineHit } from './comparison.svelte';

const view: ComparisonView = {
  title: '«Antes» → ahora',
  comparison: {
    stages: [{ id: 's2', change: 'changed', title: 'Compra' }],
    lanes: [{ id: 'l9', change: 'removed', title: 'Ideas' }],
    cards: [
      { id: 'c1', change: 'changed', text: 'Paga en caja', stage: 'Compra', lane: 'Qué hace', edited: false },
      { id: 'c2', change: 'added', text: 'Probador virtual', stage: 'Prueba', lane: 'Qué hace', edited: false },
      { id: 'c3', change: 'removed', text: 'Folleto', stage: 'Inspiración', lane: 'Qué hace', edited: false },
    ],
  },
  scene: {
    width: 1000,
    height: 600,
    background: '#FFFFFF',
    items: [],
    hits: [
      { target: { kind: 'card', id: 'c1' }, x: 10, y: 20, w: 100, h: 40 },
      { target: { kind: 'stage', id: 's2' }, x: 0, y: 0, w: 200, h: 50 },
    ],
    warnings: [],
    min_font_size: 11,
    grid_left: 0,
    grid_top: 0,
  },
};

describe('a comparison’s list', () => {
  it('groups the changes as the legend does, stages and lanes before cards in each group', () => {
    const lines = changeLines(view);
    expect(lines.map((l) => `${l.change}:${l.what}:${l.id}`)).toEqual([
      'added:card:c2',
      'removed:lane:l9',
      'removed:card:c3',
      'changed:stage:s2',
      'changed:card:c1',
    ]);
    expect(lines[0]!.place).toBe('Prueba · Qué hace');
  });

  it('finds each line’s thing in the picture, and none for what is not drawn', () => {
    const lines = changeLines(view);
    expect(lineHit(view, lines.find((l) => l.id === 'c1')!)).toMatchObject({ x: 10, y: 20 });
    expect(lineHit(view, lines.find((l) => l.id === 's2')!)).toMatchObject({ w: 200 });
    expect(lineHit(view, lines.find((l) => l.id === 'l9')!)).toBeUndefined();
  });
});
