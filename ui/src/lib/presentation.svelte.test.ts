import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { Hit, JourneyMap, Persona, Scene } from './bindings';
import type { Box } from './canvas/geometry';
import { buildDrawing, type Segment } from './canvas/segments';
import {
  easeOut,
  MAX_PRESENT_ZOOM,
  Presentation,
  presentFrame,
  presentKey,
  presentLayout,
  READABLE_ZOOM,
  stageExtent,
  stageMarks,
  startStage,
  stripParts,
  tweenFrame,
  wheelScroll,
} from './presentation.svelte';
import { bigMap } from './testing/bigmap';
import { settle } from './testing/fixtures';
import { sampleMap } from './testing/maps';
import { openView } from './testing/answers';

const map = sampleMap();
const scene = openView(map).scene;
const hitOf = (pred: (h: Hit) => boolean) => scene.hits.find(pred)!;

describe('stageExtent', () => {
  it('spans the stage header and all its cells, and nothing of the other stages', () => {
    const header = hitOf((h) => h.target.kind === 'stage' && h.target.id === 's2');
    const cells = scene.hits.filter((h) => h.target.kind === 'cell' && h.target.stage === 's2');
    const last = cells.at(-1)!;
    // The header is the top; the last lane's cell is the bottom; the column is as wide as both.
    expect(stageExtent(scene.hits, 's2')).toEqual({ x: header.x, y: header.y, w: header.w, h: last.y + last.h - header.y });
    const s1 = stageExtent(scene.hits, 's1')!;
    const s2 = stageExtent(scene.hits, 's2')!;
    expect(s1.x + s1.w).toBeLessThan(s2.x);
  });

  it('is the union of whatever regions there are (an emotion point column taller than its cell included)', () => {
    const hits: Hit[] = [
      { target: { kind: 'stage', id: 'a' }, x: 100, y: 10, w: 50, h: 20 },
      { target: { kind: 'cell', stage: 'a', lane: 'l' }, x: 100, y: 40, w: 50, h: 30 },
      { target: { kind: 'point', stage: 'a', lane: 'e' }, x: 98, y: 80, w: 54, h: 40 },
      { target: { kind: 'cell', stage: 'b', lane: 'l' }, x: 200, y: 40, w: 50, h: 300 },
    ];
    expect(stageExtent(hits, 'a')).toEqual({ x: 98, y: 10, w: 54, h: 110 });
    expect(stageExtent(hits, 'nope')).toBeNull();
  });
});

/** Screens the presentation is made for: a 16:9 projector and a small window (less the footer, about 80 px). */
const PROJECTOR = { w: 1920, h: 1000 };
const WINDOW = { w: 1024, h: 560 };
const SCREENS = [PROJECTOR, WINDOW];

const ANA: Persona = { id: 'p-ana', name: 'Ana', role: 'Dueña', goals: ['Vender más'], channels: ['store'] };
const LUIS: Persona = { id: 'p-luis', name: 'Luis' };
/** The sample map with two personas, as the personas drawer's tests open it. */
const withPersonas: JourneyMap = { ...sampleMap(), personas: [ANA, LUIS] };
const personaScene = openView(withPersonas).scene;
/** The benchmark map: 12 stages, 10 lanes, 300 cards; more than eight thousand px tall. */
const big = bigMap(300);
const bigScene = openView(big).scene;

const ids = (m: JourneyMap) => m.stages.map((s) => s.id);
/** Where a Scene box is on screen, the Scene at `zoom` moved by (x, y). */
const screenOf = (b: Box, zoom: number, x: number, y: number): Box => ({
  x: x + b.x * zoom,
  y: y + b.y * zoom,
  w: b.w * zoom,
  h: b.h * zoom,
});
/** `inner` lies within `outer` (a pixel of slack for rounding). */
const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.w <= outer.x + outer.w + 1 &&
  inner.y + inner.h <= outer.y + outer.h + 1;
const expectBox = (a: Box, b: Box) => (['x', 'y', 'w', 'h'] as const).forEach((k) => expect(a[k]).toBeCloseTo(b[k]));
const screenBox = (s: { w: number; h: number }): Box => ({ x: 0, y: 0, w: s.w, h: s.h });

/**
 * A Scene laid out like Rust's poster (40 px margin, 248 px columns 12 apart
 * from grid_left, the header band's bar 218 tall with the title at its left
 * and `personas` cards of 360 at its right), `n` stages wide and three lanes
 * tall: a map too wide to show whole at a readable size.
 */
function wideScene(n: number, personas: number, titleWidth = 314): Scene {
  const width = 248 + n * 260 - 12 + 40;
  const lanes = [310, 422, 534];
  const hits: Hit[] = [{ target: { kind: 'title' }, x: 40, y: 40, w: width - 80 - personas * 372, h: 40 }];
  for (let p = 0; p < personas; p++) {
    hits.push({ target: { kind: 'persona', id: `p${p}` }, x: width - 40 - (personas - p) * 372 + 12, y: 40, w: 360, h: 138 });
  }
  for (let i = 0; i < n; i++) hits.push({ target: { kind: 'stage', id: `s${i}` }, x: 248 + i * 260, y: 242, w: 248, h: 56 });
  lanes.forEach((y, l) => {
    hits.push({ target: { kind: 'lane', id: `l${l}` }, x: 40, y, w: 196, h: 100 });
    for (let i = 0; i < n; i++) hits.push({ target: { kind: 'cell', stage: `s${i}`, lane: `l${l}` }, x: 248 + i * 260, y, w: 248, h: 100 });
  });
  return {
    width,
    height: 674,
    background: '#FFFFFF',
    items: [
      { type: 'rect', x: 0, y: 0, w: width, h: 218, r: 0, fill: '#1F3A60', stroke_width: 0 },
      { type: 'text', x: 40, y: 71, w: titleWidth, text: 'Título', size: 32, weight: 700, color: '#FFFFFF', rtl: false },
      { type: 'text', x: 40, y: 100, w: 130, text: '5 tarjetas', size: 12, weight: 400, color: '#BCC4CF', rtl: false },
    ],
    hits,
    warnings: [],
    min_font_size: 12,
    grid_left: 248,
    grid_top: 310,
  };
}
const wideIds = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

describe('presentLayout', () => {
  it('reads the header band, the lane column and the stages off the Scene', () => {
    const layout = presentLayout(scene, ids(map));
    const heads = scene.hits.filter((h) => h.target.kind === 'stage');
    // The band runs down to the stage headers, below its coloured bar (the Scene's first rectangle, across the whole Scene).
    expect(layout.band).toBe(Math.min(...heads.map((h) => h.y)));
    expect(scene.items[0]).toMatchObject({ type: 'rect', x: 0, y: 0, w: scene.width });
    expect((scene.items[0] as { h: number }).h).toBeLessThan(layout.band);
    // The title block ends 40 px (the paper's margin) after the band's longest line: the title here.
    const lines = scene.items.filter((i) => i.type === 'text' && i.y < layout.band);
    const longest = Math.max(...lines.map((i) => (i.type === 'text' ? i.x + i.w : 0)));
    expect(layout.titleRight).toBeCloseTo(longest + 40);
    expect(layout.personasLeft).toBeNull();
    expect(layout.gridLeft).toBe(scene.grid_left);
    expect(layout.stages).toEqual(ids(map).map((id) => stageExtent(scene.hits, id)));
    expect(layout.pitch).toBe(layout.stages[1]!.x - layout.stages[0]!.x);
  });

  it('finds the personas at the band’s right, clear of the title block', () => {
    const layout = presentLayout(personaScene, ids(withPersonas));
    const cards = personaScene.hits.filter((h) => h.target.kind === 'persona');
    expect(cards).toHaveLength(2);
    expect(layout.personasLeft).toBe(Math.min(...cards.map((h) => h.x)) - 40);
    expect(layout.titleRight).toBeLessThanOrEqual(layout.personasLeft!);
    // The personas make the band taller: it still ends at the stage headers.
    expect(layout.band).toBeGreaterThan(presentLayout(scene, ids(map)).band);
    expect(layout.band).toBeGreaterThanOrEqual(Math.max(...cards.map((h) => h.y + h.h)));
  });
});

describe('presentFrame', () => {
  it('fits the whole map when it is readable so (the sample, with and without personas, on a projector and in a window)', () => {
    for (const [sc, m] of [
      [scene, map],
      [personaScene, withPersonas],
    ] as const) {
      const layout = presentLayout(sc, ids(m));
      for (const screen of SCREENS) {
        const frames = m.stages.map((_, i) => presentFrame(layout, i, screen.w, screen.h));
        const f = frames[0]!;
        const fit = Math.min((screen.w - 64) / sc.width, (screen.h - 64) / sc.height);
        expect(fit).toBeGreaterThanOrEqual(READABLE_ZOOM);
        expect(f.zoom).toBeCloseTo(fit);
        // The whole Scene is on screen, centred, 32 px or more from the edges.
        const whole = screenOf({ x: 0, y: 0, w: sc.width, h: sc.height }, f.zoom, f.x, f.y);
        expect(whole.x).toBeCloseTo((screen.w - whole.w) / 2);
        expect(whole.y).toBeCloseTo((screen.h - whole.h) / 2);
        expect(within(whole, { x: 32, y: 32, w: screen.w - 64, h: screen.h - 64 })).toBe(true);
        expectBox(f.sheet, whole);
        // The strips are where the Scene has its header band and lane column: nothing is moved.
        const moved = [f.head.zoom - f.zoom, f.head.titleX - f.x, f.head.personasX - f.x, f.lanesX - f.x, f.head.y - f.y, f.rowY - f.y];
        moved.forEach((d) => expect(d).toBeCloseTo(0));
        // The stage header row is below the band, the lane column below the row, as in the Scene.
        expect(f.row.y).toBeCloseTo(f.y + layout.band * f.zoom);
        expect(f.lanes.y).toBeCloseTo(f.y + layout.gridTop * f.zoom);
        for (const [i, g] of frames.entries()) {
          // Only the spotlight moves from stage to stage.
          expect({ ...g, box: null }).toEqual({ ...f, box: null });
          expect(g.box).toEqual(screenOf(layout.stages[i]!, f.zoom, f.x, f.y));
        }
      }
    }
  });

  it('shows the title and the personas in every frame, at full size when the map fits', () => {
    const layout = presentLayout(personaScene, ids(withPersonas));
    for (const screen of SCREENS) {
      for (let i = 0; i < 3; i++) {
        const f = presentFrame(layout, i, screen.w, screen.h);
        // The title's box (as wide as the band leaves it) is in the band, on screen; its line is in the title block.
        const title = personaScene.hits.find((h) => h.target.kind === 'title')!;
        expect(within(screenOf(title, f.head.zoom, f.head.titleX, f.head.y), f.head.box)).toBe(true);
        expect(within(f.head.box, screenBox(screen))).toBe(true);
        const line = personaScene.items.find((it) => it.type === 'text' && it.x === title.x)!;
        expect(line).toMatchObject({ type: 'text', text: 'Panadería del barrio' });
        const lineBox = { x: title.x, y: title.y, w: (line as { w: number }).w, h: title.h };
        expect(within(screenOf(lineBox, f.head.zoom, f.head.titleX, f.head.y), f.head.title)).toBe(true);
        expect(within(f.head.title, screenBox(screen))).toBe(true);
        for (const p of personaScene.hits.filter((h) => h.target.kind === 'persona')) {
          expect(within(screenOf(p, f.head.zoom, f.head.personasX, f.head.y), f.head.personas)).toBe(true);
        }
        expect(within(f.head.personas, screenBox(screen))).toBe(true);
        // Title block and persona block side by side, not over each other.
        expect(f.head.title.x + f.head.title.w).toBeLessThanOrEqual(f.head.personas.x + 0.5);
      }
    }
  });

  it('shows a map too wide to fit readably stage by stage: the stage in front centred, a neighbour in full on each side', () => {
    const n = 14;
    const layout = presentLayout(wideScene(n, 3), wideIds(n));
    let centred = 0;
    for (const screen of SCREENS) {
      const first = presentFrame(layout, 0, screen.w, screen.h);
      // Readable, and larger than fitting the whole map would be.
      expect(first.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
      expect(first.zoom).toBeGreaterThan((screen.w - 64) / layout.width);
      // The lanes are not cut: the map's height fits, centred.
      expect(first.sheet.h).toBeCloseTo(layout.band * first.head.zoom + (layout.height - layout.band) * first.zoom);
      expect(first.sheet.y).toBeCloseTo((screen.h - first.sheet.h) / 2);
      for (let i = 1; i < n - 1; i++) {
        const f = presentFrame(layout, i, screen.w, screen.h);
        expect(f.zoom).toBe(first.zoom);
        // The sheet runs across the whole screen; the stage in front is centred right of the lane column.
        expect(f.sheet.x).toBe(0);
        expect(f.sheet.w).toBe(screen.w);
        const lanesRight = f.lanes.x + f.lanes.w;
        const off = f.box.x + f.box.w / 2 - (lanesRight + screen.w) / 2;
        const clamped = f.x === 0 || Math.abs(f.x + layout.width * f.zoom - screen.w) < 1e-6;
        if (!clamped) {
          expect(Math.abs(off)).toBeLessThan(0.5);
          centred++;
        }
        // Both neighbours are in view, whole, between the lane column and the screen's right edge.
        for (const j of [i - 1, i + 1]) {
          const nb = screenOf(layout.stages[j]!, f.zoom, f.x, f.y);
          expect(nb.x).toBeGreaterThanOrEqual(lanesRight - 0.5);
          expect(nb.x + nb.w).toBeLessThanOrEqual(screen.w + 0.5);
        }
      }
    }
    // Only the stages near the map's ends are not centred (the map is not moved past its edges).
    expect(centred).toBeGreaterThanOrEqual(2 * (n - 6));
  });

  it('leaves no black band at the map’s ends: the lane column and the first stage at the left, the last stage at the right', () => {
    const n = 14;
    const layout = presentLayout(wideScene(n, 0), wideIds(n));
    for (const screen of SCREENS) {
      const f = presentFrame(layout, 0, screen.w, screen.h);
      // The Scene's left edge is the screen's: the lane column is where the Scene has it, the first stage right after it.
      expect(f.x).toBe(0);
      expect(f.lanesX).toBe(f.x);
      expect(f.box.x).toBeCloseTo(layout.gridLeft * f.zoom);
      expect(f.box.x + f.box.w).toBeLessThan(screen.w / 2);
      const last = presentFrame(layout, n - 1, screen.w, screen.h);
      expect(last.x + layout.width * last.zoom).toBeCloseTo(screen.w);
      expect(last.box.x + last.box.w).toBeLessThanOrEqual(screen.w);
      // The lane column stays at the left, with the stages passing under it.
      expect(last.lanes.x).toBe(0);
      expect(last.lanesX).toBe(0);
      expect(last.x).toBeLessThan(-1000);
    }
  });

  it('keeps the title and the personas in sight at every stage of a wide map, side by side', () => {
    const n = 14;
    const wide = wideScene(n, 3);
    const layout = presentLayout(wide, wideIds(n));
    const title = wide.items[1]!;
    for (const screen of SCREENS) {
      for (let i = 0; i < n; i++) {
        const f = presentFrame(layout, i, screen.w, screen.h);
        // The band is at the top of the sheet, on screen, in full.
        expect(f.head.box.y).toBe(f.sheet.y);
        expect(within(f.head.box, screenBox(screen))).toBe(true);
        // The title's line is inside the title block, which is on screen; the personas are at the right.
        const line = screenOf({ x: 40, y: 40, w: (title as { w: number }).w, h: 40 }, f.head.zoom, f.head.titleX, f.head.y);
        expect(within(line, f.head.title)).toBe(true);
        expect(within(f.head.title, screenBox(screen))).toBe(true);
        for (const p of wide.hits.filter((h) => h.target.kind === 'persona')) {
          expect(within(screenOf(p, f.head.zoom, f.head.personasX, f.head.y), screenBox(screen))).toBe(true);
        }
        expect(f.head.personas.x + f.head.personas.w).toBeCloseTo(screen.w);
        expect(f.head.title.x + f.head.title.w).toBeLessThanOrEqual(f.head.personas.x + 0.5);
      }
    }
    // In the window, three personas and the title do not fit at the map's zoom: the band is drawn smaller, to fit.
    const f = presentFrame(layout, 5, WINDOW.w, WINDOW.h);
    expect(f.head.zoom).toBeLessThan(f.zoom);
    expect(f.head.zoom).toBeCloseTo(WINDOW.w / (layout.titleRight + layout.width - layout.personasLeft!));
  });

  it('cuts a title too long for the band rather than shrinking it past half the map’s zoom', () => {
    const n = 14;
    const layout = presentLayout(wideScene(n, 3, 2400), wideIds(n));
    const f = presentFrame(layout, 4, WINDOW.w, WINDOW.h);
    expect(f.head.zoom).toBeCloseTo(f.zoom / 2);
    expect(f.head.title.w).toBeCloseTo(WINDOW.w - f.head.personas.w);
    expect(f.head.personas.w).toBeCloseTo((layout.width - layout.personasLeft!) * f.head.zoom);
  });

  it('starts a map taller than the screen at its top, and scrolls its lanes under the band and the stages’ names', () => {
    const layout = presentLayout(bigScene, ids(big));
    for (const screen of SCREENS) {
      const f = presentFrame(layout, 5, screen.w, screen.h);
      expect(f.zoom).toBeCloseTo(READABLE_ZOOM);
      expect(f.sheet.y).toBe(32);
      expect(f.sheet.y + f.sheet.h).toBe(screen.h);
      // The Scene's top (the band) is at the sheet's top.
      expect(f.y).toBe(f.sheet.y);
      const title = bigScene.hits.find((h) => h.target.kind === 'title')!;
      expect(within(screenOf({ ...title, w: 300 }, f.head.zoom, f.head.titleX, f.head.y), screenBox(screen))).toBe(true);
      // It scrolls as far as the Scene's bottom reaching the screen's, and no further.
      const tall = layout.band * f.head.zoom + (layout.height - layout.band) * f.zoom;
      expect(f.scrollMax).toBeCloseTo(tall - (screen.h - 32));
      const down = presentFrame(layout, 5, screen.w, screen.h, 500);
      expect(down.scroll).toBe(500);
      expect(down.y).toBeCloseTo(f.y - 500);
      // The band, the title, the stage header row and the lane column's place stay; the lanes move up under them.
      expect([down.head, down.row, down.rowY, down.lanes, down.x]).toEqual([f.head, f.row, f.rowY, f.lanes, f.x]);
      expect(f.rowY).toBe(f.y);
      expect(down.row.y).toBe(down.head.box.y + down.head.box.h);
      const end = presentFrame(layout, 5, screen.w, screen.h, 1e9);
      expect(end.scroll).toBeCloseTo(f.scrollMax);
      expect(end.y + layout.height * end.zoom).toBeCloseTo(screen.h);
      expect(presentFrame(layout, 5, screen.w, screen.h, -50).scroll).toBe(0);
    }
    // A map that fits does not scroll.
    expect(presentFrame(presentLayout(scene, ids(map)), 0, PROJECTOR.w, PROJECTOR.h, 300).scroll).toBe(0);
  });

  it('never magnifies past the cap, and copes with a map without stages', () => {
    const tiny = presentLayout({ ...scene, width: 200, height: 100, hits: [], items: [] }, []);
    const f = presentFrame(tiny, 0, PROJECTOR.w, PROJECTOR.h);
    expect(f.zoom).toBe(MAX_PRESENT_ZOOM);
    expect(f.box).toEqual({ x: f.x, y: f.y, w: 600, h: 300 });
    expect(tiny.band).toBe(0);
    expect(tiny.personasLeft).toBeNull();
  });
});

describe('stripParts', () => {
  it('gives the header band, the stage header row and the lane column their own items, and no card', () => {
    const layout = presentLayout(scene, ids(map));
    const drawing = buildDrawing(scene);
    const parts = stripParts(drawing.segments, layout);
    const texts = (segments: Segment[]) => segments.flatMap((s) => s.items.flatMap((i) => (i.type === 'text' ? [i.text] : [])));
    expect(texts(parts.head)).toEqual(['Panadería del barrio', expect.stringContaining('tarjetas')]);
    expect(texts(parts.row)).toEqual(['Descubre', 'Compra', 'Vuelve']);
    expect(texts(parts.lanes)).toEqual(['Qué hace', 'Puntos de contacto', 'Cómo se siente', 'Embudo']);
    // The band's bar is in the head; the chevrons in the row; the cells are in none.
    expect(parts.head[0]!.items[0]).toMatchObject({ type: 'rect', x: 0, y: 0, w: scene.width });
    expect(parts.row.filter((s) => s.items[0]!.type === 'path')).toHaveLength(3);
    const all = [...parts.head, ...parts.row, ...parts.lanes];
    expect(all.every((s) => s.card === null)).toBe(true);
    expect(all.some((s) => s.items.some((i) => i.type === 'rect' && i.x >= layout.gridLeft && i.y >= layout.gridTop))).toBe(false);
  });
});

describe('wheelScroll', () => {
  it('scrolls by pixels, lines or pages, within range', () => {
    expect(wheelScroll(100, 40, 0, 1000, 600)).toBe(140);
    expect(wheelScroll(100, 3, 1, 1000, 600)).toBe(148);
    expect(wheelScroll(100, 1, 2, 1000, 600)).toBe(700);
    expect(wheelScroll(100, -400, 0, 1000, 600)).toBe(0);
    expect(wheelScroll(900, 400, 0, 1000, 600)).toBe(1000);
    expect(wheelScroll(0, 400, 0, 0, 600)).toBe(0);
  });
});

describe('tweenFrame', () => {
  it('goes from one frame to the other, every part by the same fraction', () => {
    const layout = presentLayout(wideScene(14, 2), wideIds(14));
    const a = presentFrame(layout, 2, 1024, 560);
    const b = presentFrame(layout, 9, 1024, 560, 40);
    expect(tweenFrame(a, b, 0)).toEqual(a);
    expect(tweenFrame(a, b, 1)).toEqual(b);
    const mid = tweenFrame(a, b, 0.5);
    expect(mid.x).toBeCloseTo((a.x + b.x) / 2);
    expect(mid.box.x).toBeCloseTo((a.box.x + b.box.x) / 2);
    expect(mid.head.personas.x).toBeCloseTo((a.head.personas.x + b.head.personas.x) / 2);
    // The move starts fast and settles at the end.
    expect(easeOut(0)).toBe(0);
    expect(easeOut(1)).toBe(1);
    expect(easeOut(0.5)).toBeGreaterThan(0.5);
  });
});

describe('stageMarks', () => {
  it('rings the stage’s emotion face and outlines its touchpoint cards', () => {
    const marks = stageMarks(scene, map, 's1');
    const face = hitOf((h) => h.target.kind === 'card' && h.target.id === 'e1');
    const touch = hitOf((h) => h.target.kind === 'card' && h.target.id === 't1');
    expect(marks.points).toEqual([face]);
    expect(marks.touchpoints).toEqual([touch]);
  });

  it('marks nothing in a stage without an emotion score or a touchpoint', () => {
    expect(stageMarks(scene, map, 's3')).toEqual({ points: [], touchpoints: [] });
  });
});

describe('startStage', () => {
  it('starts where the editor is: the chosen stage, a cell’s or a card’s stage, else the first', () => {
    expect(startStage(map, { kind: 'stage', id: 's3' })).toBe(2);
    expect(startStage(map, { kind: 'cell', stage: 's2', lane: 'l-act' })).toBe(1);
    expect(startStage(map, { kind: 'cards', ids: ['t2'] })).toBe(1);
    expect(startStage(map, { kind: 'lane', id: 'l-act' })).toBe(0);
    expect(startStage(map, { kind: 'none' })).toBe(0);
  });
});

describe('presentKey', () => {
  const key = (k: string, more: Partial<KeyboardEvent> = {}) =>
    presentKey({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...more });

  it('reads arrows, page keys, space, Home, End and Esc', () => {
    expect(['ArrowRight', 'PageDown', ' '].map((k) => key(k))).toEqual(['next', 'next', 'next']);
    expect(['ArrowLeft', 'PageUp'].map((k) => key(k))).toEqual(['prev', 'prev']);
    expect(key(' ', { shiftKey: true })).toBe('prev');
    expect([key('Home'), key('End'), key('Escape')]).toEqual(['first', 'last', 'exit']);
  });

  it('leaves other keys and modified ones alone', () => {
    expect(key('a')).toBeNull();
    expect(key('ArrowRight', { ctrlKey: true })).toBeNull();
    expect(key('z', { metaKey: true })).toBeNull();
  });
});

describe('Presentation', () => {
  it('goes full screen on start and back on exit, once each', async () => {
    const backend = new MockBackend();
    const p = new Presentation(backend);
    p.start(5, 1);
    p.start(5, 3);
    await settle();
    expect([p.active, p.index, backend.fullscreen]).toEqual([true, 1, true]);
    p.exit();
    p.exit();
    await settle();
    expect([p.active, backend.fullscreen]).toEqual([false, false]);
    expect(backend.callsOf('set_fullscreen').map((c) => c.args.on)).toEqual([true, false]);
  });

  it('steps stage by stage and stays within the first and the last', () => {
    const p = new Presentation(new MockBackend());
    p.start(3);
    p.act('prev');
    expect(p.index).toBe(0);
    p.act('next');
    p.act('next');
    p.act('next');
    expect(p.index).toBe(2);
    p.act('first');
    expect(p.index).toBe(0);
    p.act('last');
    expect(p.index).toBe(2);
    p.act('exit');
    expect(p.active).toBe(false);
  });

  it('still presents when the window cannot go full screen, and copes with a map without stages', async () => {
    const backend = new MockBackend();
    backend.failNext('set_fullscreen', { code: 'internal', message: 'no window' });
    const p = new Presentation(backend);
    p.start(0, 4);
    await settle();
    expect([p.active, p.index, p.count]).toEqual([true, 0, 0]);
    p.next();
    expect(p.index).toBe(0);
  });
});
