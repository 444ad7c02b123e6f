import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { Hit } from './bindings';
import {
  easeOut,
  laneColumn,
  MAX_PRESENT_ZOOM,
  Presentation,
  presentKey,
  stageExtent,
  stageFrame,
  stageMarks,
  startStage,
  tweenFrame,
} from './presentation.svelte';
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

describe('laneColumn', () => {
  it('runs from the lane headers to grid_left, over the lanes’ height', () => {
    const lanes = scene.hits.filter((h) => h.target.kind === 'lane');
    const column = laneColumn(scene)!;
    expect(column.x).toBe(lanes[0]!.x);
    expect(column.x + column.w).toBe(scene.grid_left);
    expect(column.y).toBe(lanes[0]!.y);
    expect(column.y + column.h).toBe(lanes.at(-1)!.y + lanes.at(-1)!.h);
  });

  it('is null for a map without a lane column', () => {
    expect(laneColumn({ ...scene, hits: [], grid_left: 0 })).toBeNull();
  });
});

describe('stageFrame', () => {
  const column = { x: 40, y: 200, w: 208, h: 400 };
  const stage = { x: 508, y: 144, w: 248, h: 456 };

  it('puts the lane column and the stage side by side, centred, as large as fits', () => {
    const f = stageFrame(stage, column, 1200, 800, 32);
    // Height limits: (800 − 64) / 456.
    expect(f.zoom).toBeCloseTo(736 / 456);
    const contentW = (208 + 248) * f.zoom;
    const left = (1200 - contentW) / 2;
    // The stage starts right after the column, on screen.
    expect(f.box.x).toBeCloseTo(left + 208 * f.zoom);
    expect(stage.x * f.zoom + f.x).toBeCloseTo(f.box.x);
    expect(stage.y * f.zoom + f.y).toBeCloseTo(32);
    // The strip runs from where the content starts to the stage, with the column in it.
    expect(f.left).toBeCloseTo(left);
    expect(f.strip).toBeCloseTo(f.box.x);
    expect(column.x * f.zoom + f.stripX).toBeCloseTo(left);
  });

  it('is limited by width in a narrow window and never magnifies past the cap', () => {
    const narrow = stageFrame(stage, column, 500, 2000, 32);
    expect(narrow.zoom).toBeCloseTo(436 / 456);
    const tiny = stageFrame({ x: 0, y: 0, w: 10, h: 10 }, null, 1000, 1000);
    expect(tiny.zoom).toBe(MAX_PRESENT_ZOOM);
    // Without a lane column there is no strip: the stage starts where the content does.
    expect(tiny.strip).toBe(tiny.left);
    expect(tiny.box.x).toBe(tiny.left);
  });
});

describe('tweenFrame', () => {
  it('goes from one frame to the other, every part by the same fraction', () => {
    const a = stageFrame({ x: 0, y: 0, w: 100, h: 100 }, null, 400, 400, 0);
    const b = stageFrame({ x: 100, y: 0, w: 100, h: 200 }, null, 400, 400, 0);
    expect(tweenFrame(a, b, 0)).toEqual(a);
    expect(tweenFrame(a, b, 1)).toEqual(b);
    const mid = tweenFrame(a, b, 0.5);
    expect(mid.zoom).toBeCloseTo((a.zoom + b.zoom) / 2);
    expect(mid.box.h).toBeCloseTo((a.box.h + b.box.h) / 2);
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
