import type { Backend } from './backend/backend';
import type { Hit, JourneyMap, Scene } from './bindings';
import type { Box } from './canvas/geometry';
import type { Segment } from './canvas/segments';
import type { Selection } from './editor.svelte';
import { isTouchpoints } from './kinds';

// --- Where each stage is on the Scene ---------------------------------------------

function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** A stage's column: its header and every cell (and emotion point column) of it, together. */
export function stageExtent(hits: readonly Hit[], stage: string): Box | null {
  return union(
    hits.filter((h) => {
      const t = h.target;
      return (t.kind === 'stage' && t.id === stage) || ((t.kind === 'cell' || t.kind === 'point') && t.stage === stage);
    }),
  );
}

/**
 * What the presentation needs to know of a Scene (Scene px), read once: the
 * header band at the top (title, description and date on the left, personas
 * on the right), the lane column and the stages' columns.
 */
export interface PresentLayout {
  /** The Scene's size. */
  width: number;
  height: number;
  /** Where the lane column ends and the stages begin (Scene.grid_left). */
  gridLeft: number;
  /** Where the stage header row ends and the lanes begin (Scene.grid_top). */
  gridTop: number;
  /** Where the header band ends: the stage headers start there. */
  band: number;
  /** The title block needs the band from 0 to here (title, description, date line, and the paper's margin). */
  titleRight: number;
  /** The persona block is the band from here to the Scene's right edge; null without personas. */
  personasLeft: number | null;
  /** Each stage's column, in the map's order (null for a stage the Scene does not show). */
  stages: (Box | null)[];
  /** From one stage's column to the next. */
  pitch: number;
}

export function presentLayout(scene: Scene, stages: readonly string[]): PresentLayout {
  const columns = stages.map((id) => stageExtent(scene.hits, id));
  const placed = columns.filter((b): b is Box => b !== null);
  const title = scene.hits.find((h) => h.target.kind === 'title');
  const personas = union(scene.hits.filter((h) => h.target.kind === 'persona'));
  // The paper's margin: the title stands that far from the Scene's left edge.
  const margin = title?.x ?? 0;
  // The band ends where the stage headers begin (without stages, a margin below the title and the personas).
  const heads = scene.hits.filter((h) => h.target.kind === 'stage');
  const top = union([title, personas].filter((b): b is Box => b != null));
  const band = heads.length > 0 ? Math.min(...heads.map((h) => h.y)) : top ? Math.min(scene.height, top.y + top.h + margin) : 0;
  // The title block ends where its longest line does (the title's box may run much further), plus the margin.
  const limit = personas ? personas.x - margin : scene.width;
  let right = 0;
  for (const item of scene.items) {
    if (item.type === 'text' && item.y <= band && item.x < limit) right = Math.max(right, item.x + item.w);
  }
  if (right === 0 && title) right = title.x + title.w;
  const first = placed[0];
  const last = placed.at(-1);
  return {
    width: scene.width,
    height: scene.height,
    gridLeft: scene.grid_left,
    gridTop: Math.max(band, scene.grid_top),
    band,
    titleRight: right > 0 ? Math.min(limit, right + margin) : 0,
    personasLeft: personas ? limit : null,
    stages: columns,
    pitch: first && last && placed.length > 1 ? (last.x - first.x) / (placed.length - 1) : (first?.w ?? 0),
  };
}

/**
 * One frame of the presentation (screen px): the Scene at `zoom`, moved by
 * (x, y), seen through the sheet of paper; the lane column stuck at the
 * sheet's left, the header band and the stage header row stuck at its top,
 * so that the lane titles, the map's title, its personas and the stages'
 * names stay in sight wherever the stage in front is. When the whole map
 * fits, the stuck parts are exactly where the Scene has them.
 */
export interface PresentFrame {
  zoom: number;
  /** Translation of the Scene: screen = Scene × zoom + (x, y). */
  x: number;
  y: number;
  /** The paper: the part of the screen the Scene is seen in. */
  sheet: Box;
  /** The stage header row, below the header band: where the Scene has it, or stuck there while the lanes scroll up. */
  row: Box;
  /** Translation (y) of the Scene inside the row; its x is the Scene's. */
  rowY: number;
  /** The lane column's strip, at the sheet's left, below the stage header row (the corner beside the row is bare paper). */
  lanes: Box;
  /** Translation (x) of the Scene inside the lane strip; its y is the Scene's. */
  lanesX: number;
  /**
   * The header band, across the sheet's top; drawn at its own zoom, smaller
   * than the map's when the title and the personas would not fit side by side.
   */
  head: {
    zoom: number;
    box: Box;
    /** Translation (y) of the Scene inside the band. */
    y: number;
    /** The title block on screen, at the band's left up to the persona block, and the Scene's translation (x) in it. */
    title: Box;
    titleX: number;
    /** The persona block on screen, at the band's right (no width without personas), and the Scene's translation (x) in it. */
    personas: Box;
    personasX: number;
  };
  /** How far the lanes are scrolled up under the header band and the stage header row (screen px), and how far they can be. */
  scroll: number;
  scrollMax: number;
  /** The stage in front's column on screen. */
  box: Box;
}

/** Room kept around the map on screen. */
export const FRAME_MARGIN = 32;
/** Never magnified past this, so a small map does not become a wall of pixels. */
export const MAX_PRESENT_ZOOM = 3;
/**
 * Below this zoom the cards' text is too small to read on a projector: the
 * whole map is shown when it fits at this zoom or larger, else the stage in
 * front with its neighbours.
 */
export const READABLE_ZOOM = 0.55;
/** Stages shown on each side of the one in front when the whole map does not fit. */
export const NEIGHBOURS = 1;
/** The header band is shrunk at most to this share of the map's zoom (past it, the title block is cut). */
const HEAD_SHRINK = 0.5;

/**
 * The frame for stage `index` on a screen of `width` × `height`:
 *
 * - The whole map, centred, when it fits at READABLE_ZOOM or larger (as large
 *   as fits, at most MAX_PRESENT_ZOOM); the stage in front is spotlit on it.
 * - Else as large as the lane column and three stage columns allow, but no
 *   larger than the map's height fits (and never below READABLE_ZOOM for
 *   that), with the stage in front centred right of the lane column; the map
 *   is not moved past its edges, so at the first stage the lane column and
 *   the first stage sit at the left, and at the last one nothing is empty on
 *   the right.
 * - A map taller than the screen starts at its top and its lanes scroll
 *   (`scroll`, screen px) under the header band and the stage header row,
 *   which stay.
 */
export function presentFrame(
  layout: PresentLayout,
  index: number,
  width: number,
  height: number,
  scroll = 0,
  margin = FRAME_MARGIN,
): PresentFrame {
  const W = Math.max(1, layout.width);
  const H = Math.max(1, layout.height);
  const roomW = Math.max(1, width - 2 * margin);
  const roomH = Math.max(1, height - 2 * margin);
  const fit = Math.min(roomW / W, roomH / H);
  let zoom = fit;
  if (fit < READABLE_ZOOM) {
    const span = Math.min(W, layout.gridLeft + (2 * NEIGHBOURS + 1) * layout.pitch);
    zoom = Math.min(roomW / Math.max(1, span), Math.max(READABLE_ZOOM, roomH / H));
  }
  zoom = Math.max(0.05, Math.min(MAX_PRESENT_ZOOM, zoom));
  const target = layout.stages[index] ?? { x: 0, y: 0, w: W, h: H };

  // Across: centred when the map fits, else the stage in front centred right of the lane column.
  const sw = W * zoom;
  let x: number;
  if (sw <= width) x = (width - sw) / 2;
  else {
    const centre = (layout.gridLeft * zoom + width) / 2;
    x = Math.min(0, Math.max(width - sw, centre - (target.x + target.w / 2) * zoom));
  }
  const left = Math.max(0, x);
  const right = Math.min(width, x + sw);
  const sheetW = right - left;

  // The header band: title block at the left, persona block at the right, smaller if they would overlap.
  const personasW = layout.personasLeft === null ? 0 : W - layout.personasLeft;
  const need = layout.titleRight + personasW;
  const hz = need * zoom <= sheetW ? zoom : Math.min(zoom, Math.max(zoom * HEAD_SHRINK, sheetW / need));
  const bandH = layout.band * hz;

  // Down: centred when it fits, else from the top, the lanes scrolled up under the header band and the stage header row.
  const tall = bandH + (H - layout.band) * zoom;
  const overflow = tall > height;
  const top = overflow ? Math.min(margin, height / 4) : (height - tall) / 2;
  const scrollMax = overflow ? Math.max(0, tall - (height - top)) : 0;
  const s = Math.min(scrollMax, Math.max(0, scroll));
  const y = top + bandH - layout.band * zoom - s;
  const bottom = Math.min(height, top + tall - s);
  const rowH = (layout.gridTop - layout.band) * zoom;

  // The title block runs up to the persona block: past the title's lines it shows the band's plain bar.
  const titleW = Math.max(0, sheetW - personasW * hz);
  return {
    zoom,
    x,
    y,
    sheet: { x: left, y: top, w: sheetW, h: bottom - top },
    row: { x: left, y: top + bandH, w: sheetW, h: rowH },
    rowY: top + bandH - layout.band * zoom,
    lanes: {
      x: left,
      y: top + bandH + rowH,
      w: Math.min(sheetW, layout.gridLeft * zoom),
      h: Math.max(0, bottom - top - bandH - rowH),
    },
    lanesX: left,
    head: {
      zoom: hz,
      box: { x: left, y: top, w: sheetW, h: bandH },
      y: top,
      title: { x: left, y: top, w: titleW, h: bandH },
      titleX: left,
      personas: { x: right - personasW * hz, y: top, w: personasW * hz, h: bandH },
      personasX: right - W * hz,
    },
    scroll: s,
    scrollMax,
    box: { x: x + target.x * zoom, y: y + target.y * zoom, w: target.w * zoom, h: target.h * zoom },
  };
}

/** The scroll after a turn of the wheel (a line is 16 px, a page `page` px), kept from 0 to `max`. */
export function wheelScroll(scroll: number, deltaY: number, deltaMode: number, max: number, page: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * page : deltaY;
  return Math.min(Math.max(0, max), Math.max(0, scroll + px));
}

/** What each stuck strip draws: the header band's items, the stage header row's, the lane column's. */
export interface StripParts {
  head: Segment[];
  row: Segment[];
  lanes: Segment[];
}

/**
 * The segments of a drawing each stuck strip shows, by where their middle is
 * (a segment's box has a little slack around what it paints). Cards are never
 * among them: each card is drawn once, on the sheet.
 */
export function stripParts(segments: readonly Segment[], layout: PresentLayout): StripParts {
  const parts: StripParts = { head: [], row: [], lanes: [] };
  for (const s of segments) {
    if (s.card !== null) continue;
    const mid = s.box.y + s.box.h / 2;
    if (mid < layout.band) parts.head.push(s);
    else if (mid < layout.gridTop) parts.row.push(s);
    else if (s.box.x < layout.gridLeft - 0.5) parts.lanes.push(s);
  }
  return parts;
}

/** Milliseconds of the move from one stage to the next. */
export const MOVE_MS = 480;

/** Fast, then settling: the curve of the move. */
export function easeOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return 1 - (1 - c) ** 3;
}

const lerp = (a: number, b: number, t: number) => (t <= 0 ? a : t >= 1 ? b : a + (b - a) * t);

/** Every number of `a` a fraction `t` of the way to the same number of `b`. */
function mix<T>(a: T, b: T, t: number): T {
  if (typeof a === 'number' && typeof b === 'number') return lerp(a, b, t) as T;
  if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) out[k] = mix(v, (b as Record<string, unknown>)[k], t);
    return out as T;
  }
  return t < 1 ? a : b;
}

/**
 * The frame a fraction `t` of the way from `a` to `b`. Everything on screen
 * (the Scene, the strips, the sheet's edges) is placed from one such frame
 * per animation frame, so the parts never drift apart while moving.
 */
export function tweenFrame(a: PresentFrame, b: PresentFrame, t: number): PresentFrame {
  return mix(a, b, t);
}

/** What stands out in a stage: its emotion faces (ringed) and its touchpoint cards (outlined). */
export interface StageMarks {
  points: Box[];
  touchpoints: Box[];
}

export function stageMarks(scene: Scene, map: JourneyMap, stage: string): StageMarks {
  const cardBox = (id: string) => scene.hits.find((h) => h.target.kind === 'card' && h.target.id === id);
  const points: Box[] = [];
  for (const hit of scene.hits) {
    const t = hit.target;
    if (t.kind !== 'point' || t.stage !== stage) continue;
    // The point region is the stage's whole column of the emotion lane; the face is its card's hit.
    const card = map.cards.find((c) => c.stage === stage && c.lane === t.lane && c.score != null);
    const face = card ? cardBox(card.id) : undefined;
    if (face) points.push(face);
  }
  const touch = new Set(map.lanes.filter((l) => isTouchpoints(l.kind)).map((l) => l.id));
  const touchpoints = map.cards
    .filter((c) => c.stage === stage && touch.has(c.lane))
    .flatMap((c) => cardBox(c.id) ?? []);
  return { points, touchpoints };
}

// --- The mode -----------------------------------------------------------------------

/** The stage a presentation starts on: the one chosen in the editor (a stage, a cell's, a card's), else the first. */
export function startStage(map: JourneyMap, selection: Selection): number {
  let stage: string | undefined;
  if (selection.kind === 'stage') stage = selection.id;
  else if (selection.kind === 'cell') stage = selection.stage;
  else if (selection.kind === 'cards') stage = map.cards.find((c) => selection.ids.includes(c.id))?.stage;
  return Math.max(0, map.stages.findIndex((s) => s.id === stage));
}

/** What a key does in the presentation. */
export type PresentKey = 'next' | 'prev' | 'first' | 'last' | 'exit';

/** The presentation's keys: ←/→, Page Up/Down, Space (Shift+Space back), Home/End, Esc. */
export function presentKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): PresentKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
      return 'prev';
    case ' ':
    case 'Spacebar':
      return e.shiftKey ? 'prev' : 'next';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Escape':
      return 'exit';
    default:
      return null;
  }
}

/**
 * Presentation mode: the window goes full screen and shows the map one stage
 * at a time. Nothing is edited; leaving it puts the editor back as it was.
 */
export class Presentation {
  active = $state(false);
  /** The stage in front. */
  index = $state(0);
  /** How many stages there are (fixed while presenting: nothing is edited). */
  count = $state(0);

  readonly #backend: Pick<Backend, 'setFullscreen'>;

  constructor(backend: Pick<Backend, 'setFullscreen'>) {
    this.#backend = backend;
  }

  /** Starts on stage `at` of `count`; the window goes full screen (if it cannot, the mode still works in the window). */
  start(count: number, at = 0): void {
    if (this.active) return;
    this.count = Math.max(0, count);
    this.index = this.#clamp(at);
    this.active = true;
    this.#fullscreen(true);
  }

  exit(): void {
    if (!this.active) return;
    this.active = false;
    this.#fullscreen(false);
  }

  go(index: number): void {
    this.index = this.#clamp(index);
  }

  next(): void {
    this.go(this.index + 1);
  }

  prev(): void {
    this.go(this.index - 1);
  }

  /** Does what `key` asks. */
  act(key: PresentKey): void {
    switch (key) {
      case 'next':
        return this.next();
      case 'prev':
        return this.prev();
      case 'first':
        return this.go(0);
      case 'last':
        return this.go(this.count - 1);
      case 'exit':
        return this.exit();
    }
  }

  #clamp(i: number): number {
    return Math.max(0, Math.min(this.count - 1, Math.trunc(i) || 0));
  }

  #fullscreen(on: boolean): void {
    this.#backend.setFullscreen(on).catch(() => {
      // Without full screen the presentation fills the window instead; not worth a banner.
    });
  }
}
