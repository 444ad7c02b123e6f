import { afterEach, describe, expect, it, vi } from 'vitest';
import { TextAtlas } from './paint';

describe('the text atlas', () => {
  afterEach(() => vi.restoreAllMocks());

  it('packs lines into pages of 1024 × 1024, opens another when one is full, keeps two and lets go of the oldest', () => {
    const made: HTMLCanvasElement[] = [];
    const create = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation((tag: string) => {
      const element = create(tag);
      if (tag === 'canvas') made.push(element as HTMLCanvasElement);
      return element;
    });
    const atlas = new TextAtlas();
    const draw = () => {};
    // Lines 300 px wide and 30 tall: three a shelf, a shelf 32 px with its gap, 32 shelves a page.
    const at = { scale: 1, fx: 0, fy: 0 };
    const line = (n: number) => atlas.get(`line ${n}`, `text ${n}`, at, 300, 30, 0, 24, draw);
    const first = line(0)!;
    expect(made.map((c) => [c.width, c.height])).toEqual([[1024, 1024]]);
    expect(line(0)).toBe(first);
    for (let n = 1; n < 96; n++) expect(line(n)!.page).toBe(first.page);
    expect(atlas.pages).toBe(1);
    expect(atlas.filled).toBe(1);
    // The 97th opens a second page, one shelf of its 32 used.
    expect(line(96)!.page).not.toBe(first.page);
    expect(atlas.pages).toBe(2);
    expect(atlas.filled).toBeCloseTo((1024 + 32) / 2048);
    for (let n = 97; n < 2 * 96; n++) line(n);
    expect(atlas.pages).toBe(2);
    // Full: the oldest page goes, its bitmap at once, and its lines are painted anew when asked for.
    line(2 * 96);
    expect(atlas.pages).toBe(2);
    expect([made[0]!.width, made[0]!.height]).toEqual([0, 0]);
    expect(made.filter((c) => c.width > 0)).toHaveLength(2);
    expect(atlas.any('text 0')).toBeNull();
    expect(atlas.any('text 96')).not.toBeNull();
    expect(line(0)).not.toBe(first);
    expect(atlas.any('text 0')).toBe(line(0));
    // Too tall a line has no place: it is painted directly.
    expect(atlas.get('tall', 'tall', at, 100, 257, 0, 200, draw)).toBeNull();
    atlas.clear();
    expect(atlas.pages).toBe(0);
    expect(made.every((c) => c.width === 0)).toBe(true);
    expect(atlas.any('text 0')).toBeNull();
  });

  it('tells the sprite last painted for a line at any scale (what a zoom going on copies, scaled)', () => {
    const atlas = new TextAtlas();
    const draw = () => {};
    expect(atlas.any('Conciencia')).toBeNull();
    const one = atlas.get('1|Conciencia', 'Conciencia', { scale: 1, fx: 0, fy: 0.25 }, 90, 20, 4, 16, draw)!;
    expect(atlas.any('Conciencia')).toBe(one);
    const two = atlas.get('2|Conciencia', 'Conciencia', { scale: 2, fx: 0.5, fy: 0 }, 180, 40, 6, 30, draw)!;
    expect(two).not.toBe(one);
    expect(atlas.any('Conciencia')).toMatchObject({ scale: 2, fx: 0.5, fy: 0, left: 6, top: 30 });
    // Asked again at 100 %, the sprite there is the same, and the line's last painted stays the one at 200 %.
    expect(atlas.get('1|Conciencia', 'Conciencia', { scale: 1, fx: 0, fy: 0.25 }, 90, 20, 4, 16, draw)).toBe(one);
    expect(atlas.any('Conciencia')).toBe(two);
    atlas.clear();
  });
});
