import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Hit, Item, Scene } from '../bindings';
import { bigMap } from '../testing/bigmap';
import { canvasCalls, paintedTexts, reach, type CanvasBox, type CanvasCall } from '../testing/canvas2d';
import { mapView } from '../testing/fixtures';
import { buildDrawing, type Drawing } from './segments';
import { TILE, TilePainter, type TileInput } from './tiles';

/*
 * The tiles are checked through the recording 2D context of the unit tests
 * (testing/canvas2d.ts): which texts each paint paints, and so which tiles
 * and boxes were painted again. The pixels are the end-to-end tests'.
 */

const W = 1024;
const H = 768;
const big = mapView(bigMap(1500, 'big')).scene;
const cards = big.hits.filter((h): h is Hit & { target: { kind: 'card'; id: string } } => h.target.kind === 'card');

let painters: TilePainter[] = [];
afterEach(() => {
  for (const p of painters) p.destroy();
  painters = [];
});

function input(drawing: Drawing, scene: Scene, more: Partial<TileInput> = {}): TileInput {
  return {
    drawing,
    width: scene.width,
    height: scene.height,
    background: scene.background,
    view: { zoom: 1, x: 0, y: 0 },
    viewWidth: W,
    viewHeight: H,
    dpr: 1,
    dragging: null,
    faded: null,
    ...more,
  };
}

function painter(): { p: TilePainter; target: HTMLCanvasElement } {
  const p = new TilePainter();
  painters.push(p);
  return { p, target: document.createElement('canvas') };
}

/** The texts painted by `run`. */
function textsOf(run: () => void): string[] {
  const from = paintedTexts.length;
  run();
  return paintedTexts.slice(from).map((t) => t.text);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether box `r` lies inside `box` grown by `m` px on each side. */
const within = (r: CanvasBox, box: CanvasBox, m = 2) =>
  r.x >= box.x - m && r.y >= box.y - m && r.x + r.w <= box.x + box.w + m && r.y + r.h <= box.y + box.h + m;

/** The calls that change pixels, each with where it can change them. */
const reaching = (calls: CanvasCall[]) => calls.flatMap((c) => (reach(c) ? [{ ...c, at: reach(c)! }] : []));

describe('the tiles', () => {
  it('paint the cards in sight at once, those far away not, and size the canvas in device pixels', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big, { dpr: 2 }));
    expect([target.width, target.height]).toEqual([2 * W, 2 * H]);
    const near = cards.filter((h) => h.y + h.h < H && h.x + h.w < W);
    const far = cards.filter((h) => h.y > 3 * H);
    expect(near.length).toBeGreaterThan(3);
    expect(near.every((h) => p.painted.has(h.target.id))).toBe(true);
    expect(far.some((h) => p.painted.has(h.target.id))).toBe(false);
    expect(p.missing).toBe(0);
  });

  it('paint nothing in the frame of a pan within the ring painted around the view; the next ring after it', async () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    // The ring around the view is painted over the next frames.
    await wait(200);
    const painted: [number, number][] = [];
    p.trace = (i, j) => painted.push([i, j]);
    p.update(target, input(drawing, big, { view: { zoom: 1, x: -30, y: -50 } }));
    // In sight now: columns 0–4, rows 0–3, all painted ahead before.
    expect(painted).toEqual([]);
    expect(p.missing).toBe(0);
    // After the frame: the next ring out.
    await wait(200);
    expect(painted.length).toBeGreaterThan(0);
    expect(painted.every(([i, j]) => i === 5 || j === 4)).toBe(true);
  });

  it('paint again, after an edit, only the boxes of what it changed', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    const card = cards.find((h) => h.y > 100 && h.y + h.h < H && h.x > 100 && h.x + h.w < W)!;
    // The card's text changes: a new Scene with new items for it alone.
    const items: Item[] = big.items.map((item) =>
      item.type === 'text' && item.x >= card.x && item.x <= card.x + card.w && item.y >= card.y && item.y <= card.y + card.h
        ? { ...item, text: `${item.text} (cambiado)` }
        : item,
    );
    const changed: Scene = { ...big, items };
    const whole: boolean[] = [];
    p.trace = (_i, _j, all) => whole.push(all);
    const texts = textsOf(() => p.update(target, input(buildDrawing(changed, drawing), changed)));
    // Only the card's box, in the tiles it lies in: its own lines, each shaped once (a second tile copies
    // it from the text atlas), nothing around it.
    const lines = items.filter((i) => i.type === 'text' && i.text.endsWith('(cambiado)')).length;
    expect(lines).toBeGreaterThan(0);
    // The tiles the card's box touches, and no other.
    const box = drawing.byCard.get(card.target.id)!.box;
    const span = (a: number, b: number) => Math.floor(b / TILE) - Math.floor(a / TILE) + 1;
    expect(whole.length).toBe(span(box.x, box.x + box.w) * span(box.y, box.y + box.h));
    expect(texts.length).toBe(lines);
    expect(texts.every((t) => t.endsWith('(cambiado)'))).toBe(true);
  });

  it('paint again, after an edit that makes a lane shorter, only the bands\' edges that moved and what changed', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    // The first lane, far taller than the view: its band and its cells' bands end 40 px higher,
    // all below it moves up as much, and a card in sight changes its text.
    const lane = big.hits.find((h) => h.target.kind === 'lane')!;
    const bottom = lane.y + lane.h;
    expect(bottom).toBeGreaterThan(2 * H);
    // A short one: a tile most of which is one card is painted whole.
    const card = cards.find((h) => h.y > 100 && h.y + h.h < H && h.x > 100 && h.x + h.w < W && h.h < 100)!;
    let bands = 0;
    const items: Item[] = big.items.map((item) => {
      if (item.type === 'rect' && item.y <= lane.y + 1 && item.y + item.h === bottom) {
        bands++;
        return { ...item, h: item.h - 40 };
      }
      if (item.type !== 'path' && item.y >= bottom) return { ...item, y: item.y - 40 };
      if (item.type === 'text' && item.x >= card.x && item.x <= card.x + card.w && item.y >= card.y && item.y <= card.y + card.h) {
        return { ...item, text: `${item.text} (más corto)` };
      }
      return item;
    });
    expect(bands).toBeGreaterThan(2);
    const changed: Scene = { ...big, items, height: big.height - 40 };
    const whole: boolean[] = [];
    p.trace = (_i, _j, all) => whole.push(all);
    const nd = buildDrawing(changed, drawing);
    const texts = textsOf(() => p.update(target, input(nd, changed)));
    // In sight: the card alone, in part, in the tiles its box touches; nothing painted whole.
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.every((w) => !w)).toBe(true);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.endsWith('(más corto)'))).toBe(true);
    // A pan down to the lane's end finds the tiles there painted again where the bands end.
    p.trace = null;
    const there = textsOf(() => p.update(target, input(buildDrawing(changed, drawing), changed, { view: { zoom: 1, x: 0, y: -(bottom - H / 2) } })));
    expect(there.length).toBeGreaterThan(0);
  });

  it('copy to the screen, after an edit, only what was painted again; after a pan, the whole view', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    canvasCalls(target);
    const card = cards.find((h) => h.y > 100 && h.y + h.h < H && h.x > 100 && h.x + h.w < W)!;
    const items: Item[] = big.items.map((item) =>
      item.type === 'text' && item.x >= card.x && item.x <= card.x + card.w && item.y >= card.y && item.y <= card.y + card.h
        ? { ...item, text: `${item.text} (otra vez)` }
        : item,
    );
    const changed: Scene = { ...big, items };
    const painted: [number, number][] = [];
    p.trace = (i, j) => painted.push([i, j]);
    const next = buildDrawing(changed, drawing);
    p.update(target, input(next, changed));
    const calls = reaching(canvasCalls(target));
    expect(painted.length).toBeGreaterThan(0);
    // The browser repaints one box around all a frame drew on the canvas: only the card's box
    // is cleared and copied again, in each tile painted again, not the tiles' whole squares.
    const box = next.byCard.get(card.target.id)!.box;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => within(c.at, box))).toBe(true);
    for (const [i, j] of painted) {
      const square = { x: i * TILE, y: j * TILE, w: TILE, h: TILE };
      expect(calls.some((c) => c.op === 'clearRect' && within(c.at, square, 0))).toBe(true);
    }
    p.update(target, input(next, changed, { view: { zoom: 1, x: -40, y: -60 } }));
    expect(canvasCalls(target).find((c) => c.op === 'clearRect')?.args).toEqual([0, 0, W, H]);
  });

  it('paint a dragged card faded in its old place, and a filter fades the cards it names', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    const [a, b] = cards.filter((h) => h.y + h.h < H && h.x + h.w < W);
    p.update(target, input(drawing, big));
    expect(p.painted.get(a!.target.id)?.opacity).toBe(1);
    p.update(target, input(drawing, big, { dragging: a!.target.id }));
    expect(p.painted.get(a!.target.id)?.opacity).toBe(0.35);
    p.update(target, input(drawing, big, { faded: new Set([b!.target.id]) }));
    expect(p.painted.get(a!.target.id)?.opacity).toBe(1);
    expect(p.painted.get(b!.target.id)?.opacity).toBe(0.2);
  });

  it('paint a card a keyboard move takes elsewhere at its new place only, from the items laid out ahead', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    const card = cards.find((h) => h.y > 100 && h.y + h.h < H - 300 && h.x > 100 && h.x + h.w < W)!;
    const own = drawing.byCard.get(card.target.id)!;
    // Its look ahead: its items 250 px down, its text as it would be broken there.
    const items: Item[] = own.items.map((item) =>
      item.type === 'text'
        ? { ...item, x: item.x, y: item.y + 250, text: `${item.text} (allí)` }
        : item.type === 'rect' || item.type === 'icon'
          ? { ...item, y: item.y + 250 }
          : item,
    );
    const box = { x: own.box.x, y: own.box.y + 250, w: own.box.w, h: own.box.h };
    const painted: [number, number][] = [];
    p.trace = (i, j) => painted.push([i, j]);
    canvasCalls(target);
    const texts = textsOf(() =>
      p.update(target, input(drawing, big, { moving: [{ card: card.target.id, items, box, hit: box }] })),
    );
    // On the screen, the key's frame changes only the old place and the new.
    const calls = reaching(canvasCalls(target));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => within(c.at, own.box) || within(c.at, box))).toBe(true);
    // Its lines at the new place; none of them at the old one.
    const lines = items.filter((i) => i.type === 'text').length;
    expect(lines).toBeGreaterThan(0);
    expect(texts.filter((t) => t.endsWith('(allí)')).length).toBeGreaterThanOrEqual(lines);
    const before = own.items.filter((i) => i.type === 'text').map((i) => (i.type === 'text' ? i.text : ''));
    expect(texts.some((t) => before.includes(t))).toBe(false);
    expect(p.painted.get(card.target.id)?.items).toBe(items);
    // Only the tiles the old and the new place touch.
    const touch = (b: { x: number; y: number; w: number; h: number }) => {
      const out: string[] = [];
      for (let i = Math.floor(b.x / TILE); i <= Math.floor((b.x + b.w) / TILE); i++)
        for (let j = Math.floor(b.y / TILE); j <= Math.floor((b.y + b.h) / TILE); j++) out.push(`${i},${j}`);
      return out;
    };
    expect(new Set(painted.map(([i, j]) => `${i},${j}`))).toEqual(new Set([...touch(own.box), ...touch(box)]));
    // The answer: no card moving, the card drawn from the Scene again.
    p.update(target, input(drawing, big));
    expect(p.painted.get(card.target.id)?.items).toBe(own.items);
  });

  it('paint several cards a keyboard edit takes elsewhere at their new places, and leave out those it deletes', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    const [a, b, c] = cards.filter((h) => h.y > 100 && h.y + h.h < H && h.x > 100 && h.x + h.w < W);
    const moved = [a!, b!].map((hit) => {
      const own = drawing.byCard.get(hit.target.id)!;
      const items: Item[] = own.items.map((item) =>
        item.type === 'text' ? { ...item, x: item.x + 280, text: `${item.text} (allí)` } : item.type === 'rect' || item.type === 'icon' ? { ...item, x: item.x + 280 } : item,
      );
      const box = { x: own.box.x + 280, y: own.box.y, w: own.box.w, h: own.box.h };
      return { card: hit.target.id, items, box, hit: box, own };
    });
    const gone = drawing.byCard.get(c!.target.id)!;
    canvasCalls(target);
    const texts = textsOf(() =>
      p.update(target, input(drawing, big, { moving: [...moved.map(({ own: _, ...m }) => m), { card: c!.target.id, items: [], box: gone.box, hit: gone.box }] })),
    );
    // Each moved card's lines at its new place, none at the old; the deleted card's lines nowhere.
    for (const { own, items, card } of moved) {
      expect(p.painted.get(card)?.items).toBe(items);
      const was = own.items.flatMap((i) => (i.type === 'text' ? [i.text] : []));
      expect(was.length).toBeGreaterThan(0);
      expect(texts.filter((t) => was.some((w) => t === `${w} (allí)`)).length).toBeGreaterThanOrEqual(was.length);
      expect(texts.some((t) => was.includes(t))).toBe(false);
    }
    const deleted = gone.items.flatMap((i) => (i.type === 'text' ? [i.text] : []));
    expect(texts.some((t) => deleted.includes(t))).toBe(false);
    expect(p.painted.get(c!.target.id)?.items).toEqual([]);
    // The answer: nothing moving, each card drawn from the Scene again.
    p.update(target, input(drawing, big));
    for (const { own, card } of moved) expect(p.painted.get(card)?.items).toBe(own.items);
    expect(p.painted.get(c!.target.id)?.items).toBe(gone.items);
  });

  it('paint what a pan brings into sight in the same frame', () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    const below = cards.find((h) => h.y > 2 * H && h.x + h.w < W)!;
    expect(p.painted.has(below.target.id)).toBe(false);
    p.update(target, input(drawing, big, { view: { zoom: 1, x: 0, y: -(below.y - 10) } }));
    expect(p.painted.has(below.target.id)).toBe(true);
    expect(p.missing).toBe(0);
  });

  it('show the old tiles while a zoom goes on, and paint sharp ones once it rests', async () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    p.update(target, input(drawing, big));
    const missing: number[] = [];
    p.onmissing = (n) => missing.push(n);
    const texts = textsOf(() => p.update(target, input(drawing, big, { view: { zoom: 0.5, x: 0, y: 0 } })));
    // Nothing painted at the new zoom yet: the tiles at 100 % stand in.
    expect(texts).toEqual([]);
    expect(p.missing).toBeGreaterThan(0);
    for (let i = 0; i < 100 && p.missing > 0; i++) await wait(20);
    expect(p.missing).toBe(0);
    expect(missing.at(-1)).toBe(0);
    const seen = cards.filter((h) => (h.y + h.h) * 0.5 < H && (h.x + h.w) * 0.5 < W);
    expect(seen.every((h) => p.painted.has(h.target.id))).toBe(true);
  });

  it('while a zoom goes on, copy the old tiles unsmoothed and the strips\' lines scaled from where they were painted; sharp once it rests', async () => {
    const { p, target } = painter();
    const drawing = buildDrawing(big);
    const lines = big.items.filter((i): i is Extract<Item, { type: 'text' }> => i.type === 'text' && i.x < 280 && i.y < H).slice(0, 6);
    expect(lines.length).toBe(6);
    const strip = (zoom: number) => ({ clip: { x: 0, y: 0, w: 300 * zoom, h: H }, zoom, tx: 0, ty: 0, items: lines, shadow: 'right' as const });
    const names = lines.map((l) => l.text);
    const first = textsOf(() => p.update(target, input(drawing, big, { strips: [strip(1)] })));
    expect(first).toEqual(expect.arrayContaining(names));
    canvasCalls(target);
    /** A zoom's frame: its texts painted, the old tiles' copies and the lines' copies on the screen. */
    const frame = (zoom: number) => {
      const texts = textsOf(() => p.update(target, input(drawing, big, { view: { zoom, x: 0, y: 0 }, strips: [strip(zoom)] })));
      const copies = canvasCalls(target).filter((c) => c.op === 'drawImage');
      const width = (c: CanvasCall) => (c.args[0] as HTMLCanvasElement).width;
      return { texts, tiles: copies.filter((c) => width(c) === TILE), lines: copies.filter((c) => width(c) !== TILE && c.args.length === 9) };
    };
    for (const zoom of [1.1, 1.2, 1.3]) {
      const f = frame(zoom);
      // Nothing painted anew at a scale the zoom only passes through: not a tile, not a line.
      expect(f.texts).toEqual([]);
      expect(f.tiles.length).toBeGreaterThan(4);
      expect(f.tiles.every((c) => !c.smooth)).toBe(true);
      // Each line copied from its sprite at 100 %, scaled to this zoom.
      expect(f.lines.length).toBe(lines.length);
      for (const c of f.lines) {
        const n = c.args.map(Number);
        expect(n[7]! / n[3]!).toBeCloseTo(zoom, 6);
        expect(n[8]! / n[4]!).toBeCloseTo(zoom, 6);
      }
    }
    // At rest: sharp tiles, and the lines painted at the new scale (the strips whole, though the view did not move).
    const rested: string[] = [];
    const from = paintedTexts.length;
    for (let i = 0; i < 100 && (p.missing > 0 || paintedTexts.length === from); i++) await wait(20);
    await wait(100);
    rested.push(...paintedTexts.slice(from).map((t) => t.text));
    expect(p.missing).toBe(0);
    expect(rested).toEqual(expect.arrayContaining(names));
    const after = canvasCalls(target).filter((c) => c.op === 'drawImage');
    expect(after.every((c) => c.smooth)).toBe(true);
    expect(after.some((c) => (c.args[0] as HTMLCanvasElement).width !== TILE && c.args.length === 9 && Number(c.args[7]) === Number(c.args[3]))).toBe(true);
    // And nothing more is painted while nothing changes.
    canvasCalls(target);
    await wait(200);
    expect(canvasCalls(target)).toEqual([]);
  });

  it('paint the stuck strips again only where what is under them was copied again, their shadow once over it', () => {
    const { p, target } = painter();
    const strip = { clip: { x: 0, y: 0, w: 300, h: H }, zoom: 1, tx: 0, ty: 0, items: [], shadow: 'right' as const };
    const shadow = { x: 300, y: 0, w: 6, h: H };
    let drawing = buildDrawing(big);
    let scene = big;
    p.update(target, input(drawing, scene, { strips: [strip] }));
    /** The calls of a paint after card `card`'s text changed, and the card's box. */
    const edit = (card: (typeof cards)[number], text: string) => {
      const items: Item[] = scene.items.map((item) =>
        item.type === 'text' && item.x >= card.x && item.x <= card.x + card.w && item.y >= card.y && item.y <= card.y + card.h
          ? { ...item, text: `${item.text} ${text}` }
          : item,
      );
      scene = { ...scene, items };
      drawing = buildDrawing(scene, drawing);
      canvasCalls(target);
      p.update(target, input(drawing, scene, { strips: [{ ...strip, items: [] }] }));
      return { calls: reaching(canvasCalls(target)), box: drawing.byCard.get(card.target.id)!.box };
    };
    const inView = cards.filter((h) => h.y > 100 && h.y + h.h < H);
    // Away from the strip: only the card is copied, the strip is left as it is on the screen.
    const away = edit(inView.find((h) => h.x > 3 * TILE)!, '(lejos)');
    expect(away.calls.some((c) => c.op === 'drawImage')).toBe(true);
    expect(away.calls.some((c) => c.op === 'fillRect')).toBe(false);
    // A card under the strip's shadow: the strip and its shadow painted again, but only inside
    // what was just copied there (nothing else of them is touched), and the shadow after the
    // copy, so that it falls once over fresh pixels and never darkens.
    const under = inView.find((h) => h.x < shadow.x + shadow.w && h.x + h.w > shadow.x)!;
    expect(under).toBeDefined();
    const near = edit(under, '(cerca)');
    expect(near.calls.every((c) => within(c.at, near.box))).toBe(true);
    const shaded = near.calls.findIndex((c) => c.op === 'fillRect' && within(c.at, shadow, 0));
    expect(shaded).toBeGreaterThan(0);
    const shade = near.calls[shaded]!.at;
    const copiedFirst = near.calls
      .slice(0, shaded)
      .some((c) => c.op === 'drawImage' && within(shade, c.at, 0));
    expect(copiedFirst).toBe(true);
  });

  /** The big map with the text of a card in sight changed (`mark` after it): the Scene and the card. */
  function retexted(mark: string): { changed: Scene; card: (typeof cards)[number] } {
    const card = cards.find((h) => h.y > 100 && h.y + h.h < H && h.x > 100 && h.x + h.w < W)!;
    const items: Item[] = big.items.map((item) =>
      item.type === 'text' && item.x >= card.x && item.x <= card.x + card.w && item.y >= card.y && item.y <= card.y + card.h
        ? { ...item, text: `${item.text} ${mark}` }
        : item,
    );
    return { changed: { ...big, items }, card };
  }

  it('paint ahead, into spare bitmaps, the tiles a drawing not shown yet changes, and swap them in when it is shown', () => {
    const drawing = buildDrawing(big);
    const { changed, card } = retexted('(antes de la tecla)');
    const next = buildDrawing(changed, drawing);
    // What the key paints when nothing was painted ahead: these tiles, these lines.
    const plain = painter();
    plain.p.update(plain.target, input(drawing, big));
    const atKey: [number, number, boolean][] = [];
    plain.p.trace = (i, j, whole) => atKey.push([i, j, whole]);
    const keyTexts = textsOf(() => plain.p.update(plain.target, input(next, changed)));
    expect(keyTexts.length).toBeGreaterThan(0);

    const { p, target } = painter();
    p.update(target, input(drawing, big));
    const traced: [number, number, boolean][] = [];
    p.trace = (i, j, whole) => traced.push([i, j, whole]);
    canvasCalls(target);
    // While the person rests: the same lines painted, into spares; the screen and the tiles shown untouched.
    expect(textsOf(() => p.prepare(next, changed))).toEqual(keyTexts);
    expect(p.held().spares).toBe(atKey.length);
    expect(traced).toEqual([]);
    expect(canvasCalls(target)).toEqual([]);
    expect(p.painted.get(card.target.id)?.items).toBe(drawing.byCard.get(card.target.id)!.items);
    // Asked again for the same drawing: nothing more.
    expect(textsOf(() => p.prepare(next, changed))).toEqual([]);
    expect(p.held().spares).toBe(atKey.length);

    // The key: no tile painted, the spares swapped in, and only where the card changed copied to the screen.
    p.update(target, input(next, changed));
    expect(traced).toEqual([]);
    expect(p.swaps).toBe(1);
    expect(p.painted.get(card.target.id)?.items).toBe(next.byCard.get(card.target.id)!.items);
    expect(p.held().spares).toBe(0);
    const calls = reaching(canvasCalls(target));
    const box = next.byCard.get(card.target.id)!.box;
    expect(calls.some((c) => c.op === 'drawImage')).toBe(true);
    expect(calls.every((c) => within(c.at, box))).toBe(true);
  });

  it('paint ahead, while a card is dragged, the tiles its drop shows: the card no longer faded', () => {
    const drawing = buildDrawing(big);
    const { changed, card } = retexted('(soltada)');
    const next = buildDrawing(changed, drawing);
    const id = card.target.id;
    // What the drop paints when nothing was painted ahead: from the tiles with the card faded, to the new drawing.
    const plain = painter();
    plain.p.update(plain.target, input(drawing, big, { dragging: id }));
    const dropTexts = textsOf(() => plain.p.update(plain.target, input(next, changed)));
    expect(dropTexts.length).toBeGreaterThan(0);

    const { p, target } = painter();
    p.update(target, input(drawing, big, { dragging: id }));
    expect(p.painted.get(id)?.opacity).toBeLessThan(1);
    expect(textsOf(() => p.prepare(next, changed))).toEqual(dropTexts);
    const traced: [number, number][] = [];
    p.trace = (i, j) => traced.push([i, j]);
    // The pointer moves on (the card still dragged): the spares are kept.
    p.update(target, input(drawing, big, { dragging: id, view: { zoom: 1, x: -4, y: 0 } }));
    expect(p.held().spares).toBeGreaterThan(0);
    traced.length = 0;
    // Let go: no tile painted, the card at full strength from the spares.
    p.update(target, input(next, changed, { view: { zoom: 1, x: -4, y: 0 } }));
    expect(traced).toEqual([]);
    expect(p.swaps).toBe(1);
    expect(p.painted.get(id)).toMatchObject({ items: next.byCard.get(id)!.items, opacity: 1 });
  });

  it('paint at the key what was painted ahead from tiles painted again since, or for another drawing', () => {
    const drawing = buildDrawing(big);
    const { changed, card } = retexted('(a tiempo)');
    const next = buildDrawing(changed, drawing);
    const { p, target } = painter();
    p.update(target, input(drawing, big));
    p.prepare(next, changed);
    const spares = p.held().spares;
    expect(spares).toBeGreaterThan(0);
    const traced: [number, number][] = [];
    p.trace = (i, j) => traced.push([i, j]);
    // A pan leaves the tiles as they are: what was painted ahead still serves.
    p.update(target, input(drawing, big, { view: { zoom: 1, x: -8, y: -8 } }));
    expect(p.held().spares).toBe(spares);
    traced.length = 0;
    p.update(target, input(next, changed, { view: { zoom: 1, x: -8, y: -8 } }));
    expect(traced).toEqual([]);
    expect(p.swaps).toBe(1);

    // The card dragged and put back meanwhile: its tiles were painted again, their spares are stale.
    const second = retexted('(tarde)');
    const later = buildDrawing(second.changed, next);
    p.update(target, input(next, changed));
    p.prepare(later, second.changed);
    expect(p.held().spares).toBeGreaterThan(0);
    p.update(target, input(next, changed, { dragging: card.target.id }));
    p.update(target, input(next, changed));
    traced.length = 0;
    p.update(target, input(later, second.changed));
    expect(traced.length).toBeGreaterThan(0);
    expect(p.swaps).toBe(1);
    expect(p.painted.get(card.target.id)?.items).toBe(later.byCard.get(card.target.id)!.items);
    // Another drawing shown: the spares made for the one before are let go.
    expect(p.held().spares).toBe(0);
  });

  it('paint ahead again, when asked again, the spares whose tiles were painted since', () => {
    const drawing = buildDrawing(big);
    const { changed, card } = retexted('(de nuevo)');
    const next = buildDrawing(changed, drawing);
    const { p, target } = painter();
    p.update(target, input(drawing, big));
    p.prepare(next, changed);
    const spares = p.held().spares;
    // The card dragged and put back: its tiles painted again, the spares stale; asked again, painted again.
    p.update(target, input(drawing, big, { dragging: card.target.id }));
    p.update(target, input(drawing, big));
    p.prepare(next, changed);
    expect(p.held().spares).toBe(spares);
    const traced: [number, number][] = [];
    p.trace = (i, j) => traced.push([i, j]);
    p.update(target, input(next, changed));
    expect(traced).toEqual([]);
    expect(p.swaps).toBe(1);
    expect(p.painted.get(card.target.id)?.items).toBe(next.byCard.get(card.target.id)!.items);
  });

  it('paint the paper over the Scene only, in tiles of TILE device pixels', () => {
    expect(TILE).toBeGreaterThanOrEqual(128);
    const small = mapView().scene;
    const { p, target } = painter();
    p.update(target, input(buildDrawing(small), small));
    expect(p.missing).toBe(0);
    const texts = new Set(paintedTexts.map((t) => t.text));
    expect(small.items.filter((i) => i.type === 'text').every((i) => texts.has(i.text))).toBe(true);
  });

  it('let go of the bitmaps they drop at once: tiles panned away from, the old zoom once the new is painted, all when destroyed', async () => {
    const made: HTMLCanvasElement[] = [];
    const create = document.createElement.bind(document);
    const spy = vi.spyOn(document, 'createElement').mockImplementation((tag: string, options?: ElementCreationOptions) => {
      const element = create(tag, options);
      if (tag === 'canvas') made.push(element as HTMLCanvasElement);
      return element;
    });
    try {
      const { p, target } = painter();
      const drawing = buildDrawing(big);
      // Bitmaps still sized: every one the painter holds, and no other.
      const live = () => made.filter((c) => c !== target && c.width > 0 && c.height > 0).length;
      const held = () => {
        const h = p.held();
        return h.tiles + h.oldTiles + h.spares + h.atlasPages;
      };
      p.update(target, input(drawing, big));
      await wait(200);
      const first = p.held().tiles;
      expect(first).toBeGreaterThan(0);
      expect(p.held().atlasPages).toBeGreaterThan(0);
      expect(live()).toBe(held());
      // A drawing not shown yet: the tiles it changes painted ahead, held as spares.
      const { changed } = retexted('(suelto)');
      p.prepare(buildDrawing(changed, drawing), changed);
      expect(p.held().spares).toBeGreaterThan(0);
      expect(live()).toBe(held());
      // Far down the map: the tiles up there are let go.
      p.update(target, input(drawing, big, { view: { zoom: 1, x: 0, y: -6 * H } }));
      await wait(200);
      expect(made.filter((c) => c !== target).length).toBeGreaterThan(held());
      expect(live()).toBe(held());
      // Zoomed: the old tiles stand in, then go once the new ones are painted.
      p.update(target, input(drawing, big, { view: { zoom: 0.5, x: 0, y: -3 * H } }));
      expect(p.held().oldTiles).toBeGreaterThan(0);
      expect(live()).toBe(held());
      for (let i = 0; i < 100 && p.missing > 0; i++) await wait(20);
      expect(p.missing).toBe(0);
      expect(p.held().oldTiles).toBe(0);
      expect(live()).toBe(held());
      p.destroy();
      expect(p.held()).toEqual({ tiles: 0, oldTiles: 0, spares: 0, atlasPages: 0, atlasFilled: 0 });
      expect(live()).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
