import type { Item } from '../bindings';
import type { Box } from './geometry';

export const SCORE_MIN = -2;
export const SCORE_MAX = 2;

/** The vertical span of an emotion plot: the y of score +2 and of score −2. */
export interface Band {
  top: number;
  bottom: number;
}

const HORIZONTAL = /^M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*L\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*$/;

/**
 * The plot inside an emotion lane's Point region. The layout draws dashed
 * guides at +2, 0 and −2 across the lane; the topmost and bottommost guide
 * crossing `region` are +2 and −2. Without two guides the whole region is the
 * plot, so snapping still gives −2..+2 from bottom to top.
 */
export function plotBand(items: readonly Item[], region: Box): Band {
  let top = Infinity;
  let bottom = -Infinity;
  for (const item of items) {
    if (item.type !== 'path' || item.dash.length === 0 || !item.stroke) continue;
    const m = HORIZONTAL.exec(item.d);
    if (!m) continue;
    const [x1, y1, x2, y2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    if (y1 !== y2 || y1 < region.y || y1 > region.y + region.h) continue;
    if (Math.max(x1, x2) < region.x || Math.min(x1, x2) > region.x + region.w) continue;
    top = Math.min(top, y1);
    bottom = Math.max(bottom, y1);
  }
  if (bottom - top > 0) return { top, bottom };
  return { top: region.y, bottom: region.y + region.h };
}

/** The integer score −2..+2 nearest to `y` in the plot. */
export function snapScore(band: Band, y: number): number {
  const t = (y - band.top) / (band.bottom - band.top);
  const score = Math.round(SCORE_MAX - t * (SCORE_MAX - SCORE_MIN));
  // `+ 0` turns a -0 from rounding into 0.
  return Math.min(SCORE_MAX, Math.max(SCORE_MIN, score)) + 0;
}

/** The y of a score in the plot (where the layout will put the face). */
export function scoreY(band: Band, score: number): number {
  return band.top + ((SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN)) * (band.bottom - band.top);
}
