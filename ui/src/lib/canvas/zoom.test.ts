import { describe, expect, it } from 'vitest';
import { toScene } from './geometry';
import {
  clampView,
  clampZoom,
  fitView,
  openingView,
  READABLE_ZOOM,
  MAX_ZOOM,
  MIN_ZOOM,
  panForThumb,
  panLimits,
  scrollThumb,
  stepZoom,
  wheelFactor,
  zoomAt,
} from './zoom';

describe('zoomAt', () => {
  it('keeps the Scene point under the pointer where it was', () => {
    // Whatever the start view, the Scene point under (400, 300) must be the same after zooming.
    const before = { zoom: 0.8, x: -120, y: 35 };
    const pointer = { x: 400, y: 300 };
    const under = toScene(before, pointer);
    const after = zoomAt(before, 2, pointer);
    expect(after.zoom).toBe(2);
    expect(toScene(after, pointer).x).toBeCloseTo(under.x, 9);
    expect(toScene(after, pointer).y).toBeCloseTo(under.y, 9);
  });

  it('zooming about the corner at pan 0 only changes the scale', () => {
    // The Scene origin is at screen (0, 0), so it stays there.
    expect(zoomAt({ zoom: 1, x: 0, y: 0 }, 1.5, { x: 0, y: 0 })).toEqual({ zoom: 1.5, x: 0, y: 0 });
  });

  it('stops at the limits and keeps the pointer fixed there too', () => {
    // Asking for 50× gives MAX_ZOOM; the point under the pointer still does not move.
    const after = zoomAt({ zoom: 1, x: 10, y: 20 }, 50, { x: 200, y: 100 });
    expect(after.zoom).toBe(MAX_ZOOM);
    expect(toScene(after, { x: 200, y: 100 }).x).toBeCloseTo(190, 9);
    expect(clampZoom(0.001)).toBe(MIN_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
  });
});

describe('zoom steps and the wheel', () => {
  it('goes to the next stop up or down, from a stop or from between two', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(1.05, 1)).toBe(1.1);
    expect(stepZoom(1.05, -1)).toBe(1);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('zooms in for a wheel turned up, out for down, and treats line deltas as 16 px', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1, 12);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0), 12);
    // A huge delta is bounded, so one event never jumps across the whole range.
    expect(wheelFactor(10_000)).toBeCloseTo(wheelFactor(200), 12);
  });
});

describe('fitView', () => {
  it('shows the whole Scene centred, with a margin', () => {
    // 2000×1000 in 1000×800 with a 24 px margin: width decides, (1000 − 48) / 2000 = 0.476.
    const v = fitView({ width: 2000, height: 1000 }, 1000, 800);
    expect(v.zoom).toBeCloseTo(0.476, 9);
    expect(v.x).toBeCloseTo(24, 9);
    expect(v.y).toBeCloseTo((800 - 476) / 2, 9);
  });

  it('never magnifies a small Scene past 100 %', () => {
    expect(fitView({ width: 300, height: 200 }, 1000, 800)).toEqual({ zoom: 1, x: 350, y: 300 });
  });
});

describe('pan limits and scroll bars', () => {
  it('always allow the home view and keep part of the Scene in sight', () => {
    // A 3000 px wide Scene at 100 % in a 1000 px viewport: pan from −(3000 − 1000) − 160 to +160.
    const limits = panLimits({ width: 3000, height: 500 }, 1, 1000, 800);
    expect(limits).toEqual({ minX: -2160, maxX: 160, minY: -160, maxY: 460 });
    expect(clampView({ zoom: 1, x: 0, y: 0 }, limits)).toEqual({ zoom: 1, x: 0, y: 0 });
    expect(clampView({ zoom: 1, x: -5000, y: 999 }, limits)).toEqual({ zoom: 1, x: -2160, y: 460 });
  });

  it('turn a pan into a thumb and back', () => {
    // Range −2160..160 plus the 1000 px viewport: 3320 px of content, the thumb a 1000/3320 share.
    const t = scrollThumb(-2160, 160, 0, 1000);
    expect(t.size).toBeCloseTo(1000 / 3320, 12);
    expect(t.start).toBeCloseTo(160 / 3320, 12);
    expect(panForThumb(-2160, 160, t.start, 1000)).toBeCloseTo(0, 9);
    // Pan at its maximum puts the thumb at the start of the track, at its minimum at the end.
    expect(scrollThumb(-2160, 160, 160, 1000).start).toBe(0);
    expect(scrollThumb(-2160, 160, -2160, 1000).start + t.size).toBeCloseTo(1, 12);
  });
});

describe('openingView', () => {
  // A six-stage map: 1,800 × 1,000 px, its stages' row 240 px down (under the title band).
  const map = { width: 1800, height: 1000, hits: [{ target: { kind: 'stage' }, y: 240 }, { target: { kind: 'stage' }, y: 244 }, { target: { kind: 'lane' }, y: 330 }] };

  it('opens a map that fits at 100 % in the corner', () => {
    expect(openingView({ ...map, width: 900, height: 600 }, 1200, 800)).toEqual({ zoom: 1, x: 0, y: 0 });
  });

  it('fits the width on a wide screen, and shows the title band when the whole height fits', () => {
    const v = openingView(map, 1600, 900);
    expect(v.zoom).toBeCloseTo((1600 - 16) / 1800);
    expect(v.y).toBe(0);
  });

  it('on a laptop, opens readable and scrolled to the stages, not the title band', () => {
    // A 1024 × 640 window: the canvas beside the side panel, under the toolbar.
    const v = openingView(map, 724, 588);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.x).toBe(0);
    // The stages' row 12 px from the top.
    expect(240 * v.zoom + v.y).toBeCloseTo(12 * v.zoom);
  });

  it('never magnifies, and a map without stages starts at its top', () => {
    expect(openingView({ width: 400, height: 3000, hits: [] }, 1000, 700)).toEqual({ zoom: 1, x: 0, y: 0 });
    expect(openingView(map, 0, 0)).toEqual({ zoom: 1, x: 0, y: 0 });
  });
});
