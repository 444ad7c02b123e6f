/**
 * Pictures on cards (format version 2): where an image dropped on the canvas
 * goes. On a card drawn as a card, it becomes that card's image; on a cell of
 * a lane of cards, a new card at the cell's end holds it. Rust re-encodes the
 * picture (at most 2,048 px a side) before the page ever sees it.
 */
import type { Edit, Hit, JourneyMap } from './bindings';
import { hitTest } from './canvas/hit';
import { toScene, type Point, type View } from './canvas/geometry';
import { idMaker, insertCard } from './edits';
import { kindSpec } from './kinds';

/** What an image dropped at a Scene point lands on: a card, a cell, or nothing that takes it. */
export type ImageTarget = { kind: 'card'; id: string } | { kind: 'cell'; stage: string; lane: string } | null;

const drawsCards = (map: JourneyMap, lane: string): boolean => {
  const l = map.lanes.find((x) => x.id === lane);
  return l !== undefined && kindSpec(l.kind).drawing === 'cards';
};

export function imageTarget(map: JourneyMap, hits: readonly Hit[], p: Point): ImageTarget {
  const hit = hitTest(hits, p, ['card', 'cell']);
  if (!hit) return null;
  if (hit.target.kind === 'card') {
    const id = hit.target.id;
    const card = map.cards.find((c) => c.id === id);
    return card && drawsCards(map, card.lane) ? { kind: 'card', id } : null;
  }
  if (hit.target.kind === 'cell' && drawsCards(map, hit.target.lane)) {
    return { kind: 'cell', stage: hit.target.stage, lane: hit.target.lane };
  }
  return null;
}

/** The edit that puts `image` where it was dropped. */
export function imageEdit(map: JourneyMap, target: NonNullable<ImageTarget>, image: string): Edit {
  if (target.kind === 'card') return { type: 'update_card', id: target.id, patch: { image } };
  return insertCard(map, { id: idMaker(map)('c'), stage: target.stage, lane: target.lane, text: '', image });
}

/**
 * What an image dropped at a point of the page (CSS pixels) lands on, on
 * the canvas; null elsewhere, or where nothing takes a picture.
 */
export function imageTargetAt(x: number, y: number, map: JourneyMap, hits: readonly Hit[], view: View): ImageTarget {
  const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]');
  const el = document.elementFromPoint(x, y);
  if (!canvas || !el || !canvas.contains(el)) return null;
  const r = canvas.getBoundingClientRect();
  return imageTarget(map, hits, toScene(view, { x: x - r.left, y: y - r.top }));
}
