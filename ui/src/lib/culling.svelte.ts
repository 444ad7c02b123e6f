import { CULL, cullRegion, holds, serves, viewBox, type CullOptions } from './canvas/cull';
import type { Box, View } from './canvas/geometry';
import type { Drawing, Segment } from './canvas/segments';

/** What the canvas shows: the Scene's drawing, where it looks and its size in CSS px. */
export interface CullInput {
  drawing: Drawing | null;
  view: View;
  width: number;
  height: number;
}

export interface CullerOptions extends Partial<CullOptions> {
  /** Items (DOM elements) made at most per frame, to start with; the rest wait for the next frames, those in sight first. */
  budget?: number;
  /** Fits the budget to how long frames that made elements took (default on). */
  adapt?: boolean;
  /** Runs `run` before the next frame (requestAnimationFrame by default); answers a way to cancel it. */
  frame?: (run: () => void) => () => void;
  /** Told how many segments in sight are not drawn yet, whenever that changes. */
  onmissing?: (missing: number) => void;
}

/** About what a frame can make without being late, on a slow machine. */
export const FRAME_BUDGET = 1000;
/** The budget adapts within these bounds, aiming at frames of 30 to 50 ms while a large set is drawn. */
const MIN_BUDGET = 150;
const MAX_BUDGET = 6000;

function nextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => run());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
}

/**
 * Viewport culling: which of the drawing's segments are in the DOM. Those
 * touching the region around the view (see canvas/cull.ts), in paint order;
 * the region follows the view with hysteresis, at most once a frame unless
 * the view has left it (then at once, so no frame shows missing paper). A
 * large set of new segments is made over several frames, those in sight first.
 */
export class Culler {
  /** The Scene region whose segments belong in the DOM; null before the first drawing. */
  region = $state.raw<Box | null>(null);
  /** The segments to have in the DOM now, in paint order. */
  shown = $state.raw<readonly Segment[]>([]);
  /** Segments in sight. */
  inSight = $state(0);
  /** Of those, the ones not drawn yet (they come over the next frames). */
  missing = $state(0);

  readonly #options: CullOptions;
  #budget: number;
  readonly #adapt: boolean;
  /** When the last frame that made elements began (to tell how long it took). */
  #madeAt: number | null = null;
  readonly #frame: (run: () => void) => () => void;
  readonly #onmissing: ((missing: number) => void) | undefined;
  #input: CullInput | null = null;
  #drawing: Drawing | null = null;
  /** Keys of `shown`: what is in the DOM. */
  #keys = new Set<string>();
  #cancel: (() => void) | null = null;

  constructor(options: CullerOptions = {}) {
    this.#options = { ...CULL, ...options };
    this.#budget = options.budget ?? FRAME_BUDGET;
    this.#adapt = options.adapt ?? true;
    this.#frame = options.frame ?? nextFrame;
    this.#onmissing = options.onmissing;
  }

  /** Takes a new drawing, view or size. */
  update(input: CullInput): void {
    this.#input = input;
    const { drawing, view, width, height } = input;
    if (!drawing || !(width > 0 && height > 0 && view.zoom > 0)) {
      this.#clear();
      return;
    }
    const seen = viewBox(view, width, height);
    if (!this.region || !holds(this.region, seen)) {
      // Part of the view is not drawn: draw it before this frame is painted.
      this.region = cullRegion(view, width, height, this.#options);
      this.#fill();
    } else if (drawing !== this.#drawing) {
      this.#fill();
    }
    if (!serves(this.region, view, width, height, this.#options)) this.#later();
  }

  /** Stops drawing ahead (the canvas is gone). */
  destroy(): void {
    this.#cancel?.();
    this.#cancel = null;
  }

  #clear(): void {
    this.destroy();
    this.#drawing = null;
    this.#keys = new Set();
    this.region = null;
    this.shown = [];
    this.inSight = 0;
    this.#setMissing(0);
  }

  #setMissing(n: number): void {
    if (n === this.missing) return;
    this.missing = n;
    this.#onmissing?.(n);
  }

  /** Next frame: a region around where the view is then, and what was left undrawn. */
  #later(): void {
    if (this.#cancel) return;
    this.#cancel = this.#frame(() => {
      this.#cancel = null;
      const now = performance.now();
      // From the start of the last frame that made elements to now: that frame, its layout and paint.
      if (this.#adapt && this.#madeAt !== null) {
        const took = now - this.#madeAt;
        if (took > 50) this.#budget = Math.max(MIN_BUDGET, Math.round(this.#budget * 0.6));
        else if (took < 30) this.#budget = Math.min(MAX_BUDGET, Math.round(this.#budget * 1.25));
      }
      this.#madeAt = null;
      const input = this.#input;
      if (!input?.drawing || !this.region) return;
      const { view, width, height } = input;
      if (!serves(this.region, view, width, height, this.#options)) this.region = cullRegion(view, width, height, this.#options);
      this.#fill();
    });
  }

  /**
   * The segments in the region: those in the DOM already stay (updated in
   * place when their content changed); new ones are added up to the budget,
   * those in sight first.
   */
  #fill(): void {
    const input = this.#input!;
    const drawing = input.drawing!;
    const region = this.region!;
    this.#drawing = drawing;
    const seen = viewBox(input.view, input.width, input.height);
    const index = drawing.index;
    const wanted = index.query(region);
    const take = new Uint8Array(wanted.length);
    let budget = this.#budget;
    let inSight = 0;
    let missing = 0;
    let waiting = false;
    // In the DOM already, or new and in sight.
    for (let k = 0; k < wanted.length; k++) {
      const i = wanted[k]!;
      const segment = drawing.segments[i]!;
      const visible = index.touches(i, seen);
      if (visible) inSight++;
      if (this.#keys.has(segment.key)) take[k] = 1;
      else if (visible) {
        if (budget > 0) {
          take[k] = 1;
          budget -= segment.items.length;
        } else missing++;
      }
    }
    // New and in the margin, with what is left of the budget.
    for (let k = 0; k < wanted.length; k++) {
      if (take[k]) continue;
      const i = wanted[k]!;
      if (index.touches(i, seen)) continue;
      if (budget > 0) {
        take[k] = 1;
        budget -= drawing.segments[i]!.items.length;
      } else waiting = true;
    }
    const shown: Segment[] = [];
    for (let k = 0; k < wanted.length; k++) if (take[k]) shown.push(drawing.segments[wanted[k]!]!);
    const before = this.shown;
    // The same segments (a pan in a small map): nothing for the canvas to look at.
    if (shown.length !== before.length || shown.some((s, k) => s !== before[k])) {
      this.#keys = new Set(shown.map((s) => s.key));
      this.shown = shown;
    }
    this.inSight = inSight;
    this.#setMissing(missing);
    if (missing > 0 || waiting) {
      // Drawn over the next frames: how long this one takes tells how much the next may make.
      this.#madeAt = performance.now();
      this.#later();
    }
  }
}
