import type { Backend } from './backend/backend';
import type { Hit, JourneyMap, Scene } from './bindings';
import type { Box } from './canvas/geometry';
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

/** The lane title column: from the leftmost lane header to where the grid starts (Scene.grid_left). */
export function laneColumn(scene: Scene): Box | null {
  const lanes = scene.hits.filter((h) => h.target.kind === 'lane');
  const left = lanes.length > 0 ? Math.min(...lanes.map((h) => h.x)) : 0;
  if (scene.grid_left <= left) return null;
  const rows = union(lanes);
  return { x: left, y: rows?.y ?? 0, w: scene.grid_left - left, h: rows?.h ?? scene.height };
}

/**
 * How the stage in front is shown: the Scene zoomed and moved so that the lane
 * column and the stage's column sit side by side, centred in the window. The
 * column is drawn in a strip of its own, stuck at the left, so the stages
 * between it and the one in front stay hidden behind it.
 */
export interface StageFrame {
  zoom: number;
  /** Translation of the Scene (screen px). */
  x: number;
  y: number;
  /** Where the shown content (lane column, then the stage) starts on screen. */
  left: number;
  /** Screen x where the lane column strip ends and the stage begins (`left` when there is no column). */
  strip: number;
  /** Translation of the Scene inside the strip, which shows the lane column. */
  stripX: number;
  /** Where the stage's column is on screen. */
  box: Box;
}

/** Room kept around the stage on screen. */
export const FRAME_MARGIN = 32;
/** Never magnified past this, so a one-card stage does not become a wall of pixels. */
export const MAX_PRESENT_ZOOM = 3;

export function stageFrame(target: Box, column: Box | null, width: number, height: number, margin = FRAME_MARGIN): StageFrame {
  const col = column?.w ?? 0;
  const contentW = col + target.w;
  const contentH = target.h;
  const room = (n: number) => Math.max(1, n - 2 * margin);
  const fit = contentW > 0 && contentH > 0 ? Math.min(room(width) / contentW, room(height) / contentH) : 1;
  const zoom = Math.max(0.05, Math.min(MAX_PRESENT_ZOOM, fit));
  const left = (width - contentW * zoom) / 2;
  const top = (height - contentH * zoom) / 2;
  const x = left + col * zoom - target.x * zoom;
  const y = top - target.y * zoom;
  return {
    zoom,
    x,
    y,
    left,
    strip: left + col * zoom,
    stripX: column ? left - column.x * zoom : 0,
    box: { x: left + col * zoom, y: top, w: target.w * zoom, h: target.h * zoom },
  };
}

/** Milliseconds of the move from one stage to the next. */
export const MOVE_MS = 480;

/** Fast, then settling: the curve of the move. */
export function easeOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return 1 - (1 - c) ** 3;
}

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/**
 * The frame a fraction `t` of the way from `a` to `b`. Everything on screen
 * (the Scene, the strip, the sheet's edges) is placed from one such frame per
 * animation frame, so the parts never drift apart while moving.
 */
export function tweenFrame(a: StageFrame, b: StageFrame, t: number): StageFrame {
  return {
    zoom: lerp(a.zoom, b.zoom, t),
    x: lerp(a.x, b.x, t),
    y: lerp(a.y, b.y, t),
    left: lerp(a.left, b.left, t),
    strip: lerp(a.strip, b.strip, t),
    stripX: lerp(a.stripX, b.stripX, t),
    box: {
      x: lerp(a.box.x, b.box.x, t),
      y: lerp(a.box.y, b.box.y, t),
      w: lerp(a.box.w, b.box.w, t),
      h: lerp(a.box.h, b.box.h, t),
    },
  };
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
