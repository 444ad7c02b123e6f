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
  if ('type' in item && item.type === 'path') return null;
  return { ...item, y: (item as { y: number }).y + dy };
}

/** The view a patch makes of `old`; `null` when `old` is not the view it was made for. */
export function applyViewPatch(old: MapView, patch: ViewPatch): MapView | null {
  if (old.rev !== patch.base || old.id !== patch.id) return null;
  const cards = applyList(old.map.cards, patch.map.cards);
  const personas = patch.map.personas ? applyList(old.map.personas ?? [], patch.map.personas) : undefined;
  const items = applyList(old.scene.items, patch.scene.items, shiftDown);
  const hits = applyList(old.scene.hits, patch.scene.hits, shiftDown);
  if (cards === null || personas === null || items === null || hits === null) return null;
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

  async resolve(update: ViewUpdate, whole: () => Promise<MapView>): Promise<MapView> {
    if (update.kind === 'full') return this.remember(update.view);
    const { patch } = update;
    const base = this.#views.find((v) => v.rev === patch.base && v.id === patch.id);
    const view = base ? applyViewPatch(base, patch) : null;
    return view ? this.remember(view) : this.remember(await whole());
  }
}
