import type { Card, Hit, JourneyMap } from '../bindings';
import type { Box, Point } from './geometry';
import { holdsScore, oneCardPerStage } from '../kinds';
import { curveOf, sameCurve } from '../curves';
import { cardHit, hitTest } from './hit';

/** A short line that shows where a dragged thing would land. */
export interface Line {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where a dragged card would go: a cell, and its index among that cell's other cards. */
export interface CardDrop {
  stage: string;
  lane: string;
  /** The `in_cell` place: Rust takes the card out first, so it counts the other cards only. */
  index: number;
  cell: Box;
  line: Line;
  /** Dropping here would leave the card where it is. */
  unchanged: boolean;
}

/** Half the space the layout leaves between cards, for placing the indicator in it. */
const HALF_GAP = 4;

/**
 * The drop target for card `cardId` with the pointer at `p` (Scene px): the
 * cell under the pointer, and the index given by the other cards' vertical
 * centres above the pointer. Null off the grid, or on a one-card-per-stage
 * cell that already has another card.
 */
export function cardDrop(map: JourneyMap, hits: readonly Hit[], p: Point, cardId: string): CardDrop | null {
  const hit = hitTest(hits, p, ['cell']);
  if (!hit || hit.target.kind !== 'cell') return null;
  const { stage, lane } = hit.target;
  const laneDef = map.lanes.find((l) => l.id === lane);
  const dragged = map.cards.find((c) => c.id === cardId);
  if (!laneDef || !dragged) return null;
  const inCell = map.cards.filter((c) => c.stage === stage && c.lane === lane);
  const others = inCell.filter((c) => c.id !== cardId);
  // A one-card-per-stage lane takes it where its place is free (in an emotions lane, on its curve).
  const taken = (c: Card) => !holdsScore(laneDef.kind) || sameCurve(curveOf(c), curveOf(dragged));
  if (oneCardPerStage(laneDef.kind) && others.some(taken)) return null;

  const boxes = others.map((c) => cardHit(hits, c.id)).filter((b): b is Hit => b !== undefined);
  const index = boxes.filter((b) => b.y + b.h / 2 < p.y).length;
  const cell: Box = { x: hit.x, y: hit.y, w: hit.w, h: hit.h };

  let y: number;
  let x1 = hit.x + 2 * HALF_GAP;
  let x2 = hit.x + hit.w - 2 * HALF_GAP;
  const first = boxes[0];
  const last = boxes[boxes.length - 1];
  if (!first || !last) {
    y = hit.y + HALF_GAP;
  } else {
    x1 = first.x;
    x2 = first.x + first.w;
    const above = boxes[index - 1];
    const below = boxes[index];
    if (!above) y = first.y - HALF_GAP;
    else if (!below) y = last.y + last.h + HALF_GAP;
    else y = (above.y + above.h + below.y) / 2;
  }

  const unchanged =
    dragged.stage === stage && dragged.lane === lane && inCell.findIndex((c) => c.id === cardId) === index;
  return { stage, lane, index, cell, line: { x1, y1: y, x2, y2: y }, unchanged };
}

/** A stage column or a lane row along the axis it can be dragged on. */
export interface Slot {
  id: string;
  start: number;
  size: number;
}

export interface Reorder {
  /** The index to send with move_stage / move_lane (its place once taken out). */
  index: number;
  /** Where the indicator goes along the axis. */
  at: number;
  unchanged: boolean;
}

/** Stage headers left to right in the map's order, from their hit regions. */
export function stageSlots(map: JourneyMap, hits: readonly Hit[]): Slot[] {
  return slots(map.stages, hits, 'stage', (h) => [h.x, h.w]);
}

/** Lane titles top to bottom in the map's order. */
export function laneSlots(map: JourneyMap, hits: readonly Hit[]): Slot[] {
  return slots(map.lanes, hits, 'lane', (h) => [h.y, h.h]);
}

function slots(
  list: readonly { id: string }[],
  hits: readonly Hit[],
  kind: 'stage' | 'lane',
  axis: (h: Hit) => [number, number],
): Slot[] {
  const out: Slot[] = [];
  for (const { id } of list) {
    const hit = hits.find((h) => h.target.kind === kind && h.target.id === id);
    if (!hit) continue;
    const [start, size] = axis(hit);
    out.push({ id, start, size });
  }
  return out;
}

/** The new index of slot `id` dragged to `pos`: how many other slots have their middle before it. */
export function reorder(all: readonly Slot[], id: string, pos: number): Reorder | null {
  const from = all.findIndex((s) => s.id === id);
  if (from < 0) return null;
  const others = all.filter((s) => s.id !== id);
  const index = others.filter((s) => s.start + s.size / 2 < pos).length;
  const before = others[index - 1];
  const after = others[index];
  let at: number;
  if (before && after) at = (before.start + before.size + after.start) / 2;
  else if (after) at = after.start - HALF_GAP;
  else if (before) at = before.start + before.size + HALF_GAP;
  else at = pos;
  return { index, at, unchanged: index === from };
}
