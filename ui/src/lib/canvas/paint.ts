import type { Item } from '../bindings';
import { ICONS } from '../icons';
import { allEmoji, EMOJI_FAMILY, safeHref } from './draw';
import { fontStack } from './textbox';

/*
 * Scene items painted on a 2D canvas, item by item as the SVG export writes
 * them (draw.ts makes the same items as SVG elements): rects with their
 * corners, paths by their `d`, text at its baseline in the Scene's fonts,
 * channel icons from the same stroke files, pictures cut to their box. The
 * layout placed every line in Rust; nothing here measures or wraps.
 */

/** Parsed paths, once per item object (items that did not change keep their objects). */
const paths = new WeakMap<Item, Path2D>();
/** Each icon's strokes, parsed once. */
const iconPaths = new Map<string, Path2D[]>();

function pathOf(item: Extract<Item, { type: 'path' }>): Path2D {
  let path = paths.get(item);
  if (path === undefined) {
    path = new Path2D(item.d);
    paths.set(item, path);
  }
  return path;
}

function iconOf(name: string): Path2D[] {
  let strokes = iconPaths.get(name);
  if (strokes === undefined) {
    strokes = (ICONS.get(name) ?? []).map((d) => new Path2D(d));
    iconPaths.set(name, strokes);
  }
  return strokes;
}

/**
 * Pictures by their data URI: decoded once, shared by every tile. A picture
 * still decoding is not painted; `onready` is told when it can be, so the
 * tiles holding it are painted again.
 */
export class Pictures {
  #images = new Map<string, HTMLImageElement>();
  onready: ((href: string) => void) | null = null;

  /** The decoded picture, or null while it decodes (or when it cannot be). */
  get(href: string): HTMLImageElement | null {
    let image = this.#images.get(href);
    if (image === undefined) {
      image = new Image();
      image.onload = () => this.onready?.(href);
      image.src = href;
      this.#images.set(href, image);
    }
    return image.complete && image.naturalWidth > 0 ? image : null;
  }
}

/** The CSS font of a text item: its weight, size and family list (as `font-*` on the SVG `<text>`). */
export function fontOf(item: Extract<Item, { type: 'text' }>): string {
  const family = allEmoji(item.text) ? `'${EMOJI_FAMILY}'` : fontStack(item.face && item.face !== 'sans' ? item.face : null);
  return `${item.weight} ${item.size}px ${family}`;
}

/**
 * Lets go of a canvas's bitmap now: a canvas no longer referenced keeps its
 * bitmap until the garbage collector finds it, which may be long after.
 */
export function release(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
}

/**
 * An atlas page's side in device pixels (4 MiB), and how many pages a
 * painter keeps. A page's bitmap takes memory only where lines were
 * painted: the lines in sight on the 1,500-card map at 100 % use 40 % of
 * one, and halving pages measured no less memory (`make bench-editor`).
 */
const PAGE = 1024;
const PAGES = 2;
/** Sub-pixel positions a line is kept at, per axis (a line lands within 1/8 px of where the layout put it). */
const STEPS = 4;

interface Page {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  /** Rows of lines: their top, height and how far along they are filled. */
  shelves: { y: number; h: number; x: number }[];
  bottom: number;
  keys: string[];
}

interface Sprite {
  page: Page;
  x: number;
  y: number;
  w: number;
  h: number;
  /** From the sprite's corner to the line's start on its baseline, whole device px. */
  left: number;
  top: number;
  /** The scale it was painted at (device px per Scene px), and its sub-pixel offset. */
  scale: number;
  fx: number;
  fy: number;
}

/**
 * Lines of text painted once into shared bitmaps and copied from there
 * whenever they are painted again (a tile repainted after an edit, a line
 * across two tiles): the browser shapes a line anew at every fillText,
 * about 40 µs for a card's line here, and copies it in 2. Each line is kept
 * at its scale, colour, font and sub-pixel offset; the oldest page is let
 * go when all are full.
 */
export class TextAtlas {
  #pages: Page[] = [];
  #sprites = new Map<string, Sprite>();
  /** The sprite last painted for each line at any scale, by `line` (its font, colour and text). */
  #lines = new Map<string, Sprite>();

  /** The sprite last painted for a line (`line`: its font, colour and text) at whatever scale; null if none is held. */
  any(line: string): Sprite | null {
    return this.#lines.get(line) ?? null;
  }

  /**
   * The sprite for a line at `scale` and sub-pixel offset (fx, fy), painted by `draw` into its box
   * (origin at its baseline start) if new; null if it cannot have one.
   */
  get(
    key: string,
    line: string,
    at: { scale: number; fx: number; fy: number },
    w: number,
    h: number,
    left: number,
    top: number,
    draw: (ctx: CanvasRenderingContext2D) => void,
  ): Sprite | null {
    const known = this.#sprites.get(key);
    if (known) return known;
    if (w > PAGE || h > PAGE / 4 || typeof document === 'undefined') return null;
    const place = this.#place(w, h);
    if (!place) return null;
    const { page, x, y } = place;
    const ctx = page.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(x, y, w, h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.translate(x + left, y + top);
    draw(ctx);
    ctx.restore();
    const sprite = { page, x, y, w, h, left, top, ...at };
    this.#sprites.set(key, sprite);
    this.#lines.set(line, sprite);
    page.keys.push(key, line);
    return sprite;
  }

  #place(w: number, h: number): { page: Page; x: number; y: number } | null {
    for (const page of this.#pages) {
      const shelf = page.shelves.find((s) => s.h >= h && s.h <= h + 6 && s.x + w <= PAGE);
      if (shelf) {
        const x = shelf.x;
        shelf.x += w;
        return { page, x, y: shelf.y };
      }
      if (page.bottom + h <= PAGE) {
        const y = page.bottom;
        page.shelves.push({ y, h: h + 2, x: w });
        page.bottom += h + 2;
        return { page, x: 0, y };
      }
    }
    if (this.#pages.length >= PAGES) {
      // Full: the oldest page goes, and its lines are painted anew when next needed.
      const old = this.#pages.shift()!;
      for (const key of old.keys) {
        if (this.#sprites.get(key)?.page === old) this.#sprites.delete(key);
        if (this.#lines.get(key)?.page === old) this.#lines.delete(key);
      }
      release(old.canvas);
    }
    const canvas = document.createElement('canvas');
    canvas.width = PAGE;
    canvas.height = PAGE;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const page: Page = { canvas, ctx, shelves: [{ y: 0, h: h + 2, x: w }], bottom: h + 2, keys: [] };
    this.#pages.push(page);
    return { page, x: 0, y: 0 };
  }

  /** Lets go of every line (the fonts changed). */
  clear(): void {
    for (const page of this.#pages) release(page.canvas);
    this.#pages = [];
    this.#sprites.clear();
    this.#lines.clear();
  }

  /** How many pages it holds. */
  get pages(): number {
    return this.#pages.length;
  }

  /** How much of its pages' height the shelves of lines take, 0 to 1 (for `make bench-editor`). */
  get filled(): number {
    if (this.#pages.length === 0) return 0;
    return this.#pages.reduce((sum, page) => sum + page.bottom, 0) / (this.#pages.length * PAGE);
  }
}

/**
 * Paints Scene items on one 2D context, in Scene coordinates (the context's
 * transform maps them to its pixels). It sets the font and colours only when
 * they change: the context parses each one it is given, and a tile paints
 * hundreds of lines in a handful of styles. `reset` after the context's
 * state was restored behind its back.
 */
export class ItemPainter {
  #font = '';
  #fill = '';
  #stroke = '';
  #width = -1;
  #dashed = true;
  #rtl: boolean | null = null;
  /** Device px per Scene px, and where the Scene's origin is in the context (its transform). */
  #scale = 1;
  #tx = 0;
  #ty = 0;
  /** The context's transform is the identity (for copying a line), not the Scene's. */
  #identity = false;
  /**
   * While a zoom goes on: a line painted before at another scale is copied from there, scaled
   * (as the tiles of the zoom before stand in for the new), not painted anew at every scale the
   * zoom passes through. The painter's owner paints it sharp again once the zoom rests.
   */
  loose = false;

  constructor(
    readonly ctx: CanvasRenderingContext2D,
    readonly pictures: Pictures,
    readonly atlas: TextAtlas | null = null,
  ) {}

  /** Sets the context's transform to the Scene's: `scale`, then the Scene's origin at (tx, ty) device px. */
  begin(scale: number, tx: number, ty: number): void {
    this.#scale = scale;
    this.#tx = tx;
    this.#ty = ty;
    this.ctx.setTransform(scale, 0, 0, scale, tx, ty);
    this.#identity = false;
    this.reset();
  }

  #sceneTransform(): void {
    if (!this.#identity) return;
    this.ctx.setTransform(this.#scale, 0, 0, this.#scale, this.#tx, this.#ty);
    this.#identity = false;
  }

  /** A text line copied from the atlas; false when it has no sprite there. */
  #copyLine(item: Extract<Item, { type: 'text' }>, font: string): boolean {
    const atlas = this.atlas;
    if (!atlas || item.rtl) return false;
    const s = this.#scale;
    const dx = item.x * s + this.#tx;
    const dy = item.y * s + this.#ty;
    const ix = Math.floor(dx);
    const iy = Math.floor(dy);
    const fx = Math.floor((dx - ix) * STEPS) / STEPS;
    const fy = Math.floor((dy - iy) * STEPS) / STEPS;
    const line = `${font}|${item.color}|${item.text}`;
    if (this.loose) {
      const near = atlas.any(line);
      if (near && near.scale !== s) {
        // Its baseline start lands where this scale puts the line's.
        const k = s / near.scale;
        const x = dx - (near.left + near.fx) * k;
        const y = dy - (near.top + near.fy) * k;
        if (!this.#identity) {
          this.ctx.setTransform(1, 0, 0, 1, 0, 0);
          this.#identity = true;
        }
        this.ctx.drawImage(near.page.canvas, near.x, near.y, near.w, near.h, x, y, near.w * k, near.h * k);
        return true;
      }
    }
    const fs = item.size * s;
    // Room for the ascent (emoji stand taller), the descent and glyphs reaching past the line's width.
    const left = Math.ceil(fs * 0.3) + 2;
    const top = Math.ceil(fs * 1.3) + 2;
    const w = Math.ceil(item.w * s + fx) + 2 * left;
    const h = top + Math.ceil(fs * 0.5) + 2;
    const key = `${s}|${fx}|${fy}|${font}|${item.color}|${item.text}`;
    const sprite = atlas.get(key, line, { scale: s, fx, fy }, w, h, left, top, (ctx) => {
      ctx.font = font;
      ctx.fillStyle = item.color;
      ctx.direction = 'ltr';
      ctx.textAlign = 'start';
      ctx.textBaseline = 'alphabetic';
      ctx.translate(fx, fy);
      ctx.scale(s, s);
      ctx.fillText(item.text, 0, 0);
    });
    if (!sprite) return false;
    if (!this.#identity) {
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.#identity = true;
    }
    this.ctx.drawImage(sprite.page.canvas, sprite.x, sprite.y, sprite.w, sprite.h, ix - sprite.left, iy - sprite.top, sprite.w, sprite.h);
    return true;
  }

  reset(): void {
    this.#font = '';
    this.#fill = '';
    this.#stroke = '';
    this.#width = -1;
    this.#dashed = true;
    this.#rtl = null;
    this.ctx.textAlign = 'start';
    this.ctx.textBaseline = 'alphabetic';
    this.ctx.lineJoin = 'round';
  }

  #fillWith(colour: string): void {
    if (colour !== this.#fill) this.ctx.fillStyle = this.#fill = colour;
  }

  #strokeWith(colour: string, width: number, dash: readonly number[]): void {
    const ctx = this.ctx;
    if (colour !== this.#stroke) ctx.strokeStyle = this.#stroke = colour;
    if (width !== this.#width) ctx.lineWidth = this.#width = width;
    if (dash.length > 0 || this.#dashed) {
      ctx.setLineDash(dash as number[]);
      this.#dashed = dash.length > 0;
    }
  }

  /** Paints one item; answers false only for a picture not decoded yet. */
  paint(item: Item): boolean {
    const ctx = this.ctx;
    if (item.type === 'text' && this.#copyLine(item, fontOf(item))) return true;
    this.#sceneTransform();
    switch (item.type) {
      case 'rect': {
        if (!item.fill && !item.stroke) return true;
        ctx.beginPath();
        if (item.r > 0) {
          // As SVG clamps rx/ry: never more than half a side.
          ctx.roundRect(item.x, item.y, item.w, item.h, Math.min(item.r, item.w / 2, item.h / 2));
        } else ctx.rect(item.x, item.y, item.w, item.h);
        if (item.fill) {
          this.#fillWith(item.fill);
          ctx.fill();
        }
        if (item.stroke) {
          // SVG's default join for a rect's corners.
          ctx.lineJoin = 'miter';
          this.#strokeWith(item.stroke, item.stroke_width, []);
          ctx.stroke();
          ctx.lineJoin = 'round';
        }
        return true;
      }
      case 'path': {
        const path = pathOf(item);
        if (item.fill) {
          this.#fillWith(item.fill);
          ctx.fill(path);
        }
        if (item.stroke) {
          this.#strokeWith(item.stroke, item.stroke_width, item.dash);
          ctx.lineCap = 'round';
          ctx.stroke(path);
          ctx.lineCap = 'butt';
        }
        return true;
      }
      case 'text': {
        const font = fontOf(item);
        if (font !== this.#font) ctx.font = this.#font = font;
        this.#fillWith(item.color);
        // An RTL line: `x` is its left edge, so it starts at its right edge in RTL direction.
        if (item.rtl !== this.#rtl) {
          ctx.direction = item.rtl ? 'rtl' : 'ltr';
          this.#rtl = item.rtl;
        }
        ctx.fillText(item.text, item.rtl ? item.x + item.w : item.x, item.y);
        return true;
      }
      case 'icon': {
        // The icon files are 24 × 24, stroked 2 wide with round ends, in the item's colour.
        this.#strokeWith(item.color, 2, []);
        ctx.save();
        ctx.translate(item.x, item.y);
        ctx.scale(item.size / 24, item.size / 24);
        ctx.lineCap = 'round';
        for (const stroke of iconOf(item.name)) ctx.stroke(stroke);
        ctx.restore();
        return true;
      }
      case 'image': {
        if (item.w <= 0 || item.h <= 0) return true;
        const href = safeHref(item.href);
        const image = href ? this.pictures.get(href) : null;
        if (!image) return false;
        // `xMidYMid slice`: the picture covers the box, centred, its overflow cut.
        const scale = Math.max(item.w / image.naturalWidth, item.h / image.naturalHeight);
        const sw = item.w / scale;
        const sh = item.h / scale;
        ctx.save();
        if (item.round) {
          ctx.beginPath();
          ctx.ellipse(item.x + item.w / 2, item.y + item.h / 2, item.w / 2, item.h / 2, 0, 0, Math.PI * 2);
          ctx.clip();
        }
        ctx.drawImage(image, (image.naturalWidth - sw) / 2, (image.naturalHeight - sh) / 2, sw, sh, item.x, item.y, item.w, item.h);
        ctx.restore();
        return true;
      }
    }
  }
}
