import type { Backend } from '../backend/backend';
import { toAppError } from '../backend/backend';
import type { AppError, SearchHit } from '../bindings';

/**
 * How long typing must pause before a search that reads every map is sent: one whose words are
 * all shorter than three letters, which the index cannot find (see `indexed`).
 */
export const SEARCH_DELAY_MS = 150;

/**
 * Whether the library's index can answer `query` (a few milliseconds with 1,000 maps): it holds
 * a word of three letters or more, once folded as Rust folds it. Shorter words are found only by
 * reading every map (about 140 ms with 1,000), so those searches wait for a pause in the typing.
 */
export function indexed(query: string): boolean {
  const folded = query.normalize('NFD').replace(/\p{M}/gu, '');
  return folded.split(/\s+/).some((word) => [...word].length >= 3);
}

/**
 * The home's search box: what is typed, and the maps whose title or card text hold it.
 * Rust searches (every word, ignoring case and accents); this class decides when to ask and
 * keeps the answer to the latest query: an answer to an older query that arrives late is
 * dropped, so the list never shows results for text no longer in the box.
 *
 * A query the index answers is sent as it is typed, with at most one on its way: keys typed
 * while one is out are sent together (the latest text) as soon as its answer is in. A query
 * that must read every map waits for a pause in the typing instead.
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
  /** How many searches are on their way to Rust. */
  #out = 0;
  /** Text typed while a search was on its way, to send when it answers. */
  #next: string | null = null;

  constructor(backend: Backend, delay = SEARCH_DELAY_MS) {
    this.#backend = backend;
    this.#delay = delay;
  }

  /** The box changed: search at once if the index can answer, else once the typing pauses. */
  set(query: string): void {
    this.query = query;
    this.#cancelTimer();
    this.#next = null;
    // An answer still on its way is for text that is no longer in the box.
    this.#sequence++;
    if (query.trim() === '') {
      this.#reset();
      return;
    }
    this.busy = true;
    if (!indexed(query)) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#send(query);
      }, this.#delay);
    } else {
      this.#send(query);
    }
  }

  /** Empties the box: the whole library shows again, and any answer on its way is ignored. */
  clear(): void {
    this.query = '';
    this.#cancelTimer();
    this.#next = null;
    this.#reset();
  }

  /** Searches the current query again at once (the library changed under it). */
  async refresh(): Promise<void> {
    if (!this.active) return;
    this.#cancelTimer();
    this.#next = null;
    await this.#run(this.query);
  }

  /** Sends `query` now, or when the search on its way answers. */
  #send(query: string): void {
    if (this.#out > 0) this.#next = query;
    else void this.#run(query);
  }

  async #run(query: string): Promise<void> {
    const mine = ++this.#sequence;
    this.busy = true;
    this.#out++;
    try {
      const hits = await this.#backend.searchMaps(query.trim());
      if (mine !== this.#sequence) return;
      this.hits = hits;
      this.error = null;
    } catch (thrown) {
      if (mine !== this.#sequence) return;
      this.error = toAppError(thrown);
    } finally {
      this.#out--;
      if (mine === this.#sequence) this.busy = false;
      // Text typed meanwhile (`set` clears it on every change, so it is what the box holds).
      const next = this.#next;
      if (this.#out === 0 && next !== null) {
        this.#next = null;
        void this.#run(next);
      }
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
