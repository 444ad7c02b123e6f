/**
 * Two states of the open map compared (issue: versions compared): a version and another, or a
 * version and the map now. Rust draws the later state with the earlier one's removed cards put
 * back and every change marked; the page shows that Scene beside the list of changes, and writes
 * the change poster (PDF) through the native Save dialog.
 */
import { toAppError } from './backend/backend';
import { CHANGE_WORDS, type AppError, type Change, type ComparisonView, type ExportDone, type Hit } from './bindings';
import type { Editor } from './editor.svelte';
import { DEFAULT_OPTIONS } from './export.svelte';

/** The list's groups, in the legend's order (Rust's, generated into bindings/CHANGE_WORDS.ts). */
export const CHANGES: readonly Change[] = CHANGE_WORDS.order;

/** The colour a change is drawn in: the layout's, so the list matches the picture. */
export const CHANGE_COLORS: Readonly<Record<Change, string>> = CHANGE_WORDS.colors;

/** One line of the list: what changed, its words, where; `target` finds it in the Scene. */
export interface ChangeLine {
  change: Change;
  what: 'card' | 'stage' | 'lane';
  id: string;
  text: string;
  place: string;
}

/** The comparison's lines, grouped by change in the legend's order, each group in reading order. */
export function changeLines(view: ComparisonView): ChangeLine[] {
  const c = view.comparison;
  const all: ChangeLine[] = [
    ...c.stages.map((s) => ({ change: s.change, what: 'stage' as const, id: s.id, text: s.title, place: '' })),
    ...c.lanes.map((l) => ({ change: l.change, what: 'lane' as const, id: l.id, text: l.title, place: '' })),
    ...c.cards.map((k) => ({ change: k.change, what: 'card' as const, id: k.id, text: k.text, place: `${k.stage} · ${k.lane}` })),
  ];
  return CHANGES.flatMap((change) => all.filter((l) => l.change === change));
}

/** Where a line's thing is drawn in the comparison's Scene, if it is (a removed stage's cards are not). */
export function lineHit(view: ComparisonView, line: ChangeLine): Hit | undefined {
  return view.scene.hits.find((h) => h.target.kind === line.what && 'id' in h.target && h.target.id === line.id);
}

export class Comparing {
  view = $state.raw<ComparisonView | null>(null);
  mapId = $state<string | null>(null);
  from = $state<number | null>(null);
  to = $state<number | null>(null);
  loading = $state(false);
  error = $state.raw<AppError | null>(null);
  exporting = $state(false);
  done = $state.raw<ExportDone | null>(null);

  readonly #editor: Editor;
  #token = 0;

  constructor(editor: Editor) {
    this.#editor = editor;
  }

  get isOpen(): boolean {
    return this.mapId !== null;
  }

  /** Compares version `from` with `to` (null: the map now). */
  async start(mapId: string, from: number, to: number | null): Promise<boolean> {
    const token = ++this.#token;
    this.mapId = mapId;
    this.from = from;
    this.to = to;
    this.view = null;
    this.error = null;
    this.done = null;
    this.loading = true;
    try {
      const view = await this.#editor.backend.compareVersions(mapId, from, to);
      if (token !== this.#token) return false;
      this.view = view;
      return true;
    } catch (thrown) {
      if (token === this.#token) this.error = toAppError(thrown);
      return false;
    } finally {
      if (token === this.#token) this.loading = false;
    }
  }

  close(): void {
    this.#token++;
    this.mapId = null;
    this.view = null;
    this.error = null;
    this.done = null;
    this.loading = false;
  }

  /** The change poster, a PDF on A1 (the map inside left out: it is not the map). */
  async exportPoster(dialogTitle: string): Promise<boolean> {
    if (!this.mapId || this.exporting) return false;
    this.exporting = true;
    this.error = null;
    try {
      const options = { ...DEFAULT_OPTIONS, format: 'pdf' as const, embed_map: false, open_folder: false };
      const done = await this.#editor.backend.exportComparison(this.mapId, this.from, this.to, options, dialogTitle);
      this.done = done;
      return done !== null;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return false;
    } finally {
      this.exporting = false;
    }
  }
}
