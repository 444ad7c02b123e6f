import { toAppError } from './backend/backend';
import type { AppError, HistoryEntry } from './bindings';
import type { Editor } from './editor.svelte';

/**
 * The history panel: the open map's stored steps, newest first, and going back (or forward)
 * to any of them. Going goes through the editor like an undo, so the canvas shows Rust's answer
 * and the steps passed over stay ready to redo.
 */
export class StepHistory {
  open = $state(false);
  /** Oldest first, as Rust keeps them. */
  entries = $state.raw<HistoryEntry[]>([]);
  loading = $state(false);
  going = $state(false);
  error = $state.raw<AppError | null>(null);

  /** The last step done (0 when none is): the state the map is in now. */
  current = $derived(this.entries.reduce((last, e) => (e.undone ? last : Math.max(last, e.seq)), 0));

  readonly #editor: Editor;
  #token = 0;

  constructor(editor: Editor) {
    this.#editor = editor;
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  /** Opens the panel; the panel reads the steps (and again after each change of the map). */
  show(): void {
    this.open = true;
    this.error = null;
  }

  close(): void {
    this.open = false;
    this.#token++;
  }

  /** Reads the steps again (after any change to the map while the panel is open). */
  async load(): Promise<void> {
    const id = this.#editor.view?.id;
    if (!id || !this.open) return;
    const token = ++this.#token;
    this.loading = true;
    try {
      const entries = await this.#editor.backend.mapHistory(id);
      if (token === this.#token) this.entries = entries;
    } catch (thrown) {
      if (token === this.#token) this.error = toAppError(thrown);
    } finally {
      if (token === this.#token) this.loading = false;
    }
  }

  /** Puts the map as it was just after step `seq` (0: before the first); the new view makes the panel read the steps again. */
  async goTo(seq: number): Promise<boolean> {
    if (this.going || seq === this.current) return false;
    this.going = true;
    try {
      return await this.#editor.goToStep(seq);
    } finally {
      this.going = false;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
