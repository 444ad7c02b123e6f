import { provenance, type SourceRun } from '../backend/patch';
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
  /**
   * The box of its first item when that is a rect (where a card's group
   * starts), else null. Regrouping checks a kept group with it instead of
   * reading the group's items again: on a large map, reading an item that
   * was not touched lately costs more than all the rest of keeping it.
   */
  head: Box | null;
}

export interface Drawing {
  segments: Segment[];
  /** Card hits with no drawn group of their own (emotion faces, funnel bars). */
  loose: Hit[];
  /**
   * The hit regions that are not cards' (cells, headers, points, the title…),
   * in the Scene's order: a few hundred where a large map has thousands of
   * cards, so what looks for them need not read every card's.
   */
  others: Hit[];
  /** Where the segments are: `index.query(region)` gives the indices of those touching it. */
  index: GridIndex;
  /** Each card's segment, for the cards that have one. */
  byCard: Map<string, Segment>;
  /** Each card's hit region. */
  cardHits: Map<string, Hit>;
  /** The Scene's items it groups. */
  items: readonly Item[];
  /** Per item: 1 + the index of the segment that starts at it, 0 where none does. */
  starts: Int32Array;
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
  /**
   * Whether no two card hit regions have the same box (a layout never puts
   * two cards in one place): then the card whose hit region is a box is the
   * one whose own region it is, with no need to look.
   */
  distinct = true;

  add(hit: Hit): void {
    const list = this.#byTop.get(hit.y);
    if (list) {
      if (this.distinct) for (const h of list) if (h.x === hit.x && h.w === hit.w && h.h === hit.h) this.distinct = false;
      list.push(hit);
    } else this.#byTop.set(hit.y, [hit]);
  }

  /** The card whose hit region is exactly `box` (or `box` moved down by `dy`). */
  find(box: Box, dy = 0): string | undefined {
    for (const h of this.#byTop.get(box.y + dy) ?? []) {
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

/** A box `dy` lower (written out: a spread copies by looking up every key, several times slower). */
const movedBox = (box: Box, dy: number): Box => ({ x: box.x, y: box.y + dy, w: box.w, h: box.h });

/** The box of a group's first item when it is a rect. */
function headOf(items: readonly Item[]): Box | null {
  const first = items[0];
  return first?.type === 'rect' ? { x: first.x, y: first.y, w: first.w, h: first.h } : null;
}

/** A segment moved down by `dy` (a row above it grew), its items already moved. */
function movedSegment(was: Segment, items: Item[], dy: number): Segment {
  return {
    key: was.key,
    card: was.card,
    items,
    box: movedBox(was.box, dy),
    drawn: was.drawn,
    dy: was.dy + dy,
    head: was.head === null ? null : movedBox(was.head, dy),
  };
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
  // A card's by its card; the others' by key, made when first needed (after a
  // patched answer most segments are found by place, and most are cards').
  let byKey: Map<string, Segment> | null = null;
  const before = (key: string, card: string | null): Segment | undefined => {
    if (previous === null) return undefined;
    if (card !== null) return previous.byCard.get(card);
    if (byKey === null) {
      byKey = new Map();
      for (const s of previous.segments) if (s.card === null) byKey.set(s.key, s);
    }
    return byKey.get(key);
  };
  /** Keys of the other items' segments made so far (each must be unique). */
  const used = new Set<string>();
  const make = (key: string, card: string | null, items: Item[]): Segment => {
    const old = before(key, card);
    if (old === undefined) return { key, card, items, box: boxOf(items), drawn: items, dy: 0, head: headOf(items) };
    if (sameItems(old.items, items)) return old;
    const dy = movedBy(old.items, items);
    if (dy === null) return { key, card, items, box: boxOf(items), drawn: items, dy: 0, head: headOf(items) };
    return movedSegment(old, items, dy);
  };
  const cardBoxes = new CardBoxes();
  const cardHits = new Map<string, Hit>();
  const cards: Hit[] = [];
  const others: Hit[] = [];
  for (const hit of scene.hits) {
    const target = hit.target;
    if (target.kind !== 'card') {
      others.push(hit);
      continue;
    }
    cards.push(hit);
    cardBoxes.add(hit);
    if (!cardHits.has(target.id)) cardHits.set(target.id, hit);
  }
  const items = scene.items;
  const segments: Segment[] = [];
  const starts = new Int32Array(items.length);
  const byCard = new Map<string, Segment>();
  const seen = new Map<string, number>();
  const push = (segment: Segment, at: number) => {
    segments.push(segment);
    starts[at] = segments.length;
    if (segment.card !== null) byCard.set(segment.card, segment);
  };
  /**
   * Whether the grouping of the old segment `old` is what grouping would make
   * at `i`, where its items now are, moved down by `dy` (0: kept): not now the
   * box of a card and its key still free; or still the box of its card, and
   * no item after it inside that box. The items are not read: the segment's
   * head is its first item's box, and when the run goes on after it (`last`
   * false), the item after it is the one that followed it before, moved as
   * much, so it still lies outside.
   */
  const groups = (old: Segment, i: number, dy: number, last: boolean): boolean => {
    const head = old.head;
    if (old.card === null) return !used.has(old.key) && (head === null || cardBoxes.find(head, dy) === undefined);
    if (head === null || byCard.has(old.card)) return false;
    const hit = cardHits.get(old.card);
    if (hit === undefined || hit.x !== head.x || hit.y !== head.y + dy || hit.w !== head.w || hit.h !== head.h) return false;
    if (!cardBoxes.distinct && cardBoxes.find(head, dy) !== old.card) return false;
    const after = last ? items[i + old.items.length] : undefined;
    return after === undefined || !inside(after, movedBox(head, dy));
  };
  // Where the items came from: the old list's, kept or moved down whole by a
  // patch (a row above them grew), so their old segments are found by place.
  let runs: readonly SourceRun[] | null = null;
  if (previous !== null) {
    const from = provenance(items);
    if (previous.items === items) runs = [{ at: 0, from: 0, length: items.length, dy: 0 }];
    else if (from?.base === previous.items) runs = from.runs;
  }
  let r = 0;
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (runs !== null) {
      while (r < runs.length && runs[r]!.at + runs[r]!.length <= i) r++;
      const run = runs[r];
      const k = run !== undefined && run.at <= i ? previous!.starts[run.from + i - run.at]! - 1 : -1;
      const was = k >= 0 ? previous!.segments[k]! : undefined;
      // The run holds all of it: its items are the old ones, or copies of them moved by `dy`.
      const end = run === undefined ? 0 : run.at + run.length;
      if (was !== undefined && i + was.items.length <= end && groups(was, i, run!.dy, i + was.items.length === end)) {
        if (was.card === null) used.add(was.key);
        const length = was.items.length;
        const dy = run!.dy;
        push(dy === 0 ? was : movedSegment(was, items.slice(i, i + length), dy), i);
        i += length;
        continue;
      }
    }
    const id = item.type === 'rect' ? cardBoxes.find(item) : undefined;
    if (id !== undefined && !byCard.has(id) && item.type === 'rect') {
      const box: Box = item;
      const at = i;
      const run: Item[] = [item];
      i++;
      while (i < items.length && inside(items[i]!, box)) run.push(items[i++]!);
      push(make(`card:${id}`, id, run), at);
      continue;
    }
    // Identical items can occur; the n-th of them gets its own key.
    const content = contentOf(item);
    let n = seen.get(content) ?? 0;
    let key = `${content}#${n}`;
    while (used.has(key)) key = `${content}#${++n}`;
    seen.set(content, n + 1);
    used.add(key);
    push(make(key, null, [item]), i);
    i++;
  }
  const loose = cards.filter((h) => h.target.kind === 'card' && !byCard.has(h.target.id));
  const index = new GridIndex(
    segments.map((s) => s.box),
    { x: 0, y: 0, w: scene.width, h: scene.height },
  );
  return { segments, loose, others, index, byCard, cardHits, items, starts };
}

/** The items drawn for a card (empty for a card that has no group of its own). */
export function cardItems(drawing: Drawing, id: string): Item[] {
  return drawing.byCard.get(id)?.items ?? [];
}
