import { toScene, type Point, type View } from './geometry';

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;
/** The stops of Ctrl + / Ctrl −, like a browser's. */
export const ZOOM_STEPS = [0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zooms to `zoom` keeping the Scene point under `anchor` (screen px) where it is. */
export function zoomAt(view: View, zoom: number, anchor: Point): View {
  const z = clampZoom(zoom);
  const s = toScene(view, anchor);
  return { zoom: z, x: anchor.x - s.x * z, y: anchor.y - s.y * z };
}

/** The next stop above (dir 1) or below (dir −1) the current zoom. */
export function stepZoom(zoom: number, dir: 1 | -1): number {
  const eps = 1e-6;
  if (dir > 0) return ZOOM_STEPS.find((s) => s > zoom + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < zoom - eps) ?? MIN_ZOOM;
}

/**
 * The zoom factor for one wheel event with Ctrl held (WebKit reports a
 * trackpad pinch that way too): smooth for the small deltas of a pinch,
 * about 18 % per notch of a mouse wheel.
 */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const bounded = Math.max(-200, Math.min(200, px));
  return Math.exp(-bounded * 0.002);
}

export interface Size {
  width: number;
  height: number;
}

/** The smallest zoom a map opens at: its cards' 13 px text still reads at about 10 px. */
export const READABLE_ZOOM = 0.75;

/** What the opening view needs of a Scene: its size and where its stages are. */
export interface Opened extends Size {
  hits: readonly { target: { kind: string }; y: number }[];
}

/**
 * The view a map opens with. A map that fits the canvas opens at 100 % in its
 * corner. One that does not opens as wide as the canvas, down to
 * READABLE_ZOOM; and when it is taller than the canvas, scrolled down to its
 * stages' row, so the stages and lanes fill the view rather than the title
 * band (the toolbar names the map; scrolling up shows the band). On a laptop
 * (1366 × 768, or a 1024 × 640 window) that is the difference between two
 * cards and the whole first stages.
 */
export function openingView(scene: Opened, vw: number, vh: number, margin = 16): View {
  if (scene.width <= 0 || scene.height <= 0 || vw <= 0 || vh <= 0) return { zoom: 1, x: 0, y: 0 };
  if (scene.width <= vw && scene.height <= vh) return { zoom: 1, x: 0, y: 0 };
  const zoom = clampZoom(Math.max(READABLE_ZOOM, Math.min(1, (vw - margin) / scene.width)));
  if (scene.height * zoom <= vh) return { zoom, x: 0, y: 0 };
  const stages = scene.hits.filter((h) => h.target.kind === 'stage');
  const top = stages.length > 0 ? Math.min(...stages.map((h) => h.y)) : 0;
  return { zoom, x: 0, y: top > 12 ? -(top - 12) * zoom : 0 };
}

/** The whole Scene centred in a viewport of `vw` × `vh`, never magnified past 100 %. */
export function fitView(scene: Size, vw: number, vh: number, margin = 24): View {
  if (scene.width <= 0 || scene.height <= 0 || vw <= 0 || vh <= 0) return { zoom: 1, x: 0, y: 0 };
  const zoom = clampZoom(Math.min((vw - 2 * margin) / scene.width, (vh - 2 * margin) / scene.height, 1));
  return { zoom, x: (vw - scene.width * zoom) / 2, y: (vh - scene.height * zoom) / 2 };
}

export interface PanLimits {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * How far the Scene may be panned: until its far edge is `margin` px inside
 * the viewport. Pan (0, 0) is always allowed.
 */
export function panLimits(scene: Size, zoom: number, vw: number, vh: number, margin = 160): PanLimits {
  const w = scene.width * zoom;
  const h = scene.height * zoom;
  return {
    minX: Math.min(0, vw - w) - margin,
    maxX: Math.max(0, vw - w) + margin,
    minY: Math.min(0, vh - h) - margin,
    maxY: Math.max(0, vh - h) + margin,
  };
}

export function clampView(view: View, limits: PanLimits): View {
  return {
    zoom: view.zoom,
    x: Math.min(limits.maxX, Math.max(limits.minX, view.x)),
    y: Math.min(limits.maxY, Math.max(limits.minY, view.y)),
  };
}

/** A scroll bar's thumb as fractions of its track. */
export interface Thumb {
  start: number;
  size: number;
}

/** The thumb for a pan between `min` and `max` (a larger pan shows the start of the Scene). */
export function scrollThumb(min: number, max: number, pan: number, viewport: number): Thumb {
  const content = max - min + viewport;
  if (content <= 0) return { start: 0, size: 1 };
  const clamped = Math.min(max, Math.max(min, pan));
  return { start: (max - clamped) / content, size: viewport / content };
}

/** The pan that puts the thumb's start at `start` (a fraction of the track). */
export function panForThumb(min: number, max: number, start: number, viewport: number): number {
  const content = max - min + viewport;
  return Math.min(max, Math.max(min, max - start * content));
}
