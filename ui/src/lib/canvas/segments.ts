import type { Hit, Item, Scene } from '../bindings';
import type { Box, Point } from './geometry';

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
  /** The items' content, to tell an unchanged segment from a changed one. */
  sig: string;
}

export interface Drawing {
  segments: Segment[];
  /** Card hits with no drawn group of their own (emotion faces, funnel bars). */
  loose: Hit[];
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
    case 'path':
      return false;
  }
}

const boxKey = (b: Box) => `${b.x}|${b.y}|${b.w}|${b.h}`;

/**
 * Groups a Scene's items by card without changing their order: a card's
 * group starts at the rect that is exactly its hit region (its box) and takes
 * the items after it that lie inside that box.
 */
export function buildDrawing(scene: Scene, previous: Drawing | null = null): Drawing {
  // Segments that did not change keep their old objects, so the canvas
  // re-renders only what an edit changed (Svelte compares by identity).
  const before = new Map<string, Segment>();
  for (const s of previous?.segments ?? []) before.set(s.key, s);
  const keep = (next: Segment): Segment => {
    const old = before.get(next.key);
    return old !== undefined && old.sig === next.sig ? old : next;
  };
  const cardByBox = new Map<string, string>();
  for (const hit of scene.hits) {
    if (hit.target.kind === 'card') cardByBox.set(boxKey(hit), hit.target.id);
  }
  const segments: Segment[] = [];
  const grouped = new Set<string>();
  const seen = new Map<string, number>();
  const items = scene.items;
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    const id = item.type === 'rect' ? cardByBox.get(boxKey(item)) : undefined;
    if (id !== undefined && !grouped.has(id) && item.type === 'rect') {
      const box: Box = item;
      const run: Item[] = [item];
      i++;
      while (i < items.length && inside(items[i]!, box)) run.push(items[i++]!);
      grouped.add(id);
      segments.push(keep({ key: `card:${id}`, card: id, items: run, sig: JSON.stringify(run) }));
      continue;
    }
    // Identical items can occur; the n-th of them gets its own key.
    const content = JSON.stringify(item);
    const n = seen.get(content) ?? 0;
    seen.set(content, n + 1);
    segments.push(keep({ key: `${content}#${n}`, card: null, items: [item], sig: content }));
    i++;
  }
  const loose = scene.hits.filter((h) => h.target.kind === 'card' && !grouped.has(h.target.id));
  return { segments, loose };
}

/** The items drawn for a card (empty for a card that has no group of its own). */
export function cardItems(drawing: Drawing, id: string): Item[] {
  return drawing.segments.find((s) => s.card === id)?.items ?? [];
}
