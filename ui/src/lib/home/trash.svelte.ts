import type { Backend } from '../backend/backend';
import { toAppError } from '../backend/backend';
import type { AppError, TrashedMap } from '../bindings';

/** What the trash needs of the library: to re-read the maps and to report a failure. */
export interface TrashOwner {
  refresh(): Promise<void>;
  fail(error: AppError): void;
}

/**
 * The trash: maps deleted from the library, kept until deleted for good. Deleting a map from the
 * home moves it here (`delete_map`), so a mistake can be undone; Rust keeps the list, and this
 * class re-reads it after every change instead of guessing.
 */
export class Trash {
  items = $state.raw<TrashedMap[]>([]);
  /** What is being done, while the call is out: a map's id, or 'empty' for the whole trash. */
  busy = $state<string | null>(null);

  count = $derived(this.items.length);

  readonly #backend: Backend;
  readonly #owner: TrashOwner;

  constructor(backend: Backend, owner: TrashOwner) {
    this.#backend = backend;
    this.#owner = owner;
  }

  async load(): Promise<void> {
    try {
      this.items = await this.#backend.listTrash();
    } catch (thrown) {
      this.#owner.fail(toAppError(thrown));
    }
  }

  /** Takes a map out of the trash, back into the library; resolves to whether it is back. */
  restore(id: string): Promise<boolean> {
    return this.#do(id, () => this.#backend.restoreMap(id), true);
  }

  /** Deletes one map for good. */
  deleteForever(id: string): Promise<boolean> {
    return this.#do(id, () => this.#backend.deleteForever(id), false);
  }

  /** Deletes every map in the trash for good. */
  empty(): Promise<boolean> {
    return this.#do('empty', () => this.#backend.emptyTrash(), false);
  }

  async #do(what: string, call: () => Promise<unknown>, libraryChanges: boolean): Promise<boolean> {
    if (this.busy !== null) return false;
    this.busy = what;
    try {
      await call();
      return true;
    } catch (thrown) {
      this.#owner.fail(toAppError(thrown));
      return false;
    } finally {
      // Re-read either way: after a failure the list may still have changed (another window, a retry).
      await Promise.all([this.load(), libraryChanges ? this.#owner.refresh() : Promise.resolve()]);
      this.busy = null;
    }
  }
}
