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

/** The copies, clears and fills made on each canvas: what a test can ask of the screen canvas. */
const calls = new WeakMap<HTMLCanvasElement, { op: CanvasOp; args: unknown[] }[]>();

/** The calls that put pixels on `canvas` (or take them off) so far (emptied by `take`). */
export function canvasCalls(canvas: HTMLCanvasElement, take = true): { op: CanvasOp; args: unknown[] }[] {
  const list = calls.get(canvas) ?? [];
  if (take) calls.set(canvas, []);
  return list;
}

function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { canvas, font: '10px sans-serif', globalAlpha: 1 };
  const log = (op: CanvasOp, args: unknown[]) => {
    const list = calls.get(canvas) ?? [];
    list.push({ op, args });
    calls.set(canvas, list);
  };
  const stack: Record<string | symbol, unknown>[] = [];
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    save: () => void stack.push({ ...state }),
    restore: () => {
      const top = stack.pop();
      if (top) Object.assign(state, top);
    },
    fillText: (text) => void paintedTexts.push({ text: String(text), font: String(state.font), alpha: Number(state.globalAlpha) }),
    // As pageMeasure's estimate where there is no canvas: the tests' widths stay what they were.
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
