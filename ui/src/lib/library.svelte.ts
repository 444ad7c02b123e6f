import type { Backend } from './backend/backend';
import { toAppError } from './backend/backend';
import type { AppError, MapSummary, TemplateInfo } from './bindings';

export type LoadStatus = 'idle' | 'loading' | 'ready';

function time(rfc3339: string): number {
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The library home: the maps in the library, the templates to start new ones,
 * and the last error. Rust owns the data; this class holds what was last read
 * and re-reads after every change rather than guessing the result locally.
 */
export class Library {
  maps = $state<MapSummary[]>([]);
  templates = $state<TemplateInfo[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<AppError | null>(null);
  /** The template a map is being created from, while that call is out. */
  creatingFrom = $state<string | null>(null);
  /** The id of the map made last in this session, so the list can point it out. */
  createdId = $state<string | null>(null);

  /** Most recently changed first (by instant, not by string: offsets may differ). */
  sortedMaps = $derived([...this.maps].sort((a, b) => time(b.updated_at) - time(a.updated_at)));
  isEmpty = $derived(this.status === 'ready' && this.maps.length === 0);

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Reads maps and templates. One failing does not hide the other. */
  async load(lang: string): Promise<void> {
    this.status = 'loading';
    const [maps, templates] = await Promise.allSettled([
      this.#backend.listMaps(),
      this.#backend.listTemplates(lang),
    ]);
    if (maps.status === 'fulfilled') this.maps = maps.value;
    if (templates.status === 'fulfilled') this.templates = templates.value;
    const failed = [maps, templates].find((r) => r.status === 'rejected');
    this.error = failed ? toAppError(failed.reason) : null;
    this.status = 'ready';
  }

  /** The maps again (after editing one), without going back to the loading state. */
  async refresh(): Promise<void> {
    try {
      this.maps = await this.#backend.listMaps();
    } catch (thrown) {
      this.error = toAppError(thrown);
    }
  }

  /** Templates again, e.g. after the UI language changed. */
  async loadTemplates(lang: string): Promise<void> {
    try {
      this.templates = await this.#backend.listTemplates(lang);
    } catch (thrown) {
      this.error = toAppError(thrown);
    }
  }

  /** Creates a map from a template; resolves to its id, or null when it failed (see `error`). */
  async createFromTemplate(template: string, lang: string, title: string | null = null): Promise<string | null> {
    if (this.creatingFrom !== null) return null;
    this.creatingFrom = template;
    this.error = null;
    try {
      const id = await this.#backend.createMap(template, lang, title);
      this.maps = await this.#backend.listMaps();
      this.createdId = id;
      return id;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return null;
    } finally {
      this.creatingFrom = null;
    }
  }

  /** Deletes a map; resolves to whether it is gone. */
  async deleteMap(id: string): Promise<boolean> {
    this.error = null;
    try {
      await this.#backend.deleteMap(id);
      this.maps = await this.#backend.listMaps();
      if (this.createdId === id) this.createdId = null;
      return true;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return false;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
