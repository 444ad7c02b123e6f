import type { Hit, Item, Scene } from '../bindings';
import type { Box } from './geometry';

/** What can be renamed in place on the canvas: a stage header, a lane title, the map's title. */
export type RenameTarget = { kind: 'stage'; id: string } | { kind: 'lane'; id: string } | { kind: 'title' };

/** Where the name field goes (Scene px) and the size of the words it covers. */
export interface RenameBox extends Box {
  size: number;
  weight: number;
}

export function renameHit(scene: Scene, target: RenameTarget): Hit | undefined {
  return scene.hits.find((h) =>
    target.kind === 'title' ? h.target.kind === 'title' : h.target.kind === target.kind && h.target.id === target.id,
  );
}

/**
 * The name field over a header: from its first line of text (its size and weight, so typing
 * looks like the name it replaces) to the header's right edge, a line and a half high.
 */
export function renameBox(scene: Scene, target: RenameTarget): RenameBox | null {
  const hit = renameHit(scene, target);
  if (!hit) return null;
  const inside = (i: Item): i is Extract<Item, { type: 'text' }> =>
    i.type === 'text' && i.x >= hit.x - 1 && i.x <= hit.x + hit.w && i.y >= hit.y && i.y <= hit.y + hit.h + 1;
  const first = scene.items.find(inside);
  const size = first?.size ?? 14;
  const weight = first?.weight ?? 600;
  const x = (first?.x ?? hit.x + 8) - 6;
  const top = first ? first.y - size * 1.05 : hit.y + 6;
  const right = hit.x + hit.w - 4;
  return { x, y: top - 5, w: Math.max(80, right - x), h: size * 1.35 + 10, size, weight };
}
