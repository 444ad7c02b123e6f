import { provenance } from '../backend/patch';
import type { Hit, Item, Scene } from '../bindings';
import type { Box, Point } from './geometry';
import { GridIndex, itemBox, union } from './spatial';

/**
 * A piece of the display list: either one card's run of items (its box, icon,
 * texts) drawn as a group that carries `data-card-id`, or one other item.
 * Segments keep the Scene's paint order exactly.
 */
export interface Segment {
  /** Stable across edits: the card id, or the item's content. */
  key: string;
  card: string | null;
  items: Item[];
  /** The region its items may paint (Scene px). */
  box: Box;
  /**
   * The items as they were when the segment was first drawn, and how far
   * they have moved down since: a card in a row below one that grew is the
   * same drawing, moved (its group gets a transform, its elements stay).
   */
  drawn: Item[];
  dy: number;
}

export interface Drawing {
  segments: Segment[];
  /** Card hits with no drawn group of their own (emotion faces, funnel bars). */
  loose: Hit[];
  /** Where the segments are: `index.query(region)` gives the indices of those touching it. */
  index: GridIndex;
  /** Each card's segment, for the cards that have one. */
  byCard: Map<string, Segment>;
  /** Each card's hit region. */
  cardHits: Map<string, Hit>;
  /** Each segment by its first item: after a patched answer, unchanged stretches are the very same objects. */
  byFirst: Map<Item, Segment>;
}

/** Where an item is anchored: a text's baseline start, a path's first point, a box's corner. */
export function anchor(item: Item): Point | null {
  switch (item.type) {
    case 'path': {
      const m = /^M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/.exec(item.d);
      return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
    }
    default:
      return { x: item.x, y: item.y };
  }
}

function inside(item: Item, box: Box): boolean {
  const eps = 0.5;
  const right = box.x + box.w + eps;
  const bottom = box.y + box.h + eps;
  switch (item.type) {
    case 'rect':
    case 'image':
      return item.x >= box.x - eps && item.y >= box.y - eps && item.x + item.w <= right && item.y + item.h <= bottom;
    case 'icon':
      return item.x >= box.x - eps && item.y >= box.y - eps && item.x + item.size <= right && item.y + item.size <= bottom;
    case 'text':
      return item.x >= box.x - eps && item.x <= right && item.y >= box.y - eps && item.y <= bottom;
    case 'path': {
      // A mark wholly within the card (its confidence badge) is the card's; a
      // route's line, which leaves the card, is not.
      const b = itemBox(item);
      return b.x >= box.x - eps && b.y >= box.y - eps && b.x + b.w <= right && b.y + b.h <= bottom;
    }
  }
}

/** Card hit regions by their top edge, to find the rect that is a card's box. */
class CardBoxes {
  #byTop = new Map<number, Hit[]>();

  add(hit: Hit): void {
    const list = this.#byTop.get(hit.y);
    if (list) list.push(hit);
    else this.#byTop.set(hit.y, [hit]);
  }

  /** The card whose hit region is exactly `box`. */
  find(box: Box): string | undefined {
    for (const h of this.#byTop.get(box.y) ?? []) {
      if (h.x === box.x && h.w === box.w && h.h === box.h && h.target.kind === 'card') return h.target.id;
    }
    return undefined;
  }
}

type Fields<T> = readonly (keyof T)[];
type Of<K extends Item['type']> = Extract<Item, { type: K }>;
/** Every field of each kind of item (the type check below fails when the Scene gains one). */
export const FIELDS = {
  rect: ['x', 'y', 'w', 'h', 'r', 'fill', 'stroke', 'stroke_width'],
  path: ['d', 'fill', 'stroke', 'stroke_width', 'dash'],
  text: ['x', 'y', 'w', 'text', 'size', 'weight', 'color', 'rtl', 'face'],
  icon: ['name', 'x', 'y', 'size', 'color'],
  image: ['x', 'y', 'w', 'h', 'href', 'round'],
} as const satisfies { [K in Item['type']]: Fields<Of<K>> };
type Unlisted<K extends Item['type']> = Exclude<keyof Of<K>, 'type' | (typeof FIELDS)[K][number]>;
const allListed: { [K in Item['type']]: Unlisted<K> extends never ? true : Unlisted<K> } = {
  rect: true,
  path: true,
  text: true,
  icon: true,
  image: true,
};
void allListed;

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Same content, field by field (every field in FIELDS; a test holds the two
 * together), `b` lying `dy` below `a` (a path never moves so).
 */
export function sameItem(a: Item, b: Item, dy = 0): boolean {
  if (a === b) return dy === 0;
  switch (a.type) {
    case 'rect':
      return (
        b.type === 'rect' && a.x === b.x && a.y + dy === b.y && a.w === b.w && a.h === b.h && a.r === b.r &&
        a.fill === b.fill && a.stroke === b.stroke && a.stroke_width === b.stroke_width
      );
    case 'text':
      return (
        b.type === 'text' && a.x === b.x && a.y + dy === b.y && a.w === b.w && a.text === b.text && a.size === b.size &&
        a.weight === b.weight && a.color === b.color && a.rtl === b.rtl && (a.face ?? 'sans') === (b.face ?? 'sans')
      );
    case 'icon':
      return b.type === 'icon' && a.x === b.x && a.y + dy === b.y && a.size === b.size && a.name === b.name && a.color === b.color;
    case 'image':
      return (
        b.type === 'image' && a.x === b.x && a.y + dy === b.y && a.w === b.w && a.h === b.h && a.href === b.href &&
        a.round === b.round
      );
    case 'path':
      return (
        b.type === 'path' && dy === 0 && a.d === b.d && a.fill === b.fill && a.stroke === b.stroke && a.stroke_width === b.stroke_width &&
        sameList(a.dash, b.dash)
      );
  }
}

/** How far `b` lies below `a` when that is all that differs between them, else null. */
export function movedBy(a: readonly Item[], b: readonly Item[]): number | null {
  const first = a[0];
  const other = b[0];
  if (a.length !== b.length || first === undefined || other === undefined) return null;
  if (first.type === 'path' || other.type === 'path') return null;
  const dy = other.y - first.y;
  if (dy === 0 || !Number.isFinite(dy)) return null;
  for (let i = 0; i < a.length; i++) if (!sameItem(a[i]!, b[i]!, dy)) return null;
  return dy;
}

function sameItems(a: readonly Item[], b: readonly Item[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameItem(a[i]!, b[i]!)) return false;
  return true;
}

function boxOf(items: readonly Item[]): Box {
  let box: Box | null = null;
  for (const item of items) box = union(box, itemBox(item));
  return box!;
}

/** Each item's content as text, made once per item object (items that did not change keep their objects). */
const contents = new WeakMap<Item, string>();
function contentOf(item: Item): string {
  let text = contents.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    contents.set(item, text);
  }
  return text;
}

/**
 * Groups a Scene's items by card without changing their order: a card's
 * group starts at the rect that is exactly its hit region (its box) and takes
 * the items after it that lie inside that box.
 */
export function buildDrawing(scene: Scene, previous: Drawing | null = null): Drawing {
  // Segments that did not change keep their old objects, so the canvas
  // re-renders only what an edit changed (Svelte compares by identity).
  // By key, made when first needed: most segments are found by their first item.
  let byKey: Map<string, Segment> | null = null;
  const before = (key: string): Segment | undefined => {
    byKey ??= new Map((previous?.segments ?? []).map((s) => [s.key, s]));
    return byKey.get(key);
  };
  const again = previous?.byFirst;
  /** Keys of the other items' segments made so far (each must be unique). */
  const used = new Set<string>();
  const make = (key: string, card: string | null, items: Item[]): Segment => {
    const old = before(key);
    if (old === undefined) return { key, card, items, box: boxOf(items), drawn: items, dy: 0 };
    if (sameItems(old.items, items)) return old;
    const dy = movedBy(old.items, items);
    if (dy === null) return { key, card, items, box: boxOf(items), drawn: items, dy: 0 };
    return { key, card, items, box: { ...old.box, y: old.box.y + dy }, drawn: old.drawn, dy: old.dy + dy };
  };
  const cardBoxes = new CardBoxes();
  const cardHits = new Map<string, Hit>();
  for (const hit of scene.hits) {
    if (hit.target.kind !== 'card') continue;
    cardBoxes.add(hit);
    if (!cardHits.has(hit.target.id)) cardHits.set(hit.target.id, hit);
  }
  const segments: Segment[] = [];
  const byCard = new Map<string, Segment>();
  const byFirst = new Map<Item, Segment>();
  const seen = new Map<string, number>();
  const items = scene.items;
  const push = (segment: Segment) => {
    segments.push(segment);
    byFirst.set(segment.items[0]!, segment);
    if (segment.card !== null) byCard.set(segment.card, segment);
  };
  /**
   * Whether the grouping of the old segment `old` is what grouping would make
   * at `i`, where its items (or they moved) now are: not now the box of a card
   * and its key still free; or still the box of its card, and no item after
   * it inside that box.
   */
  const groups = (old: Segment, i: number): boolean => {
    const first = items[i]!;
    if (old.card === null) return !used.has(old.key) && (first.type !== 'rect' || cardBoxes.find(first) === undefined);
    const hit = cardHits.get(old.card);
    const after = items[i + old.items.length];
    return (
      first.type === 'rect' && !byCard.has(old.card) && hit !== undefined && hit.x === first.x && hit.y === first.y &&
      hit.w === first.w && hit.h === first.h && cardBoxes.find(first) === old.card &&
      (after === undefined || !inside(after, first))
    );
  };
  /** Whether the old segment `old` is, unchanged, what grouping would make at `i`. */
  const still = (old: Segment, i: number): boolean => {
    const run = old.items;
    if (i + run.length > items.length) return false;
    for (let k = 0; k < run.length; k++) if (items[i + k] !== run[k]) return false;
    return groups(old, i);
  };
  /** Whether the old segment `old`, its items moved down (`base[from…]`, a run ending at `end`), is what grouping would make at `i`. */
  const stillMoved = (old: Segment, i: number, base: readonly Item[], from: number, end: number): boolean => {
    const run = old.items;
    if (i + run.length > end) return false;
    for (let k = 0; k < run.length; k++) if (base[from + k] !== run[k]) return false;
    return groups(old, i);
  };
  // Runs the patch moved down (a row above them grew): their old segments move whole.
  const moved = again ? provenance(items) : undefined;
  let m = 0;
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    const old = again?.get(item);
    if (old !== undefined && still(old, i)) {
      if (old.card === null) used.add(old.key);
      push(old);
      i += old.items.length;
      continue;
    }
    if (moved) {
      while (m < moved.moves.length && moved.moves[m]!.at + moved.moves[m]!.length <= i) m++;
      const run = moved.moves[m];
      if (run !== undefined && run.at <= i) {
        const from = run.from + (i - run.at);
        const source = moved.base[from];
        const was = source === undefined ? undefined : again!.get(source);
        if (was !== undefined && stillMoved(was, i, moved.base, from, run.at + run.length)) {
          if (was.card === null) used.add(was.key);
          const length = was.items.length;
          push({
            key: was.key,
            card: was.card,
            items: items.slice(i, i + length),
            box: { ...was.box, y: was.box.y + run.dy },
            drawn: was.drawn,
            dy: was.dy + run.dy,
          });
          i += length;
          continue;
        }
      }
    }
    const id = item.type === 'rect' ? cardBoxes.find(item) : undefined;
    if (id !== undefined && !byCard.has(id) && item.type === 'rect') {
      const box: Box = item;
      const run: Item[] = [item];
      i++;
      while (i < items.length && inside(items[i]!, box)) run.push(items[i++]!);
      push(make(`card:${id}`, id, run));
      continue;
    }
    i++;
    // Identical items can occur; the n-th of them gets its own key.
    const content = contentOf(item);
    let n = seen.get(content) ?? 0;
    let key = `${content}#${n}`;
    while (used.has(key)) key = `${content}#${++n}`;
    seen.set(content, n + 1);
    used.add(key);
    push(make(key, null, [item]));
  }
  const loose = scene.hits.filter((h) => h.target.kind === 'card' && !byCard.has(h.target.id));
  const index = new GridIndex(
    segments.map((s) => s.box),
    { x: 0, y: 0, w: scene.width, h: scene.height },
  );
  return { segments, loose, index, byCard, cardHits, byFirst };
}

/** The items drawn for a card (empty for a card that has no group of its own). */
export function cardItems(drawing: Drawing, id: string): Item[] {
  return drawing.byCard.get(id)?.items ?? [];
}
