import { describe, expect, it } from 'vitest';
import { intersects, type Box, type View } from './canvas/geometry';
import { buildDrawing, type Drawing } from './canvas/segments';
import { Culler, type CullerOptions } from './culling.svelte';
import { bigMap } from './testing/bigmap';
import { openView } from './testing/answers';

const W = 1000;
const H = 700;

/** Frames that run only when the test says so. */
function frames() {
  let queue: (() => void)[] = [];
  return {
    frame: (run: () => void) => {
      queue.push(run);
      return () => {
        queue = queue.filter((r) => r !== run);
      };
    },
    get waiting() {
      return queue.length;
    },
    /** Runs one frame's callbacks. */
    next() {
      const now = queue;
      queue = [];
      now.forEach((run) => run());
    },
  };
}

const drawing300 = buildDrawing(openView(bigMap(300)).scene);

function setup(options: CullerOptions = {}, drawing: Drawing = drawing300) {
  const f = frames();
  // One viewport around the view, redrawn with a quarter viewport left.
  const culler = new Culler({ frame: f.frame, margin: 1, slack: 0.25, shrink: 4, ...options });
  let view: View = { zoom: 1, x: 0, y: 0 };
  const show = (next: View, d: Drawing | null = drawing) => {
    view = next;
    culler.update({ drawing: d, view, width: W, height: H });
  };
  return { culler, f, show, view: () => view };
}

/** What the culler should draw for `region`: every segment touching it, in paint order. */
const expected = (drawing: Drawing, region: Box) => drawing.segments.filter((s) => intersects(s.box, region));
const keys = (segments: readonly { key: string }[]) => segments.map((s) => s.key);

describe('Culler', () => {
  it('draws only what touches the view and one viewport around it, in paint order', () => {
    const { culler, show } = setup();
    show({ zoom: 1, x: 0, y: -5000 });
    expect(culler.region).toEqual({ x: -W, y: 5000 - H, w: 3 * W, h: 3 * H });
    expect(keys(culler.shown)).toEqual(keys(expected(drawing300, culler.region!)));
    expect(culler.shown.length).toBeGreaterThan(20);
    expect(culler.shown.length).toBeLessThan(drawing300.segments.length / 3);
    // The map's title band (far above) is not drawn; cards around y = 5000 are.
    expect(culler.shown.some((s) => s.box.y + s.box.h < 3000)).toBe(false);
    expect(culler.inSight).toBeGreaterThan(0);
  });

  it('leaves the DOM alone while the view moves within the margin (hysteresis)', () => {
    const { culler, f, show } = setup();
    show({ zoom: 1, x: 0, y: -5000 });
    const before = culler.shown;
    const region = culler.region;
    for (let dy = 0; dy <= 350; dy += 50) show({ zoom: 1, x: -100, y: -5000 - dy });
    show({ zoom: 0.9, x: 0, y: -4500 });
    expect(culler.shown).toBe(before);
    expect(culler.region).toBe(region);
    expect(f.waiting).toBe(0);
  });

  it('follows a view that nears the region’s edge on the next frame, once, with what came near', () => {
    const { culler, f, show } = setup();
    show({ zoom: 1, x: 0, y: -5000 });
    const region = culler.region;
    for (let dy = 0; dy <= 600; dy += 100) show({ zoom: 1, x: 0, y: -5000 - dy });
    // Still drawn where it was until the frame.
    expect(culler.region).toBe(region);
    expect(f.waiting).toBe(1);
    f.next();
    expect(culler.region).toEqual({ x: -W, y: 5600 - H, w: 3 * W, h: 3 * H });
    expect(keys(culler.shown)).toEqual(keys(expected(drawing300, culler.region!)));
    expect(f.waiting).toBe(0);
  });

  it('draws at once a view that jumped out of the drawn region (no frame shows missing paper)', () => {
    const { culler, f, show } = setup();
    show({ zoom: 1, x: 0, y: -5000 });
    show({ zoom: 1, x: 0, y: -20000 });
    expect(culler.region).toEqual({ x: -W, y: 20000 - H, w: 3 * W, h: 3 * H });
    expect(keys(culler.shown)).toEqual(keys(expected(drawing300, culler.region!)));
    expect(f.waiting).toBe(0);
  });

  it('lets go of a far larger region after zooming in', () => {
    const { culler, f, show } = setup();
    show({ zoom: 0.25, x: 0, y: 0 });
    const wide = culler.shown.length;
    show({ zoom: 1, x: 0, y: 0 });
    expect(culler.shown.length).toBe(wide);
    f.next();
    expect(culler.region).toEqual({ x: -W, y: -H, w: 3 * W, h: 3 * H });
    expect(culler.shown.length).toBeLessThan(wide);
  });

  it('keeps what is drawn across a new drawing, taking its changed segments in place', () => {
    const map = bigMap(300);
    const a = buildDrawing(openView(map).scene);
    const { culler, f, show } = setup({}, a);
    show({ zoom: 1, x: 0, y: 0 }, a);
    while (f.waiting > 0) f.next();
    const before = culler.shown;
    const card = before.find((s) => s.card !== null)!;
    const edited = structuredClone(map);
    edited.cards.find((c) => c.id === card.card)!.text = 'Otro texto, más corto';
    const b = buildDrawing(openView(edited).scene, a);
    show({ zoom: 1, x: 0, y: 0 }, b);
    const changed = culler.shown.find((s) => s.key === card.key)!;
    expect(changed).not.toBe(card);
    expect(changed.items.some((i) => i.type === 'text' && i.text === 'Otro texto, más corto')).toBe(true);
    // Everything drawn before is still drawn (the same object where unchanged), in the new paint order.
    const now = new Set(keys(culler.shown));
    expect(keys(before).filter((k) => b.segments.some((s) => s.key === k)).every((k) => now.has(k))).toBe(true);
    expect(culler.shown.filter((s) => before.includes(s)).length).toBeGreaterThan(before.length / 2);
    while (f.waiting > 0) f.next();
    expect(keys(culler.shown)).toEqual(keys(expected(b, culler.region!)));
  });

  it('draws nothing without a drawing or a size, and stops asking for frames when destroyed', () => {
    const { culler, f, show } = setup();
    show({ zoom: 1, x: 0, y: 0 });
    // Near the region's edge: a new region is asked for on the next frame.
    show({ zoom: 1, x: 0, y: -0.9 * H });
    expect(f.waiting).toBe(1);
    culler.destroy();
    expect(f.waiting).toBe(0);
    show({ zoom: 1, x: 0, y: 0 }, null);
    expect(culler.shown).toEqual([]);
    expect(culler.region).toBeNull();
    culler.update({ drawing: drawing300, view: { zoom: 1, x: 0, y: 0 }, width: 0, height: 0 });
    expect(culler.shown).toEqual([]);
  });
});
