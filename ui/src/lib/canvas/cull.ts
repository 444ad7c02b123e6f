import type { Box, View } from './geometry';

/*
 * Which part of the Scene is kept in the DOM: the part in sight plus a margin
 * around it, so that panning a little shows what is already drawn, and the
 * drawn region changes only when the view has moved well into that margin
 * (hysteresis): small pans and zooms never touch the DOM.
 */

export interface CullOptions {
  /** Drawn around the view on each side, in viewports (1: a whole viewport each way). */
  margin: number;
  /** Redraw once less than this (in viewports) is left between the view's edge and the drawn region's. */
  slack: number;
  /** Redraw, smaller, once the drawn region is this many times the area a new one would have (after zooming in). */
  shrink: number;
}

export const CULL: CullOptions = { margin: 0.75, slack: 0.25, shrink: 4 };

/** The Scene box in sight in a canvas of `width` × `height` CSS px. */
export function viewBox(view: View, width: number, height: number): Box {
  // `+ 0`: no -0 at the home view.
  return { x: -view.x / view.zoom + 0, y: -view.y / view.zoom + 0, w: width / view.zoom, h: height / view.zoom };
}

/** `box` grown by `by` times its own size on each side. */
export function grow(box: Box, by: number): Box {
  return { x: box.x - box.w * by, y: box.y - box.h * by, w: box.w * (1 + 2 * by), h: box.h * (1 + 2 * by) };
}

/** Whether `outer` holds all of `inner`. */
export function holds(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** The region to draw for a view: the view and `margin` viewports around it. */
export function cullRegion(view: View, width: number, height: number, options: CullOptions = CULL): Box {
  return grow(viewBox(view, width, height), options.margin);
}

/**
 * Whether the region drawn (`region`) still does for the view: the view with
 * `slack` around it lies inside it, and it is not far larger than a region
 * made now would be (so zooming in lets go of what is no longer near).
 */
export function serves(region: Box, view: View, width: number, height: number, options: CullOptions = CULL): boolean {
  const seen = viewBox(view, width, height);
  if (!holds(region, grow(seen, options.slack))) return false;
  const fresh = grow(seen, options.margin);
  return region.w * region.h <= options.shrink * fresh.w * fresh.h;
}
