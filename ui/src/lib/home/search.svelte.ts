import type { Backend } from '../backend/backend';
import { toAppError } from '../backend/backend';
import type { AppError, SearchHit } from '../bindings';

/** How long typing must pause before the library is searched. */
export const SEARCH_DELAY_MS = 150;

/**
 * The home's search box: what is typed, and the maps whose title or card text hold it.
 * Rust searches (every word, ignoring case and accents); this class only waits for a pause in
 * the typing and keeps the answer to the latest query: an answer to an older query that
 * arrives late is dropped, so the list never shows results for text no longer in the box.
 */
export class MapSearch {
  /** The text in the box, as typed. */
  query = $state('');
  /** The answer to the current query; null while the box is empty (the whole library shows). */
  hits = $state.raw<SearchHit[] | null>(null);
  /** A query is typed whose answer has not arrived yet. */
  busy = $state(false);
  error = $state<AppError | null>(null);

  /** Whether the box holds anything to search for. */
  active = $derived(this.query.trim() !== '');

  readonly #backend: Backend;
  readonly #delay: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped for every search sent (and on clear): an answer is used only if it is still the latest. */
  #sequence = 0;

  constructor(backend: Backend, delay = SEARCH_DELAY_MS) {
    this.#backend = backend;
    this.#delay = delay;
  }

  /** The box changed: search once the typing pauses. */
  set(query: string): void {
    this.query = query;
    this.#cancelTimer();
    // An answer still on its way is for text that is no longer in the box.
    this.#sequence++;
    if (query.trim() === '') {
      this.#reset();
      return;
    }
    this.busy = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run(query);
    }, this.#delay);
  }

  /** Empties the box: the whole library shows again, and any answer on its way is ignored. */
  clear(): void {
    this.query = '';
    this.#cancelTimer();
    this.#reset();
  }

  /** Searches the current query again at once (the library changed under it). */
  async refresh(): Promise<void> {
    if (!this.active) return;
    this.#cancelTimer();
    await this.#run(this.query);
  }

  async #run(query: string): Promise<void> {
    const mine = ++this.#sequence;
    this.busy = true;
    try {
      const hits = await this.#backend.searchMaps(query.trim());
      if (mine !== this.#sequence) return;
      this.hits = hits;
      this.error = null;
    } catch (thrown) {
      if (mine !== this.#sequence) return;
      this.error = toAppError(thrown);
    } finally {
      if (mine === this.#sequence) this.busy = false;
    }
  }

  #reset(): void {
    this.#sequence++;
    this.hits = null;
    this.busy = false;
    this.error = null;
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
