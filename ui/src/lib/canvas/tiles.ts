import type { Item } from '../bindings';
import type { Box, View } from './geometry';
import { intersects } from './geometry';
import { fontOf, ItemPainter, Pictures, release, TextAtlas } from './paint';
import type { Drawing, Segment } from './segments';
import { union } from './spatial';
import type { Strip } from './sticky';
import { afterFrame } from '../frames';

/*
 * The Scene painted into cached tiles, the way map and whiteboard apps draw
 * large scenes: square bitmaps of TILE device pixels at the current zoom,
 * each painted once from the segments that touch it (the spatial index finds
 * them) and copied to the screen on every frame. Panning copies bitmaps; an
 * edit repaints only the boxes of the segments it changed; zooming shows the
 * tiles of the old zoom scaled until the zoom rests, then paints sharp ones,
 * those in sight first and a few a frame. Only the hit regions, the selection
 * and the text being edited stay in the DOM.
 */

/** A tile's side in device pixels. */
export const TILE = 256;
/**
 * Painting ahead (the ring around the view, sharp tiles after a zoom), in ms
 * at a time: done after a frame is on the screen, never before one.
 */
const BUDGET_MS = 8;
/** How long the zoom must rest before tiles are painted at it (until then the old ones are scaled). */
const ZOOM_REST_MS = 120;
/** A tile with more damaged boxes than this is painted whole. */
const MAX_DAMAGE = 12;
/** An edit that changed more segments than this repaints every tile. */
const MAX_CHANGED = 400;
/** Tiles are kept this many tiles around the view; those beyond are let go. */
const KEEP = 1;
/**
 * Drawings whose tiles are painted ahead at a time (`prepare`: the likeliest keys and the next
 * undo), and the most tiles one may change to be worth it: each spare is a tile's bitmap more.
 */
const PREPARED = 4;
const MAX_SPARES = 12;

/** What to paint: the Scene's drawing and paper, and how it is seen. */
export interface TileInput {
  drawing: Drawing;
  width: number;
  height: number;
  background: string;
  view: View;
  /** The canvas's size in CSS px. */
  viewWidth: number;
  viewHeight: number;
  /** Device pixels per CSS px. */
  dpr: number;
  /** The card being dragged, painted faded in its old place. */
  dragging: string | null;
  /** Cards a filter fades. */
  faded: ReadonlySet<string> | null;
  /**
   * Cards a keyboard edit takes elsewhere, before the edit's answer: left out where they were and
   * painted on top from Rust's items for their new places (laid out ahead of the key).
   */
  moving?: readonly Moving[] | null;
  /** The header row and title column stuck at the edges, painted over the tiles. */
  strips?: readonly Strip[];
}

/** A card shown where it is going: its items as Rust will draw them there, and the region they paint. */
export interface Moving {
  card: string;
  items: readonly Item[];
  box: Box;
  /** Its hit region there (where the selection is outlined). */
  hit: Box;
}

/** What a tile must paint again: the damaged boxes (null when it is right), or all of it. */
interface Marks {
  /** Scene boxes to paint again; null when the tile is right. */
  damage: Box[] | null;
  /** Never painted, or painted before the fonts loaded: paint it whole. */
  blank: boolean;
}

interface Tile extends Marks {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  pen: ItemPainter;
  /** Its last paint's number: a tile painted ahead from it is right only while it holds. */
  version: number;
}

/** What a card was painted with (for the end-to-end tests). */
interface CardPaint {
  items: readonly Item[];
  opacity: number;
  pictures: number;
}

/** A tile painted ahead as a drawing not shown yet will have it: swapped in when that drawing comes. */
interface Spare {
  key: number;
  /** The tile's `version` it was copied from. */
  version: number;
  tile: Tile;
  /** What painting it changed (tile px), and whether it was painted whole. */
  areas: Box[];
  whole: boolean;
  cards: [string, CardPaint][];
}

/** The tiles in sight painted ahead for one input, from the tiles of another (`before`). */
interface Prepared {
  before: TileInput;
  input: TileInput;
  /** What changes from one to the other (the key need not find it again). */
  change: Change;
  level: Level;
  /** `#picturesReady` then: a picture that came since may be missing from the spares. */
  pictures: number;
  spares: Spare[];
}

/** What changed between two inputs, for each tile to mark (`mark`). */
type Change =
  | { all: true }
  | {
      all: false;
      boxes: Box[];
      /** Drawings whose segments that `changed` picks are damaged, each tile finding those that touch it (many changed). */
      touching: { drawing: Drawing; changed: (s: Segment) => boolean }[];
    };

interface Level {
  /** Device px per Scene px. */
  scale: number;
  tiles: Map<number, Tile>;
}

/** What painting a tile did: whether it painted it whole, and the areas of it that changed (tile px). */
interface Painted {
  whole: boolean;
  areas: Box[];
}

/** How wide a stuck strip's shadow is (CSS px). */
const SHADOW = 6;

/** Where a stuck strip's shadow falls on the screen canvas (device px): x, y, width, height. */
function shadowOf(strip: Strip, dpr: number): [number, number, number, number] {
  const { clip } = strip;
  const x = Math.round(clip.x * dpr);
  const y = Math.round(clip.y * dpr);
  const w = Math.round((clip.x + clip.w) * dpr) - x;
  const h = Math.round((clip.y + clip.h) * dpr) - y;
  const side = SHADOW * dpr;
  return strip.shadow === 'right' ? [x + w, y, side, h] : [x, y + h, w, side];
}

/** Whether two lists of strips paint the same (each paint makes its own paper items). */
function sameStrips(a: readonly Strip[], b: readonly Strip[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, k) => {
    const t = b[k]!;
    if (s.shadow !== t.shadow || s.zoom !== t.zoom || s.tx !== t.tx || s.ty !== t.ty || s.items.length !== t.items.length) return false;
    if (s.clip.x !== t.clip.x || s.clip.y !== t.clip.y || s.clip.w !== t.clip.w || s.clip.h !== t.clip.h) return false;
    return s.items.every((item, n) => {
      const other = t.items[n]!;
      if (item === other) return true;
      if (item.type !== 'rect' || other.type !== 'rect') return false;
      return item.x === other.x && item.y === other.y && item.w === other.w && item.h === other.h && item.fill === other.fill;
    });
  });
}

/** Boxes that overlap made one (their union), so no pixel is painted twice. */
function merged(boxes: Box[]): Box[] {
  const out = [...boxes];
  for (let a = 0; a < out.length; a++) {
    for (let b = a + 1; b < out.length; b++) {
      if (!intersects(out[a]!, out[b]!)) continue;
      out[a] = union(out[a]!, out[b]!);
      out.splice(b, 1);
      b = a;
    }
  }
  return out;
}

type Rect = Extract<Item, { type: 'rect' }>;

/** A lone rect's look but for its top and height: a lane's or a cell's band, which grows and shrinks with its row. */
function bandLook(s: Segment): string | null {
  const r = s.items[0];
  if (s.card !== null || s.items.length !== 1 || r?.type !== 'rect') return null;
  return `${r.x}|${r.w}|${r.r}|${r.fill ?? ''}|${r.stroke ?? ''}|${r.stroke_width}`;
}

/**
 * Where a band that only grew or shrank (`was` become `now`: the same look, its top or bottom
 * moved) changes pixels: its top edge and its bottom edge, each from where it was to where it is,
 * with the corners' round and the stroke. Between them it is the same fill as before.
 */
function bandEdges(was: Rect, now: Rect): Box[] {
  const stroke = was.stroke ? was.stroke_width : 0;
  const reach = was.r + stroke + 1;
  const x = was.x - stroke - 1;
  const w = was.w + 2 * stroke + 2;
  const out: Box[] = [];
  const edge = (a: number, b: number, inward: number, outward: number) => {
    if (a === b) return;
    const y0 = Math.min(a, b) - inward;
    out.push({ x, y: y0, w, h: Math.max(a, b) + outward - y0 });
  };
  // A top edge's round reaches down into the band; a bottom edge's up.
  edge(was.y, now.y, stroke + 1, reach);
  edge(was.y + was.h, now.y + now.h, reach, stroke + 1);
  return out;
}

/**
 * Bands that only grew or shrank, among the segments an edit took away (`gone`) and made (`come`):
 * each is paired with the one it was (the same look over the same rows), and answers only the
 * edges that moved (a tall lane's band changes height with any of its cells: painted again whole,
 * it would repaint every tile it covers).
 */
export function pairBands(gone: readonly Segment[], come: readonly Segment[]): { edges: Box[]; paired: Set<Segment> } {
  const edges: Box[] = [];
  const paired = new Set<Segment>();
  const bands = new Map<string, Segment[]>();
  for (const s of gone) {
    const look = bandLook(s);
    if (look !== null) bands.set(look, [...(bands.get(look) ?? []), s]);
  }
  if (bands.size === 0) return { edges, paired };
  for (const s of come) {
    const look = bandLook(s);
    const same = look === null ? undefined : bands.get(look);
    const k = same?.findIndex((o) => intersects(o.box, s.box)) ?? -1;
    if (k < 0) continue;
    const was = same!.splice(k, 1)[0]!;
    paired.add(was);
    paired.add(s);
    edges.push(...bandEdges(was.items[0] as Rect, s.items[0] as Rect));
  }
  return { edges, paired };
}

/**
 * Adds `box` to what `tile` must paint again; answers false once the tile has so much to paint
 * again that it will be painted whole (nothing more need be added).
 */
function damaged(tile: Marks, box: Box): boolean {
  tile.damage ??= [];
  // A segment changed in place gives the same box twice (before and after): painted once.
  if (tile.damage.some((d) => d.x <= box.x && d.y <= box.y && d.x + d.w >= box.x + box.w && d.y + d.h >= box.y + box.h)) return true;
  tile.damage.push(box);
  if (tile.damage.length <= MAX_DAMAGE) return true;
  tile.blank = true;
  tile.damage = null;
  return false;
}

/** Marks in `tile` (whose area is `area`, Scene px) what `change` damaged there. */
function mark(tile: Marks, area: Box, change: Change): void {
  if (tile.blank) return;
  if (change.all) {
    tile.blank = true;
    tile.damage = null;
    return;
  }
  for (const { drawing, changed } of change.touching) {
    for (const n of drawing.index.query(area)) {
      const s = drawing.segments[n]!;
      if (changed(s) && !damaged(tile, s.box)) return;
    }
  }
  for (const box of change.boxes) if (intersects(box, area) && !damaged(tile, box)) return;
}

/** Whether two inputs paint the same tiles at the same scale (where they are looked at aside). */
function sameTiles(a: TileInput, b: TileInput): boolean {
  return (
    a.drawing === b.drawing &&
    a.width === b.width &&
    a.height === b.height &&
    a.background === b.background &&
    a.view.zoom * a.dpr === b.view.zoom * b.dpr &&
    a.dragging === b.dragging &&
    a.faded === b.faded &&
    (a.moving ?? null) === (b.moving ?? null)
  );
}

/** What changed between two inputs: the boxes to paint again, or everything. */
function changeOf(a: TileInput, b: TileInput): Change {
  if (a.width !== b.width || a.background !== b.background) return { all: true };
  const touching: { drawing: Drawing; changed: (s: Segment) => boolean }[] = [];
  const boxes: Box[] = [];
  // The paper grew or shrank (rows below changed height): its bottom edge.
  if (a.height !== b.height) boxes.push({ x: 0, y: Math.min(a.height, b.height) - 1, w: b.width, h: Math.abs(a.height - b.height) + 2 });
  if (a.drawing !== b.drawing) {
    const now = new Set(b.drawing.segments);
    const was = new Set(a.drawing.segments);
    const gone = a.drawing.segments.filter((s) => !now.has(s));
    const come = b.drawing.segments.filter((s) => !was.has(s));
    const { edges, paired } = pairBands(gone, come);
    boxes.push(...edges);
    if (gone.length + come.length - paired.size <= MAX_CHANGED) {
      for (const s of gone) if (!paired.has(s)) boxes.push(s.box);
      for (const s of come) if (!paired.has(s)) boxes.push(s.box);
    } else {
      // Many changed (rows moved): each tile looks for those that touch it.
      touching.push({ drawing: a.drawing, changed: (s) => !now.has(s) && !paired.has(s) });
      touching.push({ drawing: b.drawing, changed: (s) => !was.has(s) && !paired.has(s) });
    }
  }
  const cardBox = (d: Drawing, id: string | null) => (id === null ? undefined : d.byCard.get(id)?.box);
  if (a.dragging !== b.dragging) {
    for (const box of [cardBox(a.drawing, a.dragging), cardBox(b.drawing, b.dragging)]) if (box) boxes.push(box);
  }
  if (a.moving !== b.moving) {
    for (const m of [...(a.moving ?? []), ...(b.moving ?? [])]) {
      boxes.push(m.box);
      const box = cardBox(a.drawing, m.card) ?? cardBox(b.drawing, m.card);
      if (box) boxes.push(box);
    }
  }
  if (a.faded !== b.faded) {
    const ids = new Set([...(a.faded ?? []), ...(b.faded ?? [])]);
    if (ids.size > MAX_CHANGED) return { all: true };
    for (const id of ids) {
      if ((a.faded?.has(id) ?? false) === (b.faded?.has(id) ?? false)) continue;
      const box = cardBox(b.drawing, id);
      if (box) boxes.push(box);
    }
  }
  return { all: false, boxes, touching };
}

/** Lets go of a level's tiles. */
function drop(level: Level | null): void {
  if (!level) return;
  for (const tile of level.tiles.values()) release(tile.canvas);
  level.tiles.clear();
}

/** A tile's key: column and row in one number (rows and columns under 2^20). */
const keyOf = (i: number, j: number) => i * 1048576 + j;

const DRAG_OPACITY = 0.35;
const FADED_OPACITY = 0.2;

export class TilePainter {
  /** Tiles in sight that are not painted at the current zoom yet. */
  missing = 0;
  /** Told when painting stopped or started waiting for later frames. */
  onmissing: ((missing: number) => void) | null = null;
  /** The last paint in a frame (not ahead) that painted any tile: how long it took (ms) and how many tiles, whole or in part (for `make bench-editor`). */
  last = { ms: 0, tiles: 0, whole: 0 };
  /** How many updates showed tiles painted ahead (`prepare`) instead of painting them (for `make bench-editor`). */
  swaps = 0;
  /** How many pictures (image items) have been painted so far, each once (for the end-to-end tests). */
  picturesPainted = 0;
  readonly #picturesSeen = new WeakSet<Item>();
  /** Told of every tile painted (whole, or only its damaged boxes): for tests and measurements. */
  trace: ((i: number, j: number, whole: boolean) => void) | null = null;
  /** For the end-to-end tests: what was painted for each card, and with which opacity. */
  readonly painted = new Map<string, CardPaint>();

  readonly #pictures = new Pictures();
  readonly #atlas = new TextAtlas();
  /** The pen for the screen canvas (the stuck strips). */
  #pen: ItemPainter | null = null;
  #level: Level = { scale: 0, tiles: new Map() };
  /** The tiles of the zoom before, shown scaled until the new zoom's are painted. */
  #old: Level | null = null;
  #input: TileInput | null = null;
  #zoomedAt = 0;
  /** What the target shows: the view it was copied for; `partial` while old tiles stand in; `stale` when it must be copied whole again. */
  #shown = { ox: NaN, oy: NaN, scale: 0, w: 0, h: 0, partial: false, stale: true };
  /** The strips last painted on the screen. */
  #strips: readonly Strip[] = [];
  /** Some of the strips' lines on the screen are copies scaled from another zoom's (painted while a zoom went on). */
  #looseStrips = false;
  /** Painting ahead is scheduled. */
  #later = false;
  #destroyed = false;
  #target: HTMLCanvasElement | null = null;
  #fontsListener: (() => void) | null = null;
  /** Tiles painted ahead for the drawings a key may show next (`prepare`), the last asked for last. */
  #prepared: Prepared[] = [];
  /** Tiles swapped in by this update, and their areas that changed (tile px): copied to the screen by `#paint`. */
  #swapped: { key: number; areas: Box[] }[] = [];
  /** How many pictures have come (each damages what shows it). */
  #picturesReady = 0;
  /** Tile paints so far: each paint gives its tile the next number (`Tile.version`). */
  #paints = 0;
  /** Bitmaps a key's update let go of, freed once its frame is on the screen (`#releaseLater`). */
  #unused: HTMLCanvasElement[] = [];

  constructor() {
    this.#pictures.onready = (href) => {
      this.#picturesReady++;
      this.#damageWhere((s) => s.items.some((i) => i.type === 'image' && i.href === href));
    };
    if (typeof document !== 'undefined' && document.fonts) {
      // Text painted before its font loaded was painted in another: paint it all again.
      this.#fontsListener = () => this.repaint();
      document.fonts.addEventListener('loadingdone', this.#fontsListener);
    }
  }

  /**
   * The text lines on the tiles held now and on the stuck strips, each with
   * its CSS font and its baseline's start in canvas px: for the end-to-end tests, which cannot read
   * text off pixels.
   */
  lines(): { text: string; font: string; x: number; y: number }[] {
    const input = this.#input;
    if (!input) return [];
    const { zoom, x: vx, y: vy } = input.view;
    const out: { text: string; font: string; x: number; y: number }[] = [];
    const seen = new Set<number>();
    const side = TILE / this.#level.scale;
    for (const [key, tile] of this.#level.tiles) {
      if (tile.blank) continue;
      const i = Math.floor(key / 1048576);
      const j = key - i * 1048576;
      for (const n of input.drawing.index.query({ x: i * side, y: j * side, w: side, h: side })) {
        if (seen.has(n)) continue;
        seen.add(n);
        for (const item of input.drawing.segments[n]!.items) {
          if (item.type === 'text') out.push({ text: item.text, font: fontOf(item), x: vx + item.x * zoom, y: vy + item.y * zoom });
        }
      }
    }
    for (const strip of input.strips ?? []) {
      for (const item of strip.items) {
        if (item.type === 'text') out.push({ text: item.text, font: fontOf(item), x: strip.tx + item.x * strip.zoom, y: strip.ty + item.y * strip.zoom });
      }
    }
    return out;
  }

  /** Paints everything in sight again from nothing, now: every tile and every line (the fonts changed). */
  repaint(): void {
    this.#damageAll();
    this.#atlas.clear();
    this.#paint(false);
  }

  /** Stops painting (the canvas is gone). */
  destroy(): void {
    this.#destroyed = true;
    if (this.#fontsListener) document.fonts.removeEventListener('loadingdone', this.#fontsListener);
    drop(this.#level);
    drop(this.#old);
    this.#dropPrepared(() => false);
    for (const unused of this.#unused.splice(0)) release(unused);
    this.#level = { scale: 0, tiles: new Map() };
    this.#old = null;
    this.#atlas.clear();
  }

  /** Takes what to paint and paints the canvas `target` now (what cannot wait: the rest follows over the next frames). */
  update(target: HTMLCanvasElement, input: TileInput): void {
    if (target !== this.#target) this.#shown.stale = true;
    this.#target = target;
    const before = this.#input;
    this.#input = input;
    if (before) {
      // The tiles painted ahead for this input, while the ones they were copied from are as they were.
      const prepared = this.#prepared.find((p) => sameTiles(p.input, input) && sameTiles(p.before, before));
      const level = this.#level;
      const spares = prepared ? this.#stillRight(prepared) : [];
      this.#damageChanges(before, input, prepared?.change);
      for (const spare of spares) this.#swapIn(level, spare);
      if (spares.length > 0) this.swaps++;
      if (prepared) prepared.spares = prepared.spares.filter((s) => !spares.includes(s));
      // Those painted from another drawing than the one now shown are of no use.
      if (input.drawing !== before.drawing) this.#dropPrepared((p) => p.before.drawing === input.drawing, true);
    }
    this.#paint(false);
  }

  /**
   * Paints ahead, into spare bitmaps, the tiles in sight that showing `drawing` (of a Scene
   * `paper`'s size and background) would change, from the tiles now shown: a key that shows it
   * next then swaps them in (`update`) instead of painting them in its frame. Nothing when too
   * much would change, or while a zoom's tiles are not all painted.
   */
  prepare(drawing: Drawing, paper: { width: number; height: number; background: string }): void {
    const before = this.#input;
    const level = this.#level;
    if (this.#destroyed || !before || this.#old !== null || level.scale !== before.view.zoom * before.dpr) return;
    // Painted already: kept while every spare is still right, else painted again.
    const had = this.#prepared.find((p) => p.input.drawing === drawing && p.before.drawing === before.drawing);
    if (had && this.#stillRight(had).length === had.spares.length) return;
    if (had) this.#dropPrepared((p) => p !== had);
    // As the key shows it: no card dragged any more (a drop), none drawn from its look.
    const input: TileInput = {
      ...before,
      drawing,
      width: paper.width,
      height: paper.height,
      background: paper.background,
      dragging: null,
      moving: null,
    };
    const change = changeOf(before, input);
    if (change.all) return;
    const spares: Spare[] = [];
    const { i0, j0, i1, j1 } = this.#sight(before, level.scale);
    const side = TILE / level.scale;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const key = keyOf(i, j);
        const from = level.tiles.get(key);
        if (!from || from.blank || from.damage !== null) continue;
        const marks: Marks = { damage: null, blank: false };
        mark(marks, { x: i * side, y: j * side, w: side, h: side }, change);
        if (!marks.blank && marks.damage === null) continue;
        const canvas = spares.length < MAX_SPARES ? document.createElement('canvas') : null;
        if (canvas) canvas.width = canvas.height = TILE;
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) {
          // Too much changes to be worth holding (or no bitmap to be had): painted at the key.
          if (canvas) release(canvas);
          for (const spare of spares) release(spare.tile.canvas);
          return;
        }
        // The tile as it is, then what changes in it painted over.
        if (!marks.blank) ctx.drawImage(from.canvas, 0, 0);
        const tile: Tile = { canvas, ctx, pen: new ItemPainter(ctx, this.#pictures, this.#atlas), ...marks, version: 0 };
        const cards: [string, CardPaint][] = [];
        const painted = this.#paintInto(tile, level.scale, i, j, input, (card, paint) => cards.push([card, paint]));
        spares.push({ key, version: from.version, tile, areas: painted.areas, whole: painted.whole, cards });
      }
    }
    if (spares.length === 0) return;
    this.#prepared.push({ before, input, change, level, pictures: this.#picturesReady, spares });
    while (this.#prepared.length > PREPARED) this.#dropPrepared((p) => p !== this.#prepared[0]);
  }

  /**
   * The spares of `prepared` that are still right: their tiles not painted since, nor waiting to
   * be (and no picture come since, nor the zoom changed).
   */
  #stillRight(prepared: Prepared): Spare[] {
    const level = this.#level;
    if (prepared.level !== level || prepared.pictures !== this.#picturesReady) return [];
    return prepared.spares.filter((spare) => {
      const tile = level.tiles.get(spare.key);
      return tile !== undefined && tile.version === spare.version && !tile.blank && tile.damage === null;
    });
  }

  /** Puts a tile painted ahead in the place of the one it was copied from. */
  #swapIn(level: Level, spare: Spare): void {
    const tile = level.tiles.get(spare.key)!;
    this.#releaseLater(tile.canvas);
    tile.canvas = spare.tile.canvas;
    tile.ctx = spare.tile.ctx;
    tile.pen = spare.tile.pen;
    tile.damage = null;
    tile.blank = false;
    tile.version = ++this.#paints;
    for (const [card, paint] of spare.cards) this.painted.set(card, paint);
    this.#swapped.push({ key: spare.key, areas: spare.areas });
  }

  /**
   * Keeps the tiles painted ahead that `keep` answers true for; lets go of the others' bitmaps,
   * after the frame when `later` (a key's).
   */
  #dropPrepared(keep: (p: Prepared) => boolean, later = false): void {
    this.#prepared = this.#prepared.filter((p) => {
      if (keep(p)) return true;
      for (const spare of p.spares) {
        if (later) this.#releaseLater(spare.tile.canvas);
        else release(spare.tile.canvas);
      }
      return false;
    });
  }

  /**
   * Lets go of a bitmap once the frame being made is on the screen: freeing dozens of them takes
   * time a key's frame has not got.
   */
  #releaseLater(canvas: HTMLCanvasElement): void {
    this.#unused.push(canvas);
    if (this.#unused.length > 1) return;
    afterFrame(() => {
      for (const unused of this.#unused.splice(0)) release(unused);
    });
  }

  /** The tiles in sight for `input` at `scale` (only those over the Scene), inclusive. */
  #sight(input: TileInput, scale: number): { i0: number; j0: number; i1: number; j1: number } {
    const { view, dpr } = input;
    const w = Math.round(input.viewWidth * dpr);
    const h = Math.round(input.viewHeight * dpr);
    const ox = Math.round(view.x * dpr);
    const oy = Math.round(view.y * dpr);
    return {
      i0: Math.max(0, Math.floor(-ox / TILE)),
      j0: Math.max(0, Math.floor(-oy / TILE)),
      i1: Math.min(Math.ceil((input.width * scale) / TILE) - 1, Math.floor((w - 1 - ox) / TILE)),
      j1: Math.min(Math.ceil((input.height * scale) / TILE) - 1, Math.floor((h - 1 - oy) / TILE)),
    };
  }

  /**
   * Paints ahead once the next frame is on the screen (a task queued from
   * its frame callbacks runs after it is painted), or once a zoom rests.
   */
  #paintLater(): void {
    if (this.#later || this.#destroyed || typeof requestAnimationFrame !== 'function') return;
    this.#later = true;
    const run = () => {
      this.#later = false;
      if (this.#destroyed) return;
      // A zoom went on meanwhile: its tiles are painted once it rests, not in its midst.
      if (this.#old !== null && performance.now() - this.#zoomedAt < ZOOM_REST_MS) this.#paintLater();
      else this.#paint(true);
    };
    const rest = this.#old === null ? 0 : this.#zoomedAt + ZOOM_REST_MS - performance.now();
    if (rest > 0) setTimeout(() => afterFrame(run), rest);
    else afterFrame(run);
  }

  /** Marks as damaged, in every tile, the boxes of what changed between two inputs (`change`, when known). */
  #damageChanges(a: TileInput, b: TileInput, change = changeOf(a, b)): void {
    if (change.all) this.#damageAll();
    else if (change.boxes.length > 0 || change.touching.length > 0) this.#eachTile((tile, area) => mark(tile, area, change));
  }

  #damageAll(): void {
    for (const tile of this.#level.tiles.values()) tile.blank = true;
    this.#dropOld();
  }

  #damageWhere(test: (s: Segment) => boolean): void {
    const drawing = this.#input?.drawing;
    if (!drawing) return;
    this.#damage(drawing.segments.filter(test).map((s) => s.box));
    this.#paint(false);
  }

  #damage(boxes: readonly Box[]): void {
    if (boxes.length === 0) return;
    this.#eachTile((tile, area) => {
      for (const box of boxes) if (intersects(box, area) && !damaged(tile, box)) break;
    });
  }

  /** Visits each painted tile with its area (Scene px), to mark what changed in it. */
  #eachTile(visit: (tile: Tile, area: Box) => void): void {
    // The old zoom's tiles would show what changed as it was: they go.
    this.#dropOld();
    const { scale, tiles } = this.#level;
    const side = TILE / scale;
    for (const [key, tile] of tiles) {
      if (tile.blank) continue;
      const i = Math.floor(key / 1048576);
      const j = key - i * 1048576;
      visit(tile, { x: i * side, y: j * side, w: side, h: side });
    }
  }

  /**
   * Paints what the view needs and copies it to `target`. Damaged tiles in
   * sight, and tiles with nothing to stand for them, are painted now (an edit
   * shows whole in its frame); sharp tiles after a zoom and the ring around
   * the view are painted `ahead`, a budget at a time, after frames.
   */
  #paint(ahead: boolean): void {
    const target = this.#target;
    const input = this.#input;
    if (!target || !input) return;
    const ctx = target.getContext('2d');
    if (!ctx) return;
    const started = performance.now();
    let tiles = 0;
    let whole = 0;
    const { view, dpr } = input;
    const scale = view.zoom * dpr;
    if (scale !== this.#level.scale) {
      // Zoomed: the tiles painted so far stay, scaled, until the new ones are there.
      if (this.#level.tiles.size > 0 && (this.#old === null || this.#covers(this.#level))) {
        this.#dropOld();
        this.#old = this.#level;
      } else drop(this.#level);
      this.#level = { scale, tiles: new Map() };
      this.#zoomedAt = started;
    }
    const level = this.#level;
    const w = Math.round(input.viewWidth * dpr);
    const h = Math.round(input.viewHeight * dpr);
    if (target.width !== w || target.height !== h) {
      target.width = w;
      target.height = h;
    }
    const ox = Math.round(view.x * dpr);
    const oy = Math.round(view.y * dpr);
    const { i0, j0, i1, j1 } = this.#sight(input, scale);
    const resting = this.#old === null || started - this.#zoomedAt >= ZOOM_REST_MS;
    let missing = 0;
    /** Tiles in sight painted by this call (or swapped in before it), and the areas of each painted (tile px). */
    const fresh: { key: number; areas: Box[] }[] = this.#swapped;
    this.#swapped = [];
    const ready = (t: Tile | undefined) => t !== undefined && !t.blank && t.damage === null;
    // Those in sight first: each is painted now if nothing else can stand for it, else within the budget.
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const tile = level.tiles.get(keyOf(i, j));
        if (ready(tile)) continue;
        const damaged = tile !== undefined && !tile.blank;
        const now = damaged || this.#old === null || (ahead && resting && performance.now() - started < BUDGET_MS);
        if (now) {
          tiles++;
          const painted = this.#paintTile(level, i, j, input);
          if (painted?.whole) whole++;
          fresh.push({ key: keyOf(i, j), areas: painted?.areas ?? [{ x: 0, y: 0, w: TILE, h: TILE }] });
        }
        else missing++;
      }
    }
    // Then a ring around the view, so that a pan finds its tiles painted.
    let behind = false;
    if (missing === 0 && resting) {
      outer: for (let j = j0 - 1; j <= j1 + 1; j++) {
        for (let i = i0 - 1; i <= i1 + 1; i++) {
          if (i >= i0 && i <= i1 && j >= j0 && j <= j1) continue;
          if (i < 0 || j < 0 || i * TILE >= input.width * scale || j * TILE >= input.height * scale) continue;
          if (ready(level.tiles.get(keyOf(i, j)))) continue;
          if (!ahead || performance.now() - started >= BUDGET_MS) {
            behind = true;
            break outer;
          }
          tiles++;
          if (this.#paintTile(level, i, j, input)?.whole) whole++;
        }
      }
    }
    // On the screen. The view as it was, whole: only what was painted again in the tiles is
    // copied, area by area (the browser repaints only the part of the window a frame drew on, as
    // one box around all it drew: copying whole tiles, or a whole strip, made a keyboard move's
    // frame repaint most of the window); else all of it, the old zoom's tiles scaled where the
    // new ones are missing, then the new.
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const shown = this.#shown;
    const complete = missing === 0 && !shown.partial && !shown.stale;
    const kept = complete && shown.ox === ox && shown.oy === oy && shown.scale === scale && shown.w === w && shown.h === h;
    /** What was copied to the screen again, in screen px (only when `kept`). */
    const copied: Box[] = [];
    if (kept) {
      for (const { key, areas } of fresh) {
        const i = Math.floor(key / 1048576);
        const j = key - i * 1048576;
        const tile = level.tiles.get(key);
        for (const a of areas) {
          const at = { x: i * TILE + ox + a.x, y: j * TILE + oy + a.y, w: a.w, h: a.h };
          ctx.clearRect(at.x, at.y, at.w, at.h);
          if (tile && !tile.blank) ctx.drawImage(tile.canvas, a.x, a.y, a.w, a.h, at.x, at.y, at.w, at.h);
          copied.push(at);
        }
      }
    } else {
      ctx.clearRect(0, 0, w, h);
      if (missing > 0 && this.#old) this.#blitOld(ctx, this.#old, scale, ox, oy, w, h, resting);
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const tile = level.tiles.get(keyOf(i, j));
          if (tile && !tile.blank) ctx.drawImage(tile.canvas, i * TILE + ox, j * TILE + oy);
        }
      }
    }
    const strips = input.strips ?? [];
    // Lines copied scaled while the zoom went on are painted sharp once it rests.
    const same = kept && sameStrips(this.#strips, strips) && !(this.#looseStrips && resting);
    this.#strips = strips;
    if (strips.length > 0 && !same) {
      // The shadows are still on the screen from the last paint: what is under them is copied
      // again first, or each paint would darken them.
      if (kept) {
        for (const strip of strips) {
          const [x, y, sw, sh] = shadowOf(strip, dpr);
          if (sw <= 0 || sh <= 0) continue;
          ctx.save();
          ctx.beginPath();
          ctx.rect(x, y, sw, sh);
          ctx.clip();
          ctx.clearRect(x, y, sw, sh);
          for (let j = Math.floor((y - oy) / TILE); j <= Math.floor((y + sh - 1 - oy) / TILE); j++) {
            for (let i = Math.floor((x - ox) / TILE); i <= Math.floor((x + sw - 1 - ox) / TILE); i++) {
              const tile = level.tiles.get(keyOf(i, j));
              if (tile && !tile.blank) ctx.drawImage(tile.canvas, i * TILE + ox, j * TILE + oy);
            }
          }
          ctx.restore();
        }
      }
      this.#paintStrips(ctx, strips, dpr, resting);
      this.#looseStrips = !resting;
    } else if (strips.length > 0) {
      // The strips are as they were: painted again only inside what was just copied over them
      // (there the shadow is painted over fresh pixels, once); the rest of them is left alone.
      for (const strip of strips) {
        const [x, y, sw, sh] = shadowOf(strip, dpr);
        const { clip } = strip;
        const reach = union({ x: clip.x * dpr, y: clip.y * dpr, w: clip.w * dpr, h: clip.h * dpr }, { x, y, w: sw, h: sh });
        for (const area of copied) if (intersects(reach, area)) this.#paintStrips(ctx, [strip], dpr, resting, area);
      }
      if (!resting && copied.length > 0) this.#looseStrips = true;
    } else this.#looseStrips = false;
    this.#shown = { ox, oy, scale, w, h, partial: missing > 0, stale: false };
    if (tiles > 0 && !ahead) this.last = { ms: performance.now() - started, tiles, whole };
    if (missing === 0) this.#dropOld();
    if (missing > 0 || behind || this.#looseStrips) this.#paintLater();
    this.#evict(level, i0 - KEEP, j0 - KEEP, i1 + KEEP, j1 + KEEP);
    if (missing !== this.missing) {
      this.missing = missing;
      this.onmissing?.(missing);
    }
  }

  /**
   * The stuck strips over the tiles, each clipped to its box, with its shadow; only inside
   * `within` (screen px) if given. Unless `sharp`, lines painted before at another zoom are
   * copied from there, scaled (a zoom goes on).
   */
  #paintStrips(ctx: CanvasRenderingContext2D, strips: readonly Strip[], dpr: number, sharp: boolean, within?: Box): void {
    if (this.#pen?.ctx !== ctx) this.#pen = new ItemPainter(ctx, this.#pictures, this.#atlas);
    const pen = this.#pen;
    pen.loose = !sharp;
    if (within) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(within.x, within.y, within.w, within.h);
      ctx.clip();
    }
    for (const strip of strips) {
      const { clip } = strip;
      const x = Math.round(clip.x * dpr);
      const y = Math.round(clip.y * dpr);
      const w = Math.round((clip.x + clip.w) * dpr) - x;
      const h = Math.round((clip.y + clip.h) * dpr) - y;
      if (w <= 0 || h <= 0) continue;
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, w, h);
      ctx.clip();
      pen.begin(strip.zoom * dpr, Math.round(strip.tx * dpr), Math.round(strip.ty * dpr));
      ctx.globalAlpha = 1;
      for (const item of strip.items) pen.paint(item);
      ctx.restore();
      // A soft shadow from the strip's inner edge.
      const [sx, sy, sw, sh] = shadowOf(strip, dpr);
      const shade = strip.shadow === 'right' ? ctx.createLinearGradient(sx, 0, sx + sw, 0) : ctx.createLinearGradient(0, sy, 0, sy + sh);
      shade.addColorStop(0, 'rgba(16, 24, 40, 0.12)');
      shade.addColorStop(1, 'rgba(16, 24, 40, 0)');
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = shade;
      ctx.fillRect(sx, sy, sw, sh);
    }
    if (within) ctx.restore();
    pen.reset();
  }

  /** Whether a level has every tile in sight painted (worth keeping as the stand-in). */
  #covers(level: Level): boolean {
    for (const tile of level.tiles.values()) if (tile.blank) return false;
    return true;
  }

  /**
   * The old zoom's tiles, scaled to the new. While the zoom goes on they are scaled without
   * smoothing (a copy a third of the time of a smoothed one here: a zoom's frame is the whole
   * window copied again); once it rests, smoothed, until the sharp tiles replace them.
   */
  #blitOld(ctx: CanvasRenderingContext2D, old: Level, scale: number, ox: number, oy: number, w: number, h: number, resting: boolean): void {
    const k = scale / old.scale;
    ctx.imageSmoothingEnabled = resting;
    for (const [key, tile] of old.tiles) {
      if (tile.blank) continue;
      const i = Math.floor(key / 1048576);
      const j = key - i * 1048576;
      const x = i * TILE * k + ox;
      const y = j * TILE * k + oy;
      const side = TILE * k;
      if (x > w || y > h || x + side < 0 || y + side < 0) continue;
      ctx.drawImage(tile.canvas, x, y, side, side);
    }
    ctx.imageSmoothingEnabled = true;
  }

  #evict(level: Level, i0: number, j0: number, i1: number, j1: number): void {
    for (const [key, tile] of level.tiles) {
      const i = Math.floor(key / 1048576);
      const j = key - i * 1048576;
      if (i < i0 || i > i1 || j < j0 || j > j1) {
        release(tile.canvas);
        level.tiles.delete(key);
      }
    }
  }

  /** Lets go of the old zoom's tiles. */
  #dropOld(): void {
    drop(this.#old);
    this.#old = null;
  }

  /** The bitmaps held (for `make bench-editor`): tiles at this zoom and the one before, tiles painted ahead, text atlas pages. */
  held(): { tiles: number; oldTiles: number; spares: number; atlasPages: number; atlasFilled: number } {
    return {
      tiles: this.#level.tiles.size,
      oldTiles: this.#old?.tiles.size ?? 0,
      spares: this.#prepared.reduce((n, p) => n + p.spares.length, 0),
      atlasPages: this.#atlas.pages,
      atlasFilled: this.#atlas.filled,
    };
  }

  /**
   * Paints tile (i, j): whole when blank, else only its damaged boxes. Answers whether it was
   * painted whole and the areas that changed (in the tile's pixels: the damaged boxes when it had
   * any, else the whole tile), or null if it could not be painted.
   */
  #paintTile(level: Level, i: number, j: number, input: TileInput): Painted | null {
    const key = keyOf(i, j);
    let tile = level.tiles.get(key);
    if (!tile) {
      const canvas = document.createElement('canvas');
      canvas.width = TILE;
      canvas.height = TILE;
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      tile = { canvas, ctx, pen: new ItemPainter(ctx, this.#pictures, this.#atlas), damage: null, blank: true, version: 0 };
      level.tiles.set(key, tile);
    }
    tile.version = ++this.#paints;
    const painted = this.#paintInto(tile, level.scale, i, j, input, (card, paint) => this.painted.set(card, paint));
    this.trace?.(i, j, painted.whole);
    return painted;
  }

  /**
   * Paints into `tile`, tile (i, j) at `scale`, what its marks say: whole when blank, else its
   * damaged boxes. Tells `record` what it painted for each card.
   */
  #paintInto(tile: Tile, s: number, i: number, j: number, input: TileInput, record: (card: string, paint: CardPaint) => void): Painted {
    const { ctx, pen } = tile;
    let areas: Box[] = [];
    if (!tile.blank && tile.damage) {
      for (const box of tile.damage) {
        // In the tile's pixels, out to whole pixels (no seam where the repainted part meets the rest).
        const x0 = Math.max(0, Math.floor(box.x * s - i * TILE) - 1);
        const y0 = Math.max(0, Math.floor(box.y * s - j * TILE) - 1);
        const x1 = Math.min(TILE, Math.ceil((box.x + box.w) * s - i * TILE) + 1);
        const y1 = Math.min(TILE, Math.ceil((box.y + box.h) * s - j * TILE) + 1);
        if (x1 > x0 && y1 > y0) areas.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
      }
      areas = merged(areas);
      // Most of the tile: painted whole, once (what changed is still only those areas).
      if (areas.reduce((sum, a) => sum + a.w * a.h, 0) > 0.6 * TILE * TILE) tile.blank = true;
    }
    const changed = tile.damage && areas.length > 0 ? areas : null;
    if (tile.blank || !tile.damage) areas = [{ x: 0, y: 0, w: TILE, h: TILE }];
    const wholly = tile.blank || !tile.damage;
    tile.blank = false;
    tile.damage = null;
    const { drawing, dragging, faded } = input;
    const moving = input.moving ?? null;
    const moved = moving === null ? null : new Set(moving.map((m) => m.card));
    for (const area of areas) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(area.x, area.y, area.w, area.h);
      ctx.beginPath();
      ctx.rect(area.x, area.y, area.w, area.h);
      ctx.clip();
      pen.begin(s, -i * TILE, -j * TILE);
      ctx.fillStyle = input.background;
      ctx.fillRect(0, 0, input.width, input.height);
      const scene: Box = { x: (i * TILE + area.x) / s, y: (j * TILE + area.y) / s, w: area.w / s, h: area.h / s };
      for (const n of drawing.index.query(scene)) {
        const segment = drawing.segments[n]!;
        if (moved !== null && segment.card !== null && moved.has(segment.card)) continue;
        const opacity = segment.card === null ? 1 : segment.card === dragging ? DRAG_OPACITY : faded?.has(segment.card) ? FADED_OPACITY : 1;
        ctx.globalAlpha = opacity;
        let pictures = 0;
        for (const item of segment.items) {
          if (pen.paint(item) && item.type === 'image') {
            pictures++;
            if (!this.#picturesSeen.has(item)) {
              this.#picturesSeen.add(item);
              this.picturesPainted++;
            }
          }
        }
        if (segment.card !== null) record(segment.card, { items: segment.items, opacity, pictures });
      }
      for (const m of moving ?? []) {
        if (!intersects(m.box, scene)) continue;
        ctx.globalAlpha = 1;
        for (const item of m.items) pen.paint(item);
        record(m.card, { items: m.items, opacity: 1, pictures: 0 });
      }
      ctx.restore();
    }
    return { whole: wholly, areas: changed ?? areas };
  }
}
