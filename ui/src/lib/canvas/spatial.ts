import type { Item } from '../bindings';
import type { Box } from './geometry';

/*
 * Where things are, to draw only what is in sight: the box each Scene item
 * covers, and a uniform grid over many such boxes that answers "which of them
 * touch this region" without looking at the others.
 */

/** A box that takes in any Scene: for an item whose extent cannot be told. */
export const EVERYWHERE: Box = { x: -1e9, y: -1e9, w: 2e9, h: 2e9 };

// Inter's ascent and descent (em), plus room for accents above and tails below.
const TEXT_ABOVE = 1.1;
const TEXT_BELOW = 0.35;

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** The box around a path's points (M, L and C only, absolute): a curve stays inside its control points. */
function pathBox(d: string, pad: number): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  NUMBER.lastIndex = 0;
  let odd = false;
  let x = 0;
  for (let m = NUMBER.exec(d); m !== null; m = NUMBER.exec(d)) {
    const v = Number(m[0]);
    if (!odd) x = v;
    else {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (v < y0) y0 = v;
      if (v > y1) y1 = v;
    }
    odd = !odd;
  }
  if (!(x0 <= x1 && y0 <= y1) || odd) return EVERYWHERE;
  return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
}

/**
 * The region of the Scene an item may paint, a little generous: strokes,
 * a text's ascenders and descenders (its `y` is the baseline). A path whose
 * data cannot be read covers everything, so it is never left out.
 */
export function itemBox(item: Item): Box {
  switch (item.type) {
    case 'rect': {
      const pad = item.stroke ? item.stroke_width / 2 + 1 : 0;
      return { x: item.x - pad, y: item.y - pad, w: item.w + 2 * pad, h: item.h + 2 * pad };
    }
    case 'image':
      return { x: item.x, y: item.y, w: item.w, h: item.h };
    case 'icon':
      return { x: item.x, y: item.y, w: item.size, h: item.size };
    case 'text': {
      const pad = item.size * 0.25;
      return { x: item.x - pad, y: item.y - item.size * TEXT_ABOVE, w: item.w + 2 * pad, h: item.size * (TEXT_ABOVE + TEXT_BELOW) };
    }
    case 'path':
      return pathBox(item.d, (item.stroke ? item.stroke_width : 0) / 2 + 2);
  }
}

/** The smallest box around both (either may be null). */
export function union(a: Box | null, b: Box): Box {
  if (a === null) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Entries spanning more grid cells than this are kept apart and tested one by one. */
const WIDE = 256;
/** At most this many grid cells, whatever the Scene's size. */
const MAX_CELLS = 1 << 18;

/**
 * A uniform grid over boxes (entry i is `boxes[i]`). Built in one pass over
 * the boxes (two, counting), it answers `query` by looking only at the grid
 * cells the region touches. Boxes that cover much of the Scene (a band across
 * it, a lane's full height) are kept in a short list tested every time.
 */
export class GridIndex {
  readonly count: number;
  readonly #x0: Float64Array;
  readonly #y0: Float64Array;
  readonly #x1: Float64Array;
  readonly #y1: Float64Array;
  readonly #ox: number;
  readonly #oy: number;
  readonly #cell: number;
  readonly #cols: number;
  readonly #rows: number;
  /** Entry indices of grid cell c are refs[starts[c] .. starts[c + 1]], ascending. */
  readonly #starts: Int32Array;
  readonly #refs: Int32Array;
  readonly #wide: Int32Array;
  /** The last query that saw each entry, so each is reported once. */
  readonly #seen: Uint32Array;
  #query = 0;

  /**
   * `bounds` is the area the grid divides (the Scene's); boxes reaching out of
   * it fall in its edge cells. By default, the area all boxes take.
   */
  constructor(boxes: readonly Box[], bounds?: Box) {
    const n = boxes.length;
    this.count = n;
    const x0 = (this.#x0 = new Float64Array(n));
    const y0 = (this.#y0 = new Float64Array(n));
    const x1 = (this.#x1 = new Float64Array(n));
    const y1 = (this.#y1 = new Float64Array(n));
    this.#seen = new Uint32Array(n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const b = boxes[i]!;
      x0[i] = b.x;
      y0[i] = b.y;
      x1[i] = b.x + b.w;
      y1[i] = b.y + b.h;
      if (b.x < minX) minX = b.x;
      if (b.y < minY) minY = b.y;
      if (b.x + b.w > maxX) maxX = b.x + b.w;
      if (b.y + b.h > maxY) maxY = b.y + b.h;
    }
    if (bounds) {
      minX = bounds.x;
      minY = bounds.y;
      maxX = bounds.x + bounds.w;
      maxY = bounds.y + bounds.h;
    }
    const finite = Number.isFinite(minX + minY + maxX + maxY) && maxX >= minX && maxY >= minY;
    const width = finite ? Math.max(1, maxX - minX) : 1;
    const height = finite ? Math.max(1, maxY - minY) : 1;
    // About four entries per grid cell, in square cells.
    let cell = Math.max(16, Math.sqrt((width * height * 4) / Math.max(1, n)));
    while ((Math.floor(width / cell) + 1) * (Math.floor(height / cell) + 1) > MAX_CELLS) cell *= 1.5;
    this.#cell = cell;
    this.#ox = finite ? minX : 0;
    this.#oy = finite ? minY : 0;
    const cols = (this.#cols = Math.floor(width / cell) + 1);
    const rows = (this.#rows = Math.floor(height / cell) + 1);

    // Count, then fill: each entry goes to every grid cell its box touches.
    const starts = (this.#starts = new Int32Array(cols * rows + 1));
    const span = new Int32Array(4 * n);
    const wide: number[] = [];
    for (let i = 0; i < n; i++) {
      const c0 = this.#col(x0[i]!);
      const c1 = this.#col(x1[i]!);
      const r0 = this.#row(y0[i]!);
      const r1 = this.#row(y1[i]!);
      if (!(x0[i]! <= x1[i]! && y0[i]! <= y1[i]!)) {
        span[4 * i] = -2; // a box of negative size (or NaN) touches nothing
        continue;
      }
      if ((c1 - c0 + 1) * (r1 - r0 + 1) > WIDE) {
        wide.push(i);
        span[4 * i] = -1;
        continue;
      }
      span[4 * i] = c0;
      span[4 * i + 1] = c1;
      span[4 * i + 2] = r0;
      span[4 * i + 3] = r1;
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) starts[r * cols + c + 1]!++;
    }
    for (let c = 1; c < starts.length; c++) starts[c]! += starts[c - 1]!;
    const refs = (this.#refs = new Int32Array(starts[starts.length - 1]!));
    const fill = starts.slice(0, -1);
    for (let i = 0; i < n; i++) {
      const c0 = span[4 * i]!;
      if (c0 < 0) continue;
      const c1 = span[4 * i + 1]!;
      const r1 = span[4 * i + 3]!;
      for (let r = span[4 * i + 2]!; r <= r1; r++) for (let c = c0; c <= c1; c++) refs[fill[r * cols + c]!++] = i;
    }
    this.#wide = Int32Array.from(wide);
  }

  #col(x: number): number {
    const c = Math.floor((x - this.#ox) / this.#cell);
    return c < 0 ? 0 : c >= this.#cols ? this.#cols - 1 : c || 0;
  }

  #row(y: number): number {
    const r = Math.floor((y - this.#oy) / this.#cell);
    return r < 0 ? 0 : r >= this.#rows ? this.#rows - 1 : r || 0;
  }

  /** Whether entry i's box touches `box` (edges count). */
  touches(i: number, box: Box): boolean {
    return this.#x0[i]! <= box.x + box.w && box.x <= this.#x1[i]! && this.#y0[i]! <= box.y + box.h && box.y <= this.#y1[i]!;
  }

  /** The entries whose boxes touch `box` (edges count), each once, in ascending order. */
  query(box: Box): number[] {
    const out: number[] = [];
    if (this.count === 0 || !(box.w >= 0 && box.h >= 0)) return out;
    if (this.#query === 0xffffffff) {
      this.#seen.fill(0);
      this.#query = 0;
    }
    const q = ++this.#query;
    const seen = this.#seen;
    const starts = this.#starts;
    const refs = this.#refs;
    const c0 = this.#col(box.x);
    const c1 = this.#col(box.x + box.w);
    const r0 = this.#row(box.y);
    const r1 = this.#row(box.y + box.h);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.#cols + c;
        for (let k = starts[cell]!, end = starts[cell + 1]!; k < end; k++) {
          const i = refs[k]!;
          if (seen[i] === q) continue;
          seen[i] = q;
          if (this.touches(i, box)) out.push(i);
        }
      }
    }
    let sorted = true;
    for (let k = 1; k < out.length; k++) {
      if (out[k]! < out[k - 1]!) {
        sorted = false;
        break;
      }
    }
    for (const i of this.#wide) {
      if (this.touches(i, box)) {
        out.push(i);
        sorted = false;
      }
    }
    return sorted ? out : Array.from(Int32Array.from(out).sort());
  }
}
