import { toAppError } from './backend/backend';
import type { AppError, SnapshotInfo } from './bindings';
import type { Editor } from './editor.svelte';

/** The longest name Rust takes for a version (core::validate::TITLE_MAX). */
export const NAME_MAX = 200;

/**
 * The versions panel: the open map's named snapshots (newest first), saving
 * a new one, a picture of the one chosen, and restoring it. A restore goes
 * through the editor like an edit, so the canvas shows its answer and Undo
 * takes it back.
 */
export class Versions {
  isOpen = $state(false);
  mapId = $state<string | null>(null);
  list = $state.raw<SnapshotInfo[]>([]);
  loading = $state(false);
  saving = $state(false);
  /** The version chosen in the list, and its picture once it has come. */
  selected = $state<number | null>(null);
  preview = $state<string | null>(null);
  previewLoading = $state(false);
  /** The "restore this version?" question is showing. */
  confirming = $state(false);
  restoring = $state(false);
  error = $state.raw<AppError | null>(null);
  /** Bumped each time the name field should take the focus (opened to save a version). */
  nameRequests = $state(0);

  chosen = $derived(this.list.find((s) => s.id === this.selected) ?? null);

  readonly #editor: Editor;
  #session = 0;
  #previewToken = 0;

  constructor(editor: Editor) {
    this.#editor = editor;
  }

  /**
   * Opens the panel on a map's versions; with `toSave`, ready to name a new
   * one. Asking again while it is open only does the latter.
   */
  open(mapId: string, toSave = false): void {
    if (toSave) this.askName();
    if (this.isOpen && this.mapId === mapId) return;
    this.#session++;
    this.isOpen = true;
    this.mapId = mapId;
    this.list = [];
    this.selected = null;
    this.preview = null;
    this.confirming = false;
    this.error = null;
    void this.load();
  }

  /** Asks for the name field to take the focus, to save a version. */
  askName(): void {
    this.nameRequests++;
  }

  close(): void {
    if (!this.isOpen || this.restoring) return;
    this.#session++;
    this.#previewToken++;
    this.isOpen = false;
    this.confirming = false;
  }

  /** Reads the list again; the newest version is chosen when none is. */
  async load(): Promise<void> {
    const id = this.mapId;
    if (!id) return;
    const session = this.#session;
    this.loading = true;
    try {
      const list = await this.#editor.backend.listSnapshots(id);
      if (session !== this.#session) return;
      this.#show(list, this.selected);
    } catch (thrown) {
      if (session === this.#session) this.error = toAppError(thrown);
    } finally {
      if (session === this.#session) this.loading = false;
    }
  }

  /** Saves the map as it is now under `name` (trimmed); the new version is chosen. Resolves to whether it was saved. */
  async save(name: string): Promise<boolean> {
    const id = this.mapId;
    const trimmed = name.trim();
    if (!id || this.saving || trimmed === '' || trimmed.length > NAME_MAX) return false;
    const session = this.#session;
    this.saving = true;
    this.error = null;
    try {
      const before = new Set(this.list.map((s) => s.id));
      const list = await this.#editor.backend.takeSnapshot(id, trimmed);
      if (session !== this.#session) return false;
      // Newest first; the one not listed before is the one just taken.
      this.#show(list, list.find((s) => !before.has(s.id))?.id ?? list[0]?.id ?? null);
      return true;
    } catch (thrown) {
      if (session === this.#session) this.error = toAppError(thrown);
      return false;
    } finally {
      if (session === this.#session) this.saving = false;
    }
  }

  /** Chooses a version and asks for its picture (an answer for one chosen earlier is dropped). */
  async select(snapshot: number): Promise<void> {
    const id = this.mapId;
    if (!id || this.restoring) return;
    if (snapshot !== this.selected) this.confirming = false;
    this.selected = snapshot;
    const token = ++this.#previewToken;
    this.preview = null;
    this.previewLoading = true;
    try {
      const picture = await this.#editor.backend.snapshotPreview(id, snapshot);
      if (token === this.#previewToken) this.preview = picture;
    } catch (thrown) {
      if (token === this.#previewToken) this.error = toAppError(thrown);
    } finally {
      if (token === this.#previewToken) this.previewLoading = false;
    }
  }

  /** Shows the "restore?" question for the chosen version. */
  askRestore(): void {
    if (this.selected !== null && !this.restoring) this.confirming = true;
  }

  cancelRestore(): void {
    this.confirming = false;
  }

  /**
   * Puts the map back as the chosen version was, as one undoable edit sent
   * through the editor (after any edits still on their way). The panel closes
   * on success, so the canvas shows the result.
   */
  async restore(): Promise<boolean> {
    const snapshot = this.selected;
    if (snapshot === null || this.restoring) return false;
    this.restoring = true;
    this.error = null;
    const ok = await this.#editor.request((mapId) => this.#editor.backend.restoreSnapshot(mapId, snapshot));
    this.restoring = false;
    this.confirming = false;
    if (ok) {
      this.close();
    } else {
      // The panel covers the editor's banner: the reason is shown here instead.
      this.error = this.#editor.error ?? { code: 'internal', message: '' };
      this.#editor.dismissError();
    }
    return ok;
  }

  dismissError(): void {
    this.error = null;
  }

  #show(list: SnapshotInfo[], keep: number | null): void {
    this.list = list;
    const next = list.some((s) => s.id === keep) ? keep : (list[0]?.id ?? null);
    if (next === null) {
      this.selected = null;
      this.preview = null;
    } else if (next !== this.selected || (this.preview === null && !this.previewLoading)) {
      void this.select(next);
    }
  }
}
