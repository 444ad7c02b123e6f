import { describe, expect, it } from 'vitest';
import { mapView } from '../testing/fixtures';
import { cardHit, cellHit } from './hit';
import { buildDrawing } from './segments';
import { baselineInLine, caretAt, textBox } from './textbox';

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

describe('caretAt', () => {
  const text = 'Busca «silla ergonómica» y lee opiniones';
  // Two lines as the layout wraps them: 10 px per character in this measure.
  const line = (t: string, y: number) => ({ type: 'text' as const, x: 100, y, w: t.length * 10, text: t, size: 13, weight: 400, color: '#000', rtl: false });
  const items = [
    { type: 'text' as const, x: 100, y: 40, w: 40, text: 'Web', size: 11, weight: 700, color: '#000', rtl: false },
    line('Busca «silla ergonómica» y', 60),
    line('lee opiniones', 78),
  ];
  const measure = (t: string) => t.length * 10;

  it('finds the character nearest the point on the line under it', () => {
    // 'Busca «s' is 8 characters: x = 100 + 8 × 10, a little into the next.
    expect(caretAt(items, text, { x: 183, y: 56 }, measure)).toBe(8);
    expect(caretAt(items, text, { x: 187, y: 56 }, measure)).toBe(9);
    // Second line, after 'lee ': its start in the text plus 4.
    expect(caretAt(items, text, { x: 141, y: 74 }, measure)).toBe(text.indexOf('lee opiniones') + 4);
  });

  it('clamps to the line ends and to the first and last lines, and skips labels', () => {
    expect(caretAt(items, text, { x: 20, y: 10 }, measure)).toBe(0);
    expect(caretAt(items, text, { x: 900, y: 300 }, measure)).toBe(text.length);
  });

  it('falls back to the end when the lines do not match the text', () => {
    expect(caretAt(items, 'otra cosa', { x: 120, y: 60 }, measure)).toBe('otra cosa'.length);
    expect(caretAt([], text, { x: 120, y: 60 }, measure)).toBe(text.length);
  });
});
