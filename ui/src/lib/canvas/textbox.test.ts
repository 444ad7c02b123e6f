import { describe, expect, it } from 'vitest';
import { mapView } from '../testing/fixtures';
import { cardHit, cellHit } from './hit';
import { buildDrawing } from './segments';
import { baselineInLine, textBox } from './textbox';

const view = mapView();
const drawing = buildDrawing(view.scene);

describe('textBox', () => {
  it('covers an existing card and puts its first line on the drawn first line', () => {
    // Card a1: box from its hit region; its text line starts 10 px in (Rust's layout).
    const hit = cardHit(view.scene.hits, 'a1')!;
    const box = textBox(view.scene, drawing, view.map, { card: 'a1', stage: 's1', lane: 'l-act' })!;
    expect(box).toMatchObject({ x: hit.x, y: hit.y, w: hit.w, h: hit.h, size: 13, padX: 10, align: 'left' });
    // The card's first drawn line: the first text inside its box.
    const first = view.scene.items
      .flatMap((i) => (i.type === 'text' ? [i] : []))
      .find((i) => i.x >= hit.x && i.x < hit.x + hit.w && i.y > hit.y && i.y < hit.y + hit.h)!;
    expect(first.x).toBe(hit.x + 10);
    // CSS puts the baseline padTop + baselineInLine below the top: that must be the drawn baseline.
    expect(hit.y + box.padTop + baselineInLine(box.size, box.lineHeight)).toBeCloseTo(first.y, 9);
  });

  it('places a card not made yet below the last card of its cell, as wide as the cards', () => {
    const a2 = cardHit(view.scene.hits, 'a2')!;
    const box = textBox(view.scene, drawing, view.map, { card: null, stage: 's1', lane: 'l-act' })!;
    expect(box).toMatchObject({ x: a2.x, y: a2.y + a2.h + 8, w: a2.w });
    // In an empty cell it starts inside the cell's padding.
    const cell = cellHit(view.scene.hits, 's3', 'l-act')!;
    expect(textBox(view.scene, drawing, view.map, { card: null, stage: 's3', lane: 'l-act' })).toMatchObject({
      x: cell.x + 8,
      y: cell.y + 8,
    });
  });

  it('puts the text of an emotion point under the face, centred', () => {
    const face = cardHit(view.scene.hits, 'e1')!;
    const box = textBox(view.scene, drawing, view.map, { card: 'e1', stage: 's1', lane: 'l-emo' })!;
    expect(box).toMatchObject({ y: face.y + face.h + 4, align: 'center' });
  });
});
