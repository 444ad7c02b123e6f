/** A point in Scene px or screen px (the type does not say which; the names do). */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned box, like a Scene hit region. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * How the Scene sits in the canvas: screen = scene × zoom + pan. At zoom 1 and
 * pan (0, 0) one Scene px is one CSS px and the Scene's corner is the canvas's.
 */
export interface View {
  zoom: number;
  x: number;
  y: number;
}

export const IDENTITY: View = { zoom: 1, x: 0, y: 0 };

/** Edges count as inside, so a point on the border between two boxes hits both. */
export function contains(b: Box, p: Point): boolean {
  return p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
}

export function intersects(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** The box spanned by two corners, in either order (a rubber band dragged any way). */
export function boxFrom(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function toScene(view: View, screen: Point): Point {
  return { x: (screen.x - view.x) / view.zoom, y: (screen.y - view.y) / view.zoom };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
