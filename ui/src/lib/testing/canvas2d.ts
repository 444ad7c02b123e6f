/*
 * jsdom has no 2D canvas (getContext answers null). The unit tests give it a
 * recording one: every call is a no-op that the context remembers, text with
 * the font and opacity it was painted in, so tests can ask what the tiles
 * (canvas/tiles.ts) painted. Only shapes the painter's calls; pixels are the
 * end-to-end tests' (tests/e2e/tests/wysiwyg.rs).
 */

export interface PaintedText {
  text: string;
  font: string;
  alpha: number;
}

/** Every text painted since the test began, on any canvas. */
export const paintedTexts: PaintedText[] = [];

class RecordingPath {
  constructor(readonly d?: string | RecordingPath) {}
}

/** The calls recorded (the texts painted are told by `paintedTexts`). */
export type CanvasOp = 'clearRect' | 'drawImage' | 'fillRect';

/** A box in the canvas's own pixels. */
export interface CanvasBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A call that put pixels on a canvas (or took them off), with the clip it was made under: the
 * boxes of the `rect`s each `clip()` since the last `save` kept, intersected (null: no clip).
 * Transforms are not followed: the screen canvas is drawn on and clipped without one.
 */
export interface CanvasCall {
  op: CanvasOp;
  args: unknown[];
  clip: CanvasBox | null;
  /** Whether a scaled copy was smoothed (`imageSmoothingEnabled`). */
  smooth: boolean;
}

/** The copies, clears and fills made on each canvas: what a test can ask of the screen canvas. */
const calls = new WeakMap<HTMLCanvasElement, CanvasCall[]>();

/** The calls that put pixels on `canvas` (or take them off) so far (emptied by `take`). */
export function canvasCalls(canvas: HTMLCanvasElement, take = true): CanvasCall[] {
  const list = calls.get(canvas) ?? [];
  if (take) calls.set(canvas, []);
  return list;
}

function boxUnion(a: CanvasBox, b: CanvasBox): CanvasBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function boxMeet(a: CanvasBox, b: CanvasBox): CanvasBox {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.max(0, Math.min(a.x + a.w, b.x + b.w) - x), h: Math.max(0, Math.min(a.y + a.h, b.y + b.h) - y) };
}

/**
 * Where a recorded call could change pixels: its rect (a copy's destination) within its clip;
 * null if it changes none.
 */
export function reach(call: CanvasCall): CanvasBox | null {
  const n = call.args.map(Number);
  let r: CanvasBox;
  if (call.op === 'drawImage') {
    const image = call.args[0] as { width: number; height: number };
    if (call.args.length >= 9) r = { x: n[5]!, y: n[6]!, w: n[7]!, h: n[8]! };
    else if (call.args.length >= 5) r = { x: n[1]!, y: n[2]!, w: n[3]!, h: n[4]! };
    else r = { x: n[1]!, y: n[2]!, w: image.width, h: image.height };
  } else r = { x: n[0]!, y: n[1]!, w: n[2]!, h: n[3]! };
  const within = call.clip === null ? r : boxMeet(r, call.clip);
  return within.w > 0 && within.h > 0 ? within : null;
}

function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { canvas, font: '10px sans-serif', globalAlpha: 1, clip: null };
  const log = (op: CanvasOp, args: unknown[]) => {
    const list = calls.get(canvas) ?? [];
    list.push({ op, args, clip: state.clip as CanvasBox | null, smooth: state.imageSmoothingEnabled !== false });
    calls.set(canvas, list);
  };
  /** The box of the rects in the current path (null: none, or a path the recorder cannot measure). */
  let path: CanvasBox | null = null;
  const stack: Record<string | symbol, unknown>[] = [];
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    save: () => void stack.push({ ...state }),
    restore: () => {
      const top = stack.pop();
      if (top) Object.assign(state, top);
    },
    fillText: (text) => void paintedTexts.push({ text: String(text), font: String(state.font), alpha: Number(state.globalAlpha) }),
    // As pageMeasure's estimate where there is no canvas: the tests' widths stay what they were.
    beginPath: () => void (path = null),
    rect: (x, y, w, h) => {
      const r = { x: Number(x), y: Number(y), w: Number(w), h: Number(h) };
      path = path === null ? r : boxUnion(path, r);
    },
    clip: (...args) => {
      // A Path2D's outline is not measured: such a clip is not recorded.
      if (args.length > 0 || path === null) return;
      const now = state.clip as CanvasBox | null;
      state.clip = now === null ? path : boxMeet(now, path);
    },
    clearRect: (...args) => log('clearRect', args),
    drawImage: (...args) => log('drawImage', args),
    fillRect: (...args) => log('fillRect', args),
    createLinearGradient: () => ({ addColorStop: () => undefined }),
    measureText: (text) => ({ width: String(text).length * Number(/([\d.]+)px/.exec(String(state.font))?.[1] ?? 10) * 0.55 }),
  };
  return new Proxy(state, {
    get: (target, key) => (typeof key === 'string' && key in methods ? methods[key] : key in target ? target[key] : () => undefined),
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/** Gives jsdom's canvases the recording context, and Path2D. */
export function installRecordingCanvas(): void {
  const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string) {
    if (kind !== '2d') return null;
    let ctx = contexts.get(this);
    if (!ctx) {
      ctx = recordingContext(this);
      contexts.set(this, ctx);
    }
    return ctx;
  } as typeof HTMLCanvasElement.prototype.getContext;
  (globalThis as { Path2D?: unknown }).Path2D ??= RecordingPath;
}

/** What the tiles last painted for a card (Canvas.svelte's hook): its texts, icons, pictures and opacity; null if never. */
export function paintedCard(id: string): { texts: string[]; icons: string[]; images: number; opacity: number } | null {
  type Painted = { items: readonly import('../bindings').Item[]; opacity: number; pictures: number } | null;
  const hook = (window as { __travesiaTiles?: { painted: (id: string) => Painted } }).__travesiaTiles;
  const got = hook?.painted(id) ?? null;
  if (!got) return null;
  return {
    texts: got.items.flatMap((i) => (i.type === 'text' ? [i.text] : [])),
    icons: got.items.flatMap((i) => (i.type === 'icon' ? [i.name] : [])),
    images: got.pictures,
    opacity: got.opacity,
  };
}
