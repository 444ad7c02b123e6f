import type { Hit } from '../bindings';
import type { Box, Point } from './geometry';
import { cardHit } from './hit';

/** A numbered badge on a chosen card, in Scene px (its centre). */
export interface Badge {
  card: string;
  /** The step's number, from 1. */
  n: number;
  x: number;
  y: number;
}

/** The radius of a badge (Scene px). */
export const BADGE_R = 11;
/** From one badge's centre to the next on the same card. */
const BADGE_STEP = 2 * BADGE_R + 3;

/** A straight connector between two cards, in Scene px. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The space left between a card's edge and a connector's end. */
const GAP = 4;

/**
 * The preview of a route being recorded, in Scene coordinates so zoom and pan
 * keep it on its cards: a connector from each card to the next (starting at
 * `lead`, the route's last card, when steps are being added to it), running
 * between the cards' edges so it never covers their text, and a numbered
 * badge per step on the top-left corner of its card. The layout draws its
 * own badges on the top-right corner, so these never cover them; a card
 * chosen twice gets its badges side by side. A step whose card has no region
 * (in a collapsed lane, or gone) is left out of the drawing, as the layout
 * does, though it keeps its number.
 */
export function trace(
  hits: readonly Hit[],
  steps: readonly string[],
  first = 1,
  lead: string | null = null,
): { segments: Segment[]; badges: Badge[] } {
  const segments: Segment[] = [];
  const badges: Badge[] = [];
  const slots = new Map<string, number>();
  let previous: Box | undefined = lead === null ? undefined : cardHit(hits, lead);
  steps.forEach((card, i) => {
    const box = cardHit(hits, card);
    if (!box) return;
    const segment = previous ? connector(previous, box) : null;
    if (segment) segments.push(segment);
    previous = box;
    const slot = slots.get(card) ?? 0;
    slots.set(card, slot + 1);
    badges.push({ card, n: first + i, x: box.x + BADGE_R + 4 + slot * BADGE_STEP, y: box.y - 2 });
  });
  return { segments, badges };
}

/** The part of the line between two boxes' centres that lies outside both; null when they touch. */
export function connector(a: Box, z: Box): Segment | null {
  const from = centre(a);
  const to = centre(z);
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return null;
  // How far along the line (0 at a's centre, 1 at z's) it leaves a and enters z, a gap away from each.
  const out = (b: Box) => Math.min(dx === 0 ? Infinity : b.w / 2 / Math.abs(dx), dy === 0 ? Infinity : b.h / 2 / Math.abs(dy));
  const t1 = out(a) + GAP / length;
  const t2 = 1 - out(z) - GAP / length;
  if (t2 <= t1) return null;
  return { x1: from.x + dx * t1, y1: from.y + dy * t1, x2: from.x + dx * t2, y2: from.y + dy * t2 };
}

/** The regions of the cards that may be steps, to point them out while recording. */
export function boxesOf(hits: readonly Hit[], cards: ReadonlySet<string>): Box[] {
  return hits.filter((h) => h.target.kind === 'card' && cards.has(h.target.id));
}

function centre(b: Box): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}
