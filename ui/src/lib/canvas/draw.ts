import type { Attachment } from 'svelte/attachments';
import type { Item } from '../bindings';
import { iconId } from '../icons';
import { fontStack } from './textbox';

/*
 * Scene items as SVG elements, mirroring the SVG export item by item so the
 * screen matches the poster. The canvas makes thousands of these when the view
 * moves (culling.svelte.ts): made directly, one element and attribute at a
 * time, they cost a fraction of a component each. Text goes in as text
 * (`textContent`), never as markup.
 */

const SVG_NS = 'http' + '://www.w3.org/2000/svg';
const XML_NS = 'http' + '://www.w3.org/XML/1998/namespace';

// Only PNG and JPEG data URIs reach the Scene (the reader refuses others); anything else is not fetched.
export const safeHref = (href: string): string | undefined =>
  href.startsWith('data:image/png;base64,') || href.startsWith('data:image/jpeg;base64,') ? href : undefined;

let clips = 0;

/** A fresh id for a photo's clip path (unique in the page). */
function clipId(): string {
  clips = (clips + 1) % Number.MAX_SAFE_INTEGER;
  return `photo-clip-${clips}`;
}

function element(name: string, attrs: Record<string, string | number | null | undefined>): SVGElement {
  const el = document.createElementNS(SVG_NS, name) as SVGElement;
  for (const key in attrs) {
    const value = attrs[key];
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  return el;
}

/** The colour emoji family (ui/public/fonts, the same file the layout and the exports use). */
export const EMOJI_FAMILY = 'Twemoji Mozilla';

/**
 * Characters of emoji pieces: pictographs, the joiners and selectors of
 * sequences, and the older symbol blocks (the layout, which knows the fonts'
 * character maps, only makes a piece of them where the emoji font draws them).
 */
function isEmoji(cp: number): boolean {
  return (
    cp >= 0x1f000 ||
    cp === 0x200d ||
    cp === 0xfe0f ||
    cp === 0x20e3 ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x2b00 && cp <= 0x2bff)
  );
}

/**
 * Whether a text piece is all emoji: the layout cuts a line where its font
 * changes, and such a piece is drawn with the emoji font alone, as in the
 * exports (a joined sequence is then one picture).
 */
export function allEmoji(text: string): boolean {
  if (text.length === 0) return false;
  for (const ch of text) if (!isEmoji(ch.codePointAt(0)!)) return false;
  return true;
}

/** The elements for one Scene item (two for a round photo: its clip path, then the image). */
export function itemElements(item: Item): SVGElement[] {
  switch (item.type) {
    case 'rect':
      return [
        element('rect', {
          x: item.x,
          y: item.y,
          width: item.w,
          height: item.h,
          rx: item.r > 0 ? item.r : undefined,
          fill: item.fill ?? 'none',
          stroke: item.stroke,
          'stroke-width': item.stroke ? item.stroke_width : undefined,
        }),
      ];
    case 'path':
      return [
        element('path', {
          d: item.d,
          fill: item.fill ?? 'none',
          stroke: item.stroke,
          'stroke-width': item.stroke ? item.stroke_width : undefined,
          'stroke-linecap': item.stroke ? 'round' : undefined,
          'stroke-linejoin': item.stroke ? 'round' : undefined,
          'stroke-dasharray': item.dash.length > 0 ? item.dash.join(' ') : undefined,
        }),
      ];
    case 'text': {
      // An RTL line: `x` is its left edge, so it is anchored at its right edge in RTL direction.
      const text = element('text', {
        x: item.rtl ? item.x + item.w : item.x,
        y: item.y,
        direction: item.rtl ? 'rtl' : undefined,
        // An emoji piece names the emoji font alone; a text of another face than Inter names its own.
        'font-family': allEmoji(item.text) ? `'${EMOJI_FAMILY}'` : item.face && item.face !== 'sans' ? fontStack(item.face) : undefined,
        'font-size': item.size,
        'font-weight': item.weight,
        fill: item.color,
      });
      text.setAttributeNS(XML_NS, 'xml:space', 'preserve');
      text.textContent = item.text;
      return [text];
    }
    case 'icon':
      return [
        element('use', {
          href: `#${iconId(item.name)}`,
          x: item.x,
          y: item.y,
          width: item.size,
          height: item.size,
          color: item.color,
        }),
      ];
    case 'image': {
      const image = element('image', {
        x: item.x,
        y: item.y,
        width: item.w,
        height: item.h,
        preserveAspectRatio: 'xMidYMid slice',
        href: safeHref(item.href),
      });
      if (!item.round) return [image];
      const id = clipId();
      const clip = element('clipPath', { id });
      clip.append(element('ellipse', { cx: item.x + item.w / 2, cy: item.y + item.h / 2, rx: item.w / 2, ry: item.h / 2 }));
      image.setAttribute('clip-path', `url(#${id})`);
      return [clip, image];
    }
  }
}

/** One attachment per list of items: Svelte keeps an attachment that is the same function, elements and all. */
const attachments = new WeakMap<readonly Item[], Attachment<SVGElement>>();

/**
 * Draws `items` into the element it is attached to (and takes them away
 * again). The same list gives the same attachment, so a segment that changed
 * only where it is keeps its elements.
 */
export function drawItems(items: readonly Item[]): Attachment<SVGElement> {
  let attachment = attachments.get(items);
  if (attachment === undefined) {
    attachment = (node) => {
      const made = items.flatMap(itemElements);
      node.append(...made);
      return () => {
        for (const el of made) el.remove();
      };
    };
    attachments.set(items, attachment);
  }
  return attachment;
}
