import { CULL, cullRegion, holds, serves, viewBox, type CullOptions } from './canvas/cull';
import type { Box, View } from './canvas/geometry';
import type { Drawing, Segment } from './canvas/segments';
import { nextFrame } from './frames';

/** What the canvas shows: the Scene's drawing, where it looks and its size in CSS px. */
export interface CullInput {
  drawing: Drawing | null;
  view: View;
  width: number;
  height: number;
}

export interface CullerOptions extends Partial<CullOptions> {
  /** Runs `run` before the next frame (requestAnimationFrame by default); answers a way to cancel it. */
  frame?: (run: () => void) => () => void;
}

/**
 * Viewport culling: which of the drawing's segments have their hit regions in
 * the DOM (the tiles paint the Scene itself, canvas/tiles.ts). Those touching
 * the region around the view (see canvas/cull.ts), in paint order; the region
 * follows the view with hysteresis, at most once a frame unless the view has
 * left it (then at once, so no frame lacks them).
 */
export class Culler {
  /** The Scene region whose segments belong in the DOM; null before the first drawing. */
  region = $state.raw<Box | null>(null);
  /** The segments to have in the DOM now, in paint order. */
  shown = $state.raw<readonly Segment[]>([]);
  /** Segments in sight. */
  inSight = $state(0);

  readonly #options: CullOptions;
  readonly #frame: (run: () => void) => () => void;
  #input: CullInput | null = null;
  #drawing: Drawing | null = null;
  #cancel: (() => void) | null = null;

  constructor(options: CullerOptions = {}) {
    this.#options = { ...CULL, ...options };
    this.#frame = options.frame ?? nextFrame;
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
    this.region = null;
    this.shown = [];
    this.inSight = 0;
  }

  /** Next frame: a region around where the view is then. */
  #later(): void {
    if (this.#cancel) return;
    this.#cancel = this.#frame(() => {
      this.#cancel = null;
      const input = this.#input;
      if (!input?.drawing || !this.region) return;
      const { view, width, height } = input;
      if (!serves(this.region, view, width, height, this.#options)) this.region = cullRegion(view, width, height, this.#options);
      this.#fill();
    });
  }

  /** The segments in the region, in paint order (those that did not change are the same objects). */
  #fill(): void {
    const input = this.#input!;
    const drawing = input.drawing!;
    this.#drawing = drawing;
    const seen = viewBox(input.view, input.width, input.height);
    const index = drawing.index;
    const wanted = index.query(this.region!);
    const shown: Segment[] = [];
    let inSight = 0;
    for (const i of wanted) {
      if (index.touches(i, seen)) inSight++;
      shown.push(drawing.segments[i]!);
    }
    const before = this.shown;
    // The same segments (a pan in a small map): nothing for the canvas to look at.
    if (shown.length !== before.length || shown.some((s, k) => s !== before[k])) this.shown = shown;
    this.inSight = inSight;
  }
}
