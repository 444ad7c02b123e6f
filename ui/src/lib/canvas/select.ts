import type { Hit } from '../bindings';
import { intersects, type Box } from './geometry';

/** The cards a rubber band touches, in the order they are painted, each once. */
export function cardsInBox(hits: readonly Hit[], box: Box): string[] {
  const ids = new Set<string>();
  for (const hit of hits) {
    if (hit.target.kind === 'card' && intersects(hit, box)) ids.add(hit.target.id);
  }
  return [...ids];
}

/** Shift/Ctrl-click: adds `id` if it was not selected, removes it if it was. */
export function toggle(ids: readonly string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/** A rubber band with Shift adds its cards to what was selected. */
export function union(a: readonly string[], b: readonly string[]): string[] {
  const had = new Set(a);
  return [...a, ...b.filter((id) => !had.has(id))];
}
