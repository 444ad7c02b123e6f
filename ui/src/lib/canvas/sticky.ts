import type { Item, Scene } from '../bindings';
import { contains, type Box, type Point, type View } from './geometry';
import { anchor, type Drawing } from './segments';

/**
 * The two strips that stay in sight: the stage header row (at the top while
 * panning down) and the lane title column (at the left while panning right).
 */
export interface StickyParts {
  /** The header row across the whole Scene width, from a little above the stages to grid_top. */
  band: Box | null;
  bandItems: Item[];
  /** The title column, x < grid_left, over the height of the lanes. */
  column: Box | null;
  columnItems: Item[];
}

/** Room kept above the stage headers when the row is stuck. */
const BAND_MARGIN = 12;

/** Each item's anchor, found once per item object (a path's is read from its data). */
const anchors = new WeakMap<Item, Point | null>();
function anchorOf(item: Item): Point | null {
  let a = anchors.get(item);
  if (a === undefined) {
    a = anchor(item);
    anchors.set(item, a);
  }
  return a;
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The sticky strips of a Scene. With the parts of the Scene before, item
 * lists that came out the same (the same objects) are those lists, so the
 * strips are not drawn again after an edit elsewhere. With the Scene's
 * drawing, only the items of segments near each strip are looked at (a few
 * hundred of a large map's tens of thousands).
 */
export function stickyParts(scene: Scene, previous: StickyParts | null = null, drawing: Drawing | null = null): StickyParts {
  const parts = findSticky(scene, drawing);
  if (previous) {
    if (sameList(parts.bandItems, previous.bandItems)) parts.bandItems = previous.bandItems;
    if (sameList(parts.columnItems, previous.columnItems)) parts.columnItems = previous.columnItems;
  }
  return parts;
}

/**
 * The items that may lie in a horizontal stretch, in paint order: those of the
 * segments whose boxes touch it (an item's anchor lies in its own box, and so
 * in its segment's), or every item without a drawing.
 */
function near(scene: Scene, drawing: Drawing | null, box: Box): readonly Item[] {
  if (!drawing) return scene.items;
  const out: Item[] = [];
  // A pixel of slack: a box's edge may be exactly the strip's.
  const around = { x: box.x - 1, y: box.y - 1, w: box.w + 2, h: box.h + 2 };
  for (const i of drawing.index.query(around)) for (const item of drawing.segments[i]!.items) out.push(item);
  return out;
}

function findSticky(scene: Scene, drawing: Drawing | null): StickyParts {
  const stages = scene.hits.filter((h) => h.target.kind === 'stage');
  const lanes = scene.hits.filter((h) => h.target.kind === 'lane');
  let band: Box | null = null;
  let bandItems: Item[] = [];
  if (stages.length > 0) {
    const top = Math.min(...stages.map((h) => h.y));
    const bottom = Math.max(...stages.map((h) => h.y + h.h));
    const y = Math.max(0, top - BAND_MARGIN);
    band = { x: 0, y, w: scene.width, h: Math.max(scene.grid_top, bottom) - y };
    bandItems = near(scene, drawing, { x: -1e9, y: top, w: 2e9, h: bottom - top }).filter((item) => {
      const a = anchorOf(item);
      return a !== null && a.y >= top && a.y <= bottom;
    });
  }
  let column: Box | null = null;
  let columnItems: Item[] = [];
  if (lanes.length > 0) {
    const top = Math.min(...lanes.map((h) => h.y));
    const bottom = Math.max(...lanes.map((h) => h.y + h.h));
    column = { x: 0, y: top, w: scene.grid_left, h: bottom - top };
    columnItems = near(scene, drawing, { x: -1e9, y: top, w: 1e9 + scene.grid_left, h: bottom - top }).filter((item) => {
      const a = anchorOf(item);
      return a !== null && item.type !== 'path' && a.x < scene.grid_left && a.y >= top && a.y <= bottom;
    });
  }
  return { band, bandItems, column, columnItems };
}

export interface Stuck {
  /** The header row has scrolled above the top edge and is drawn there instead. */
  band: boolean;
  /** The title column has scrolled past the left edge and is drawn there instead. */
  column: boolean;
}

export function stuck(view: View, parts: StickyParts): Stuck {
  return {
    band: parts.band !== null && view.y + parts.band.y * view.zoom < 0,
    column: parts.column !== null && view.x + parts.column.x * view.zoom < 0,
  };
}

/** Screen height of the stuck row and width of the stuck column. */
export function stuckSize(view: View, parts: StickyParts): { band: number; column: number } {
  return { band: (parts.band?.h ?? 0) * view.zoom, column: (parts.column?.w ?? 0) * view.zoom };
}

/**
 * Where the stuck strips are on screen: the row spans the Scene's width (as
 * far as it is in view), the column the lanes' height. Null for a strip that
 * is not stuck.
 */
export function stuckBoxes(view: View, parts: StickyParts, vw: number, vh: number): { band: Box | null; column: Box | null } {
  const s = stuck(view, parts);
  const size = stuckSize(view, parts);
  let band: Box | null = null;
  let column: Box | null = null;
  if (s.band && parts.band) {
    const x = Math.max(0, view.x + parts.band.x * view.zoom);
    const right = Math.min(vw, view.x + (parts.band.x + parts.band.w) * view.zoom);
    band = { x, y: 0, w: Math.max(0, right - x), h: size.band };
  }
  if (s.column && parts.column) {
    const y = Math.max(0, view.y + parts.column.y * view.zoom);
    const bottom = Math.min(vh, view.y + (parts.column.y + parts.column.h) * view.zoom);
    column = { x: 0, y, w: size.column, h: Math.max(0, bottom - y) };
  }
  return { band, column };
}

/**
 * Where a selected stage's (or lane's) outline goes while its strip is stuck: `box` (the header's
 * hit box) moved onto the header's stuck copy, and `clip`, the part of the screen that copy shows
 * (not the corner where the two strips meet, nor the row over the column), both in Scene
 * coordinates as the overlay draws them. Null while the header's strip is in its place.
 */
export function stuckOutline(
  view: View,
  parts: StickyParts,
  kind: 'stage' | 'lane',
  box: Box,
  vw: number,
  vh: number,
): { box: Box; clip: Box } | null {
  const boxes = stuckBoxes(view, parts, vw, vh);
  const z = view.zoom;
  const inScene = (b: Box): Box => ({ x: (b.x - view.x) / z, y: (b.y - view.y) / z, w: b.w / z, h: b.h / z });
  if (kind === 'stage' && boxes.band && parts.band) {
    // The row is painted at screen y = (y − band.y) × zoom (stuckStrips).
    const dy = -parts.band.y - view.y / z;
    const left = Math.max(boxes.band.x, boxes.column?.w ?? 0);
    const clip = { x: left, y: boxes.band.y, w: Math.max(0, boxes.band.x + boxes.band.w - left), h: boxes.band.h };
    return { box: { ...box, y: box.y + dy }, clip: inScene(clip) };
  }
  if (kind === 'lane' && boxes.column && parts.column) {
    // The column is painted at screen x = x × zoom.
    const dx = -view.x / z;
    const top = Math.max(boxes.column.y, boxes.band?.h ?? 0);
    const clip = { x: boxes.column.x, y: top, w: boxes.column.w, h: Math.max(0, boxes.column.y + boxes.column.h - top) };
    return { box: { ...box, x: box.x + dx }, clip: inScene(clip) };
  }
  return null;
}

/**
 * A screen point over a stuck strip, as the Scene point it shows and the only
 * kind of region that strip holds; null when the point is over the plain
 * canvas. The corner where both strips meet shows nothing ('none').
 */
export function stickyPoint(
  view: View,
  parts: StickyParts,
  screen: Point,
  vw = Infinity,
  vh = Infinity,
): { point: Point; only: 'stage' | 'lane' | 'none' } | null {
  const boxes = stuckBoxes(view, parts, vw, vh);
  const inBand = boxes.band !== null && contains(boxes.band, screen);
  const inColumn = boxes.column !== null && contains(boxes.column, screen);
  const cornerBand = boxes.band !== null && boxes.column !== null && screen.y < boxes.band.h && screen.x < boxes.column.w;
  if ((inBand && inColumn) || cornerBand) return { point: { x: 0, y: 0 }, only: 'none' };
  if (inBand && parts.band) {
    return { point: { x: (screen.x - view.x) / view.zoom, y: parts.band.y + screen.y / view.zoom }, only: 'stage' };
  }
  if (inColumn && parts.column) {
    return { point: { x: parts.column.x + screen.x / view.zoom, y: (screen.y - view.y) / view.zoom }, only: 'lane' };
  }
  return null;
}

/**
 * A stuck strip as the canvas paints it over the tiles: the screen box it
 * fills (CSS px), where the Scene is within it (screen = Scene × zoom + t),
 * its items (a backdrop of paper first) and the edge its shadow falls from.
 */
export interface Strip {
  clip: Box;
  zoom: number;
  tx: number;
  ty: number;
  items: readonly Item[];
  shadow: 'right' | 'bottom';
}

const paper = (x: number, y: number, w: number, h: number, fill: string): Item => ({ type: 'rect', x, y, w, h, r: 0, fill, stroke_width: 0 });

/** The strips stuck in a view, in paint order (the column, then the row over it); none while both are in place. */
export function stuckStrips(view: View, parts: StickyParts, background: string, sceneWidth: number, vw: number, vh: number): Strip[] {
  const boxes = stuckBoxes(view, parts, vw, vh);
  const z = view.zoom;
  const strips: Strip[] = [];
  if (boxes.column && parts.column) {
    const c = parts.column;
    strips.push({
      clip: boxes.column,
      zoom: z,
      tx: 0,
      ty: view.y,
      items: [paper(0, c.y - BAND_MARGIN, c.w, c.h + 2 * BAND_MARGIN, background), ...parts.columnItems],
      shadow: 'right',
    });
  }
  if (boxes.band && parts.band) {
    const b = parts.band;
    const items: Item[] = [paper(0, b.y, sceneWidth, b.h, background), ...parts.bandItems];
    strips.push({ clip: boxes.band, zoom: z, tx: view.x, ty: -b.y * z, items, shadow: 'bottom' });
    // Where the row crosses the column: paper, as the row's own corner.
    if (boxes.column) {
      const w = boxes.column.w - boxes.band.x;
      if (w > 0) strips.push({ clip: { x: boxes.band.x, y: 0, w, h: boxes.band.h }, zoom: 1, tx: 0, ty: 0, items: [paper(0, 0, vw, vh, background)], shadow: 'bottom' });
    }
  }
  return strips;
}

/**
 * The screen boxes of the stuck strips (and their shadows' edge), in Scene coordinates: what the
 * selection, the drop marks and a dragged card's ghost (drawn over the Scene in the view's
 * transform) must leave uncovered, as the strips cover the cards under them.
 */
export function stripsInScene(view: View, strips: readonly Strip[]): Box[] {
  const z = view.zoom;
  return strips.map(({ clip }) => ({ x: (clip.x - view.x) / z, y: (clip.y - view.y) / z, w: clip.w / z, h: clip.h / z }));
}
