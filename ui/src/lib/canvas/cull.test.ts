import { describe, expect, it } from 'vitest';
import { cullRegion, grow, holds, serves, viewBox, type CullOptions } from './cull';

/** One viewport around the view; redraw with a quarter viewport left. */
const O: CullOptions = { margin: 1, slack: 0.25, shrink: 4 };

describe('culling regions', () => {
  it('tells the Scene box in sight from the pan and zoom', () => {
    expect(viewBox({ zoom: 1, x: 0, y: 0 }, 800, 600)).toEqual({ x: 0, y: 0, w: 800, h: 600 });
    expect(viewBox({ zoom: 2, x: -200, y: 100 }, 800, 600)).toEqual({ x: 100, y: -50, w: 400, h: 300 });
  });

  it('draws a margin of viewports around the view on each side', () => {
    expect(cullRegion({ zoom: 1, x: 0, y: 0 }, 800, 600, O)).toEqual({ x: -800, y: -600, w: 2400, h: 1800 });
    // Zoomed out, the same margin covers more of the Scene.
    expect(cullRegion({ zoom: 0.5, x: 0, y: 0 }, 800, 600, O)).toEqual({ x: -1600, y: -1200, w: 4800, h: 3600 });
    expect(cullRegion({ zoom: 1, x: 0, y: 0 }, 800, 600, { ...O, margin: 0.5 })).toEqual({ x: -400, y: -300, w: 1600, h: 1200 });
    expect(grow({ x: 0, y: 0, w: 10, h: 20 }, 0.5)).toEqual({ x: -5, y: -10, w: 20, h: 40 });
    expect(holds({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 10, h: 10 })).toBe(true);
    expect(holds({ x: 0, y: 0, w: 10, h: 10 }, { x: 1, y: 0, w: 10, h: 10 })).toBe(false);
  });

  it('keeps a region while the view moves inside its margin (hysteresis), not once the edge comes near', () => {
    const region = cullRegion({ zoom: 1, x: 0, y: 0 }, 800, 600, O);
    expect(serves(region, { zoom: 1, x: 0, y: 0 }, 800, 600, O)).toBe(true);
    // Panned by half a viewport: a quarter viewport is still left around the view.
    expect(serves(region, { zoom: 1, x: -400, y: 300 }, 800, 600, O)).toBe(true);
    // Panned by 0.8 viewport: less than the slack is left.
    expect(serves(region, { zoom: 1, x: -640, y: 0 }, 800, 600, O)).toBe(false);
    expect(serves(region, { zoom: 1, x: 0, y: 500 }, 800, 600, O)).toBe(false);
  });

  it('redraws after zooming out past the margin, and lets go of a far larger region after zooming in', () => {
    const region = cullRegion({ zoom: 1, x: 0, y: 0 }, 800, 600, O);
    expect(serves(region, { zoom: 0.8, x: 80, y: 60 }, 800, 600, O)).toBe(true);
    expect(serves(region, { zoom: 0.4, x: 240, y: 180 }, 800, 600, O)).toBe(false);
    // Zoomed in 1.5×: the region is 2.25 times a new one, kept; 3×: nine times, dropped.
    expect(serves(region, { zoom: 1.5, x: -200, y: -150 }, 800, 600, O)).toBe(true);
    expect(serves(region, { zoom: 3, x: -800, y: -600 }, 800, 600, O)).toBe(false);
  });
});
