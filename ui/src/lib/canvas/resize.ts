import type { Hit } from '../bindings';
import type { Point } from './geometry';

/** A stage's column without a width of its own, and the bounds of one (`COL_W`, `STAGE_WIDTH_MIN/MAX` in Rust). */
export const STAGE_WIDTH = 248;
export const STAGE_WIDTH_MIN = 160;
export const STAGE_WIDTH_MAX = 1200;
/** How near (screen px) a stage header's right edge the pointer takes the edge rather than the header. */
export const GRIP_PX = 6;
/** The gap between two columns (Scene px), which belongs to the edge on its left. */
const GAP = 12;

export interface Grip {
  id: string;
  /** The column's left edge and width, in Scene px. */
  left: number;
  width: number;
}

/** The stage whose header's right edge is under `p` (a Scene point) at `zoom`, or null. */
export function stageGrip(hits: readonly Hit[], p: Point, zoom: number): Grip | null {
  const reach = GRIP_PX / Math.max(zoom, 0.01);
  for (const h of hits) {
    if (h.target.kind !== 'stage') continue;
    if (p.y < h.y || p.y > h.y + h.h) continue;
    const right = h.x + h.w;
    if (p.x >= right - reach && p.x <= right + Math.max(reach, GAP)) return { id: h.target.id, left: h.x, width: h.w };
  }
  return null;
}

/** The width a column of width `from` gets when its edge is dragged by `dx` Scene px (whole, within bounds). */
export function dragWidth(from: number, dx: number): number {
  return Math.round(Math.min(STAGE_WIDTH_MAX, Math.max(STAGE_WIDTH_MIN, from + dx)));
}
