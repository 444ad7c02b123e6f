import { describe, expect, it } from 'vitest';
import { I18n } from './i18n.svelte';
import { FIT_STEPS, fitLevel, layoutAt, MAX_LEVEL, shortcutHint, TITLE_COMFORT, TITLE_MIN, titleFloor } from './toolbar';

describe('toolbar fitting', () => {
  it('starts with everything in the bar and adds one step per level', () => {
    const full = layoutAt(0);
    expect([...full.compact]).toEqual([]);
    expect([...full.overflow]).toEqual([]);
    expect(full.titleShrunk).toBe(false);

    // Each level keeps what the previous one did.
    for (let level = 1; level <= MAX_LEVEL; level++) {
      const before = layoutAt(level - 1);
      const now = layoutAt(level);
      for (const c of before.compact) expect(now.compact.has(c)).toBe(true);
      for (const o of before.overflow) expect(now.overflow.has(o)).toBe(true);
    }
    const last = layoutAt(MAX_LEVEL);
    expect([...last.overflow].sort()).toEqual(['edit', 'panels', 'present', 'shortcuts', 'zoom']);
    expect(last.titleShrunk).toBe(true);
    // Out-of-range levels are clamped, not errors.
    expect(layoutAt(99).level).toBe(MAX_LEVEL);
    expect(layoutAt(-3).level).toBe(0);
  });

  it('turns labels into icons before it moves anything into the More menu', () => {
    // The end-to-end tests click every button with a data-testid in a 1440 px window: as long as only
    // labels give way, each of them is still in the bar.
    const firstOverflow = FIT_STEPS.findIndex((s) => 'overflow' in s);
    const lastCompact = FIT_STEPS.map((s) => 'compact' in s).lastIndexOf(true);
    expect(lastCompact).toBeLessThan(firstOverflow);
    // The editing buttons are the last to leave, after the title has settled for less.
    expect(FIT_STEPS.at(-1)).toEqual({ overflow: 'edit' });
    expect(FIT_STEPS.at(-2)).toEqual({ shrink: 'title' });
  });

  it('finds the roomiest level that fits, walking from the one the bar is at', () => {
    const fitsFrom = (first: number, tried: number[]) => (level: number) => {
      tried.push(level);
      return level >= first;
    };
    // Narrowing from everything-in-the-bar: up until it fits.
    let tried: number[] = [];
    expect(fitLevel(fitsFrom(3, tried), 0)).toBe(3);
    expect(tried).toEqual([0, 1, 2, 3]);
    // Widening: down while the roomier level still fits.
    tried = [];
    expect(fitLevel(fitsFrom(3, tried), 6)).toBe(3);
    expect(tried).toEqual([6, 5, 4, 3, 2]);
    // Unchanged room (a save, a new status): two layouts, not every level.
    tried = [];
    expect(fitLevel(fitsFrom(4, tried), 4)).toBe(4);
    expect(tried).toEqual([4, 3]);
    // When nothing fits, the last level (everything given way) is what is left, without measuring it.
    tried = [];
    expect(fitLevel(fitsFrom(99, tried), 0)).toBe(MAX_LEVEL);
    expect(tried).toHaveLength(MAX_LEVEL);
    expect(fitLevel(() => true, 7)).toBe(0);
  });

  it('keeps a short title whole and a long one at a comfortable width, less only at the end', () => {
    expect(titleFloor(80.2, layoutAt(0))).toBe(81);
    expect(titleFloor(900, layoutAt(0))).toBe(TITLE_COMFORT);
    expect(titleFloor(900, layoutAt(MAX_LEVEL))).toBe(TITLE_MIN);
    expect(titleFloor(60, layoutAt(MAX_LEVEL))).toBe(60);
    expect(titleFloor(-5, layoutAt(0))).toBe(0);
  });

  it('names shortcuts as the shortcuts sheet does, in the UI language', () => {
    expect(shortcutHint('shortcut.versions', new I18n('es'))).toBe('Ctrl+Mayús+H');
    expect(shortcutHint('shortcut.versions', new I18n('en'))).toBe('Ctrl+Shift+H');
    expect(shortcutHint('shortcut.present', new I18n('es'))).toBe('F5');
    expect(shortcutHint('shortcut.fit', new I18n('en'))).toBe('Shift+1');
    // A mouse-only shortcut has no keys to show.
    expect(shortcutHint('shortcut.zoomWheel', new I18n('es'))).toBe('');
  });
});
