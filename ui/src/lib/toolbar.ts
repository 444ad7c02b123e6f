import type { I18n } from './i18n.svelte';
import { capKey, SHORTCUTS, type Shortcut } from './shortcuts';

/**
 * How the editor toolbar gives way when it is short of room. The toolbar
 * measures itself (a ResizeObserver on its own box, not the window) and takes
 * the first level at which everything fits; each level keeps the previous
 * ones' steps and adds one. First labels give way to icons (their names stay
 * in aria-label and the tooltip), then whole groups move into the "More"
 * menu, then the title settles for less of its width. Undo, redo, the title,
 * the save status and Export never leave the bar.
 */

/** Parts of the toolbar that can show only their icon. */
export type Compactable = 'shortcuts' | 'present' | 'panels' | 'fit' | 'back';
/** Groups that can move into the "More" menu. */
export type Overflowable = 'zoom' | 'shortcuts' | 'present' | 'panels' | 'edit';

export type FitStep = { compact: Compactable } | { overflow: Overflowable } | { shrink: 'title' };

/**
 * The order in which the toolbar gives way. Every step before the first
 * `overflow` keeps each control with a data-testid in the bar, which is what
 * the end-to-end tests (window 1440 px wide) rely on.
 */
export const FIT_STEPS: readonly FitStep[] = [
  { compact: 'shortcuts' },
  { compact: 'present' },
  { compact: 'fit' },
  { compact: 'panels' },
  { compact: 'back' },
  { overflow: 'zoom' },
  { overflow: 'shortcuts' },
  { overflow: 'present' },
  { overflow: 'panels' },
  { shrink: 'title' },
  { overflow: 'edit' },
];

/** The last level: everything that can give way has. */
export const MAX_LEVEL = FIT_STEPS.length;

/** What a level shows as icons only and what it moves into the "More" menu. */
export interface ToolbarLayout {
  level: number;
  compact: ReadonlySet<Compactable>;
  overflow: ReadonlySet<Overflowable>;
  /** The title keeps only TITLE_MIN, not TITLE_COMFORT. */
  titleShrunk: boolean;
}

export function layoutAt(level: number): ToolbarLayout {
  const at = Math.max(0, Math.min(MAX_LEVEL, Math.floor(level)));
  const compact = new Set<Compactable>();
  const overflow = new Set<Overflowable>();
  let titleShrunk = false;
  for (const step of FIT_STEPS.slice(0, at)) {
    if ('compact' in step) compact.add(step.compact);
    else if ('overflow' in step) overflow.add(step.overflow);
    else titleShrunk = true;
  }
  return { level: at, compact, overflow, titleShrunk };
}

/**
 * The roomiest level at which `fits(level)` holds; the last level when none
 * does. `fits` lays the toolbar out at that level and measures it. Fitting is
 * monotonic (each level needs no more room than the one before), so the
 * search walks from the level the bar is at: down while the roomier one still
 * fits, or up until one does — usually one or two layouts, not every level.
 */
export function fitLevel(fits: (level: number) => boolean, from = 0, max = MAX_LEVEL): number {
  let level = Math.max(0, Math.min(max, Math.floor(from)));
  if (fits(level)) {
    while (level > 0 && fits(level - 1)) level--;
    return level;
  }
  while (level < max - 1) {
    level++;
    if (fits(level)) return level;
  }
  return max;
}

/** The widest the title asks for before the toolbar starts giving way (px). */
export const TITLE_COMFORT = 240;
/** The narrowest the title ever gets, once it has had to settle for less (px). */
export const TITLE_MIN = 112;

/**
 * The width the title is guaranteed: all of it when short, else a
 * comfortable part, or less once nearly nothing else can give way.
 */
export function titleFloor(naturalWidth: number, layout: Pick<ToolbarLayout, 'titleShrunk'>): number {
  const floor = layout.titleShrunk ? TITLE_MIN : TITLE_COMFORT;
  return Math.ceil(Math.min(Math.max(naturalWidth, 0), floor));
}

/**
 * The first key combination of a shortcut as the shortcuts sheet names it
 * ("Ctrl+Mayús+H" in Spanish), for the hints in the "More" menu.
 */
export function shortcutHint(action: Shortcut['action'], i18n: Pick<I18n, 't'>): string {
  for (const group of SHORTCUTS) {
    const item = group.items.find((s) => s.action === action);
    const combo = item?.combos.find((c) => !c.mouse);
    if (combo) {
      return combo.keys
        .map((cap) => {
          const key = capKey(cap);
          return key ? i18n.t(key) : cap;
        })
        .join('+');
    }
  }
  return '';
}
