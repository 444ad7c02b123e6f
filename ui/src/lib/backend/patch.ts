import type { Hit, Item, JourneyMap, ListPatch, MapView, ViewPatch, ViewUpdate } from '../bindings';

/**
 * The new list from the old one and a patch (`travesia_core::patch`): runs of
 * the old list, by place, runs of it moved down by `dy`, and new items. Kept
 * items are the very same objects, so the canvas sees at once what did not
 * change. `null` when a run lies outside the old list (the patch was made for
 * another), or moves what `shift` cannot move.
 */
export function applyList<T>(
  old: readonly T[],
  patch: ListPatch<T>,
  shift: (item: T, dy: number) => T | null = () => null,
): T[] | null {
  const out: T[] = [];
  for (const run of patch.runs) {
    if ('add' in run) {
      for (const item of run.add) out.push(item);
      continue;
    }
    const [start, length] = 'keep' in run ? run.keep : run.moved;
    if (start < 0 || length < 0 || start + length > old.length) return null;
    if ('keep' in run) {
      for (let i = start; i < start + length; i++) out.push(old[i]!);
      continue;
    }
    for (let i = start; i < start + length; i++) {
      const moved = shift(old[i]!, run.dy);
      if (moved === null) return null;
      out.push(moved);
    }
  }
  return out;
}

/**
 * A Scene item or hit region moved down by `dy` (a row above it grew). Rust
 * sends moves only where the sum is exact (quarters of a pixel), so this is
 * the very number a whole view would carry. A path never comes moved.
 */
export function shiftDown<T extends Item | Hit>(item: T, dy: number): T | null {
  return (moved(item as Item | Hit, dy) as T | null);
}

/**
 * Each kind written out (a spread copies by looking up every key, about ten
 * times slower: after a row grows, tens of thousands of items move). An
 * optional field stays absent when it was.
 */
function moved(item: Item | Hit, dy: number): Item | Hit | null {
  if (!('type' in item)) return { target: item.target, x: item.x, y: item.y + dy, w: item.w, h: item.h };
  switch (item.type) {
    case 'rect': {
      const out: Item = { type: 'rect', x: item.x, y: item.y + dy, w: item.w, h: item.h, r: item.r, stroke_width: item.stroke_width };
      if (item.fill !== undefined) out.fill = item.fill;
      if (item.stroke !== undefined) out.stroke = item.stroke;
      return out;
    }
    case 'text': {
      const out: Item = {
        type: 'text', x: item.x, y: item.y + dy, w: item.w, text: item.text, size: item.size, weight: item.weight,
        color: item.color, rtl: item.rtl,
      };
      if (item.face !== undefined) out.face = item.face;
      return out;
    }
    case 'icon':
      return { type: 'icon', name: item.name, x: item.x, y: item.y + dy, size: item.size, color: item.color };
    case 'image':
      return { type: 'image', x: item.x, y: item.y + dy, w: item.w, h: item.h, href: item.href, round: item.round };
    case 'path':
      return null;
  }
}

/**
 * A run of a patched list that is old items, kept or moved down: `length`
 * items from `at` are `base[from…]`, the very objects when `dy` is 0, else
 * copies moved by `dy`.
 */
export interface SourceRun {
  at: number;
  from: number;
  length: number;
  dy: number;
}

/**
 * Where a patched Scene's items came from: the list they were kept or moved
 * from and the runs, in order (new items are between them). The canvas
 * (canvas/segments.ts) keeps or moves its groups of them as wholes, found by
 * place, instead of looking each one up.
 */
export interface Provenance {
  base: readonly Item[];
  runs: SourceRun[];
}

const provenances = new WeakMap<readonly Item[], Provenance>();

/** How a list of Scene items came from a patch, when it did. */
export function provenance(items: readonly Item[]): Provenance | undefined {
  return provenances.get(items);
}

function sourceRuns(patch: ListPatch<Item>): SourceRun[] {
  const runs: SourceRun[] = [];
  let at = 0;
  for (const run of patch.runs) {
    if ('add' in run) {
      at += run.add.length;
      continue;
    }
    const [from, length] = 'keep' in run ? run.keep : run.moved;
    runs.push({ at, from, length, dy: 'keep' in run ? 0 : run.dy });
    at += length;
  }
  return runs;
}

/**
 * The view a patch makes of `old`; `null` when `old` is not the view it was made for. With
 * `shown` false (a view made before it is shown, which may never be), `old` keeps its own
 * provenance until `forgetProvenance` is called for it, when the view made is shown.
 */
export function applyViewPatch(old: MapView, patch: ViewPatch, shown = true): MapView | null {
  if (old.rev !== patch.base || old.id !== patch.id) return null;
  const cards = applyList(old.map.cards, patch.map.cards);
  const personas = patch.map.personas ? applyList(old.map.personas ?? [], patch.map.personas) : undefined;
  const items = applyList(old.scene.items, patch.scene.items, shiftDown);
  const hits = applyList(old.scene.hits, patch.scene.hits, shiftDown);
  if (cards === null || personas === null || items === null || hits === null) return null;
  // Only the last step is told: the base's own provenance would keep every list before it alive.
  if (shown) provenances.delete(old.scene.items);
  provenances.set(items, { base: old.scene.items, runs: sourceRuns(patch.scene.items) });
  const map: JourneyMap = { ...patch.map.rest, cards };
  if (personas) map.personas = personas;
  else delete map.personas;
  return {
    id: patch.id,
    rev: patch.rev,
    map,
    scene: { ...patch.scene.frame, items, hits },
    history: patch.history,
    hidden_routes: patch.hidden_routes,
    persona: patch.persona,
  };
}

/**
 * A view laid out by Rust ahead of an edit (`cards_ahead`) as a patch of the view shown, and,
 * once the page has drawn it, that view.
 */
export interface ViewAhead {
  /** The patch Rust laid out ahead; null for a view known whole (an undo's: the view before the step). */
  patch: ViewPatch | null;
  view: MapView | null;
}

/** Whether two items (or hits) are alike: field by field, a nested value by its JSON. */
function sameItem(a: object, b: object): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (typeof u !== 'object' || u === null || typeof v !== 'object' || JSON.stringify(u) !== JSON.stringify(v)) return false;
  }
  return true;
}

/** Whether two Scene lists hold the same items (the same objects, or equal ones). */
function sameList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameItem(a[i]!, b[i]!)) return false;
  return true;
}

/** Whether two Scenes draw the same: their items, hits and the rest alike. */
export function sameScene(a: MapView['scene'], b: MapView['scene']): boolean {
  const { items: ai, hits: ah, ...af } = a;
  const { items: bi, hits: bh, ...bf } = b;
  return JSON.stringify(af) === JSON.stringify(bf) && sameList(ai, bi) && sameList(ah, bh);
}

/**
 * How the Scene items of one view were made from those of the view one step of the history before
 * it (`low` → `high`): the runs of the patch that made them. Undo and redo keep it with the views
 * they will show again, so that one drawn at the key is drawn from the last drawing as a patch's
 * view is, even after the lists' own provenance is gone (each patch forgets the one before).
 */
export interface StepLink {
  low: readonly Item[];
  high: readonly Item[];
  runs: SourceRun[];
}

/** The link from `low` to `high`, when `high` was made by a patch of `low`. */
export function stepLink(low: readonly Item[], high: readonly Item[]): StepLink | undefined {
  const from = provenances.get(high);
  return from?.base === low ? { low, high, runs: from.runs } : undefined;
}

/**
 * Says how `to` (the items of a view shown again at an undo or a redo) comes from `shown` (the
 * items on screen), along `link` one way or the other: the patch's runs as they were for a redo,
 * turned round for an undo. Nothing when the link does not join those two lists.
 */
export function provenanceAlong(link: StepLink | undefined, shown: readonly Item[], to: readonly Item[]): void {
  if (!link) return;
  if (shown === link.low && to === link.high) {
    provenances.set(to, { base: shown, runs: link.runs });
  } else if (shown === link.high && to === link.low) {
    const runs = link.runs
      .map((r) => ({ at: r.from, from: r.at, length: r.length, dy: r.dy === 0 ? 0 : -r.dy }))
      .sort((x, y) => x.at - y.at);
    provenances.set(to, { base: shown, runs });
  }
}

/** Forgets how `items` were made, once a view made from them is shown (see `applyViewPatch`). */
export function forgetProvenance(items: readonly Item[]): void {
  provenances.delete(items);
}

/** How many views are kept as bases: answers may arrive out of order. */
const KEPT = 4;

/**
 * The views Rust answered last, so an answer that is a patch finds the view it
 * was made from. A patch whose base is not here (lost in between) is answered
 * by asking for the whole view again.
 */
export class ViewCache {
  #views: MapView[] = [];

  remember(view: MapView): MapView {
    this.#views = [view, ...this.#views.filter((v) => v.rev !== view.rev)].slice(0, KEPT);
    return view;
  }

  /**
   * The view `update` makes. With `ahead`, the view the page drew before this answer (Rust laid
   * it out ahead of the edit): where the answer draws the same Scene, the view keeps that Scene's
   * very lists, so nothing is drawn again and the next patch finds its drawing.
   */
  async resolve(update: ViewUpdate, whole: () => Promise<MapView>, ahead?: ViewAhead): Promise<MapView> {
    if (update.kind === 'full') return this.remember(update.view);
    const { patch } = update;
    const base = this.#views.find((v) => v.rev === patch.base && v.id === patch.id);
    const view = base ? applyViewPatch(base, patch) : null;
    if (!view) return this.remember(await whole());
    const drawn = ahead?.view;
    if (drawn) {
      const same = ahead.patch
        ? ahead.patch.base === patch.base && JSON.stringify(ahead.patch.scene) === JSON.stringify(patch.scene)
        : sameScene(drawn.scene, view.scene);
      if (same) return this.remember({ ...view, scene: drawn.scene });
    }
    return this.remember(view);
  }
}
