import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../bindings';
import { allEmoji, drawItems, itemElements } from './draw';

afterEach(() => {
  document.body.replaceChildren();
});

/** Draws one Scene item into an <svg> and returns the (last) element made for it. */
function draw(item: Item): SVGElement {
  const svg = document.createElementNS('http' + '://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  svg.append(...itemElements(item));
  return svg.lastElementChild as SVGElement;
}

describe('itemElements', () => {
  it('draws a rect like the SVG export: radius only when rounded, no fill when none is given', () => {
    const el = draw({ type: 'rect', x: 1, y: 2, w: 30, h: 40, r: 8, stroke: '#DDD', stroke_width: 1 });
    expect(el.tagName).toBe('rect');
    expect(el.namespaceURI).toContain('svg');
    expect([el.getAttribute('x'), el.getAttribute('width'), el.getAttribute('rx')]).toEqual(['1', '30', '8']);
    expect(el.getAttribute('fill')).toBe('none');
    expect(el.getAttribute('stroke-width')).toBe('1');
  });

  it('draws a dashed path with round joins', () => {
    const el = draw({ type: 'path', d: 'M0 0 L10 0', stroke: '#CED4DA', stroke_width: 1, dash: [2, 4] });
    expect(el.getAttribute('stroke-dasharray')).toBe('2 4');
    expect(el.getAttribute('stroke-linecap')).toBe('round');
  });

  it('draws a text line with its font, as text, and anchors a right-to-left line at its right edge', () => {
    const ltr = draw({ type: 'text', x: 10, y: 20, w: 80, text: '  a <b>', size: 13, weight: 600, color: '#111', rtl: false });
    expect(ltr.textContent).toBe('  a <b>');
    expect(ltr.children).toHaveLength(0);
    expect([ltr.getAttribute('font-size'), ltr.getAttribute('font-weight'), ltr.getAttribute('xml:space')]).toEqual([
      '13',
      '600',
      'preserve',
    ]);
    const rtl = draw({ type: 'text', x: 10, y: 20, w: 80, text: 'שלום', size: 13, weight: 400, color: '#111', rtl: true });
    expect(rtl.getAttribute('x')).toBe('90');
    expect(rtl.getAttribute('direction')).toBe('rtl');
  });

  it('draws an icon from the shared symbol in its colour, and a round photo clipped to a circle', () => {
    const icon = draw({ type: 'icon', name: 'word_of_mouth', x: 5, y: 6, size: 16, color: '#0C8599' });
    expect([icon.tagName, icon.getAttribute('href'), icon.getAttribute('color')]).toEqual([
      'use',
      '#icon-word_of_mouth',
      '#0C8599',
    ]);
    const photo = draw({ type: 'image', x: 0, y: 0, w: 64, h: 64, href: 'data:image/png;base64,AAAA', round: true });
    const clip = photo.previousElementSibling!;
    expect(clip.tagName).toBe('clipPath');
    expect(photo.getAttribute('clip-path')).toBe(`url(#${clip.id})`);
    expect(photo.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    // Anything but a PNG or JPEG data URI is not loaded.
    expect(draw({ type: 'image', x: 0, y: 0, w: 9, h: 9, href: 'file:///etc/passwd', round: false }).getAttribute('href')).toBeNull();
  });

  it('puts text in as text, never as markup', () => {
    const el = draw({ type: 'text', x: 0, y: 0, w: 9, text: '<img src=x onerror="alert(1)"> & <b>', size: 13, weight: 400, color: '#111', rtl: false });
    expect(el.textContent).toBe('<img src=x onerror="alert(1)"> & <b>');
    expect(el.children).toHaveLength(0);
    const path = draw({ type: 'path', d: 'M0 0" onload="x', stroke: '#000', stroke_width: 1, dash: [] });
    expect(path.getAttribute('d')).toBe('M0 0" onload="x');
    expect(path.getAttribute('onload')).toBeNull();
  });

  it('gives each round photo a clip of its own', () => {
    const photo = { type: 'image', x: 0, y: 0, w: 10, h: 10, href: 'data:image/png;base64,AA', round: true } as const;
    const [a] = itemElements(photo);
    const [b] = itemElements(photo);
    expect(a!.id).not.toBe(b!.id);
  });
});

describe('drawItems', () => {
  it('draws items into the element it is attached to, in order, and takes them away again', () => {
    const g = document.createElementNS('http' + '://www.w3.org/2000/svg', 'g') as SVGGElement;
    g.append(document.createElementNS('http' + '://www.w3.org/2000/svg', 'desc'));
    const undo = drawItems([
      { type: 'rect', x: 0, y: 0, w: 10, h: 10, r: 0, stroke_width: 0 },
      { type: 'text', x: 1, y: 8, w: 8, text: 'a', size: 8, weight: 400, color: '#000', rtl: false },
    ])(g);
    expect([...g.children].map((e) => e.tagName)).toEqual(['desc', 'rect', 'text']);
    (undo as () => void)();
    expect([...g.children].map((e) => e.tagName)).toEqual(['desc']);
  });

  it('is the same attachment for the same list, so Svelte keeps the elements it made', () => {
    const items: Item[] = [{ type: 'rect', x: 0, y: 0, w: 10, h: 10, r: 0, stroke_width: 0 }];
    expect(drawItems(items)).toBe(drawItems(items));
    expect(drawItems(items)).not.toBe(drawItems([...items]));
  });
});

describe('allEmoji', () => {
  it('tells emoji pieces (joined sequences, skin tones, flags) from text', () => {
    for (const e of ['😀🎉', '👍🏽', '🇪🇸', '👨‍👩‍👧', '☃']) expect(allEmoji(e)).toBe(true);
    for (const t of ['', 'Señal débil', '😀 fin', '123', '€', '→']) expect(allEmoji(t)).toBe(false);
  });

  it('draws an emoji piece with the emoji font alone', () => {
    const [el] = itemElements({ type: 'text', x: 0, y: 10, w: 20, text: '👍🏽', size: 13, weight: 400, color: '#000', rtl: false });
    expect(el!.getAttribute('font-family')).toBe("'Twemoji Mozilla'");
    const [plain] = itemElements({ type: 'text', x: 0, y: 10, w: 20, text: 'fin', size: 13, weight: 400, color: '#000', rtl: false });
    expect(plain!.hasAttribute('font-family')).toBe(false);
  });

  it('draws a text of a map set in another typeface in that face, then Inter and the fallbacks', () => {
    const [serif] = itemElements({ type: 'text', x: 0, y: 10, w: 20, text: 'Señal', size: 13, weight: 400, color: '#000', rtl: false, face: 'serif' });
    expect(serif!.getAttribute('font-family')).toBe("'Source Serif 4', Inter, 'Twemoji Mozilla', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Droid Sans Fallback', serif");
    const [round] = itemElements({ type: 'text', x: 0, y: 10, w: 20, text: 'Señal', size: 13, weight: 700, color: '#000', rtl: false, face: 'rounded' });
    expect(round!.getAttribute('font-family')?.startsWith('Nunito, Inter,')).toBe(true);
    const [sans] = itemElements({ type: 'text', x: 0, y: 10, w: 20, text: 'Señal', size: 13, weight: 400, color: '#000', rtl: false, face: 'sans' });
    expect(sans!.hasAttribute('font-family')).toBe(false);
  });
});
