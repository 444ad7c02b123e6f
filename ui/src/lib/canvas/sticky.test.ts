import { describe, expect, it } from 'vitest';
import { sampleMap } from '../testing/maps';
import { openView } from '../testing/answers';
import { buildDrawing } from './segments';
import { stickyParts, stickyPoint, stripsInScene, stuck, stuckBoxes, stuckOutline, stuckStrips } from './sticky';

// Rust's layout of the sample map: the stage headers' top, where the grid starts below them (grid_top)
// and right of the lane titles (grid_left, 248).
const scene = openView(sampleMap()).scene;
const parts = stickyParts(scene);
const headerTop = Math.min(...scene.hits.filter((h) => h.target.kind === 'stage').map((h) => h.y));
/** The row starts a gap (12) above the stage headers. */
const rowTop = headerTop - 12;

describe('stickyParts', () => {
  it('takes the stage header row and the lane title column from the hit regions', () => {
    expect(parts.band).toEqual({ x: 0, y: rowTop, w: scene.width, h: scene.grid_top - rowTop });
    expect(parts.column?.x).toBe(0);
    expect(parts.column?.w).toBe(248);
    expect(scene.grid_left).toBe(248);
    expect(parts.column?.y).toBe(scene.grid_top);
    // The row holds the stage titles, the column the lane titles, and neither holds a card text.
    const texts = (items: typeof parts.bandItems) => items.flatMap((i) => (i.type === 'text' ? [i.text] : []));
    expect(texts(parts.bandItems)).toEqual(['Descubre', 'Compra', 'Vuelve']);
    expect(texts(parts.columnItems)).toEqual(['Qué hace', 'Puntos de contacto', 'Cómo se siente', 'Embudo']);
  });
});

describe('stuck', () => {
  it('sticks nothing at the home view, the row once it passes the top, the column once it passes the left', () => {
    expect(stuck({ zoom: 1, x: 0, y: 0 }, parts)).toEqual({ band: false, column: false });
    expect(stuck({ zoom: 1, x: 0, y: -(rowTop - 10) }, parts)).toEqual({ band: false, column: false });
    expect(stuck({ zoom: 1, x: 0, y: -(rowTop + 10) }, parts)).toEqual({ band: true, column: false });
    expect(stuck({ zoom: 1, x: -10, y: 0 }, parts)).toEqual({ band: false, column: true });
    // At half size the row reaches the edge only at a pan of half its top.
    expect(stuck({ zoom: 0.5, x: 0, y: -(rowTop / 2 - 6) }, parts).band).toBe(false);
    expect(stuck({ zoom: 0.5, x: 0, y: -(rowTop / 2 + 6) }, parts).band).toBe(true);
  });
});

describe('stickyPoint', () => {
  it('maps a point on the stuck row to the stage header it shows', () => {
    // Panned 300 down and 20 left: the row shows its Scene y (rowTop..) at the top; x keeps the pan.
    const view = { zoom: 1, x: -20, y: -300 };
    const hit = stickyPoint(view, parts, { x: 300, y: 30 }, 1000, 800);
    expect(hit).toEqual({ point: { x: 320, y: rowTop + 30 }, only: 'stage' });
    // Below the row the canvas is plain again.
    expect(stickyPoint(view, parts, { x: 300, y: 200 }, 1000, 800)).toBeNull();
  });

  it('maps a point on the stuck column to the lane title it shows, and the corner to nothing', () => {
    const view = { zoom: 1, x: -500, y: -300 };
    expect(stickyPoint(view, parts, { x: 100, y: 250 }, 1000, 800)).toEqual({ point: { x: 100, y: 550 }, only: 'lane' });
    expect(stickyPoint(view, parts, { x: 100, y: 20 }, 1000, 800)?.only).toBe('none');
    const boxes = stuckBoxes(view, parts, 1000, 800);
    expect(boxes.column).toMatchObject({ x: 0, y: 0, w: 248 });
    expect(boxes.band).toMatchObject({ x: 0, y: 0, h: 80 });
  });
});

describe('stickyParts with the drawing', () => {
  it('finds the same items through the spatial index as by walking every item', () => {
    for (const map of [sampleMap(), { ...sampleMap(), title: 'Otro título' }]) {
      const s = openView(map).scene;
      const walked = stickyParts(s);
      const indexed = stickyParts(s, null, buildDrawing(s));
      expect(walked.bandItems.length).toBeGreaterThan(0);
      expect(walked.columnItems.length).toBeGreaterThan(0);
      expect(indexed).toEqual(walked);
    }
  });
});

describe('stickyParts after an edit', () => {
  it('keeps the strips’ item lists when their items are the same objects, and only then', () => {
    const again = stickyParts({ ...scene, items: [...scene.items] }, parts);
    expect(again.bandItems).toBe(parts.bandItems);
    expect(again.columnItems).toBe(parts.columnItems);
    // A stage header's text changed: the row is new, the column is kept.
    const items = scene.items.map((item) => (item === parts.bandItems[0] ? { ...item } : item));
    const edited = stickyParts({ ...scene, items }, parts);
    expect(edited.bandItems).not.toBe(parts.bandItems);
    expect(edited.bandItems).toEqual(parts.bandItems);
    expect(edited.columnItems).toBe(parts.columnItems);
  });
});

describe('stuckStrips', () => {
  const texts = (items: readonly { type: string; text?: string }[]) => items.flatMap((i) => (i.type === 'text' ? [i.text] : []));

  it('paints nothing at the home view, and the column, then the row over it, once both have scrolled away', () => {
    expect(stuckStrips({ zoom: 1, x: 0, y: 0 }, parts, '#FFFFFF', scene.width, 1000, 800)).toEqual([]);
    const view = { zoom: 1, x: -300, y: -400 };
    const strips = stuckStrips(view, parts, '#FFFFFF', scene.width, 1000, 800);
    const boxes = stuckBoxes(view, parts, 1000, 800);
    expect(strips.map((s) => s.shadow)).toEqual(['right', 'bottom', 'bottom']);
    // The column: its box, not panned sideways, the lane titles on paper.
    expect(strips[0]!.clip).toEqual(boxes.column);
    expect([strips[0]!.tx, strips[0]!.ty]).toEqual([0, -400]);
    expect(strips[0]!.items[0]).toMatchObject({ type: 'rect', fill: '#FFFFFF' });
    expect(texts(strips[0]!.items)).toEqual(['Qué hace', 'Puntos de contacto', 'Cómo se siente', 'Embudo']);
    // The row: its box, the stage titles moved up to the top edge; then paper where it crosses the column.
    expect(strips[1]!.clip).toEqual(boxes.band);
    expect([strips[1]!.tx, strips[1]!.ty]).toEqual([-300, -parts.band!.y]);
    expect(texts(strips[1]!.items)).toEqual(['Descubre', 'Compra', 'Vuelve']);
    expect(strips[2]!.clip).toEqual({ x: boxes.band!.x, y: 0, w: boxes.column!.w - boxes.band!.x, h: boxes.band!.h });
  });

  it('scales with the zoom', () => {
    const strips = stuckStrips({ zoom: 0.5, x: -300, y: 0 }, parts, '#FFFFFF', scene.width, 1000, 800);
    expect(strips).toHaveLength(1);
    expect(strips[0]).toMatchObject({ zoom: 0.5, shadow: 'right' });
    expect(strips[0]!.clip.w).toBe(124);
  });
});

describe('stripsInScene', () => {
  it('gives the stuck strips\' screen boxes in Scene coordinates, where the view draws the selection', () => {
    const view = { zoom: 0.5, x: -300, y: -(rowTop / 2 + 40) };
    const strips = stuckStrips(view, parts, scene.background, scene.width, 800, 600);
    expect(strips.length).toBeGreaterThanOrEqual(2);
    const boxes = stripsInScene(view, strips);
    expect(boxes).toHaveLength(strips.length);
    strips.forEach((strip, i) => {
      const b = boxes[i]!;
      // The Scene box, drawn in the view's transform, lands exactly on the strip's screen box.
      expect(b.x * view.zoom + view.x).toBeCloseTo(strip.clip.x, 9);
      expect(b.y * view.zoom + view.y).toBeCloseTo(strip.clip.y, 9);
      expect(b.w * view.zoom).toBeCloseTo(strip.clip.w, 9);
      expect(b.h * view.zoom).toBeCloseTo(strip.clip.h, 9);
    });
    // The column covers the Scene from the screen's left edge: 300 px of pan at 50 % is 600 Scene px.
    expect(boxes[0]!.x).toBeCloseTo(600, 9);
    expect(stripsInScene(view, [])).toEqual([]);
  });
});

describe('stuckOutline', () => {
  const stage = scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's2')!;
  const lane = scene.hits.find((h) => h.target.kind === 'lane')!;

  it('is nothing while the header is in its place', () => {
    expect(stuckOutline({ zoom: 1, x: 0, y: 0 }, parts, 'stage', stage, 1000, 800)).toBeNull();
    expect(stuckOutline({ zoom: 1, x: 0, y: 0 }, parts, 'lane', lane, 1000, 800)).toBeNull();
    // The row stuck does not move a lane's outline, nor the column a stage's.
    expect(stuckOutline({ zoom: 1, x: 0, y: -400 }, parts, 'lane', lane, 1000, 800)).toBeNull();
    expect(stuckOutline({ zoom: 1, x: -300, y: 0 }, parts, 'stage', stage, 1000, 800)).toBeNull();
  });

  it("puts a selected stage's outline on its copy in the stuck row, where the row is painted", () => {
    const view = { zoom: 0.5, x: -300, y: -400 };
    const strips = stuckStrips(view, parts, '#FFFFFF', scene.width, 1000, 800);
    const row = strips[1]!;
    const out = stuckOutline(view, parts, 'stage', stage, 1000, 800)!;
    // Drawn in the view's transform, the box lands where the row paints the header (screen = Scene × zoom + t).
    expect(out.box.x * view.zoom + view.x).toBeCloseTo(stage.x * row.zoom + row.tx, 9);
    expect(out.box.y * view.zoom + view.y).toBeCloseTo(stage.y * row.zoom + row.ty, 9);
    expect([out.box.w, out.box.h]).toEqual([stage.w, stage.h]);
    // It shows within the row, right of the corner where the column crosses it.
    const column = stuckBoxes(view, parts, 1000, 800).column!;
    expect(out.clip.x * view.zoom + view.x).toBeCloseTo(column.w, 9);
    expect(out.clip.y * view.zoom + view.y).toBeCloseTo(0, 9);
    expect(out.clip.h * view.zoom).toBeCloseTo(row.clip.h, 9);
  });

  it("puts a selected lane's outline on its copy in the stuck column, below the row", () => {
    const view = { zoom: 1, x: -500, y: -300 };
    const strips = stuckStrips(view, parts, '#FFFFFF', scene.width, 1000, 800);
    const column = strips[0]!;
    const out = stuckOutline(view, parts, 'lane', lane, 1000, 800)!;
    expect(out.box.x * view.zoom + view.x).toBeCloseTo(lane.x * column.zoom + column.tx, 9);
    expect(out.box.y * view.zoom + view.y).toBeCloseTo(lane.y * column.zoom + column.ty, 9);
    const band = stuckBoxes(view, parts, 1000, 800).band!;
    expect(out.clip.y * view.zoom + view.y).toBeCloseTo(band.h, 9);
    expect(out.clip.x * view.zoom + view.x).toBeCloseTo(0, 9);
    expect(out.clip.w).toBeCloseTo(column.clip.w, 9);
  });
});
