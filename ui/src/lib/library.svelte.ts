import type { Backend, Unlisten } from './backend/backend';
import { toAppError } from './backend/backend';
import type { AppError, ImageDrop, MapSummary, TemplateInfo } from './bindings';
import { Files } from './files.svelte';
import { Guide } from './home/guide.svelte';
import { Pictures } from './home/pictures.svelte';
import { MapSearch } from './home/search.svelte';
import { DEFAULT_SORT, instant, parseSort, type SortKey } from './home/sort';
import { Trash } from './home/trash.svelte';
import { Settings } from './settings';

export type LoadStatus = 'idle' | 'loading' | 'ready';

/** The longest title Rust takes (validate::TITLE_MAX), in characters. */
export const TITLE_MAX = 200;

/**
 * The library home: the maps in the library, the templates to start new ones,
 * and the last error. Rust owns the data; this class holds what was last read
 * and re-reads after every change rather than guessing the result locally.
 * The home's other parts hang off it and share its backend: the search, the
 * trash, the pictures, files coming in from outside, and the guide.
 */
export class Library {
  // Raw: each answer from Rust replaces the list whole; a deep proxy would make the home's sort
  // read 1,000 maps through it at start.
  maps = $state.raw<MapSummary[]>([]);
  templates = $state.raw<TemplateInfo[]>([]);
  status = $state<LoadStatus>('idle');
  error = $state<AppError | null>(null);
  /** The template a map is being created from, while that call is out. */
  creatingFrom = $state<string | null>(null);
  /** The id of the map made last in this session, so the list can point it out. */
  createdId = $state<string | null>(null);

  /** How the home orders the maps (remembered in the `home.sort` setting). */
  sort = $state<SortKey>(DEFAULT_SORT);
  /** A map whose card takes the keyboard focus when it is next drawn (taken once, see `takeFocus`). */
  focusRequest = $state<string | null>(null);
  /** The map a rename, duplicate or delete is out for. */
  pending = $state<string | null>(null);
  /** The example map is being put in the library. */
  addingExample = $state(false);

  /** Most recently changed first (by instant, not by string: offsets may differ). */
  sortedMaps = $derived([...this.maps].sort((a, b) => instant(b.updated_at) - instant(a.updated_at)));
  isEmpty = $derived(this.status === 'ready' && this.maps.length === 0);

  // --- the home's parts, sharing this library's backend ---
  readonly search: MapSearch;
  readonly trash: Trash;
  readonly pictures: Pictures;
  readonly files: Files;
  readonly guide: Guide;

  readonly #backend: Backend;
  readonly #settings: Settings;

  constructor(backend: Backend, settings: Settings = new Settings(backend)) {
    this.#backend = backend;
    this.#settings = settings;
    this.search = new MapSearch(backend);
    this.trash = new Trash(backend, this);
    this.pictures = new Pictures(backend);
    this.files = new Files(backend, this);
    this.guide = new Guide(settings);
  }

  /** Hears images dropped on the window (a photo is for a persona, on a map's page). */
  onImageDropped(handler: (drop: ImageDrop) => void): Promise<Unlisten> {
    return this.#backend.onImageDropped(handler);
  }

  /**
   * Reads maps and templates, and what the home shows around them (the trash, the sort order,
   * whether the guide was seen). One failing does not hide the others.
   */
  async load(lang: string): Promise<void> {
    this.status = 'loading';
    const [maps, templates, sort] = await Promise.allSettled([
      this.#backend.listMaps(),
      this.#backend.listTemplates(lang),
      this.#settings.homeSort(),
      this.trash.load(),
      this.guide.load(),
    ]);
    if (maps.status === 'fulfilled') this.maps = maps.value;
    if (templates.status === 'fulfilled') this.templates = templates.value;
    if (sort.status === 'fulfilled') this.sort = parseSort(sort.value);
    const failed = [maps, templates].find((r) => r.status === 'rejected');
    this.error = failed ? toAppError(failed.reason) : null;
    this.status = 'ready';
  }

  /** The maps again (after editing one), without going back to the loading state; a search re-runs too. */
  async refresh(): Promise<void> {
    try {
      this.maps = await this.#backend.listMaps();
    } catch (thrown) {
      this.error = toAppError(thrown);
    }
    await this.search.refresh();
  }

  /** Reports a failure in the home's error banner. */
  fail(error: AppError): void {
    this.error = error;
  }

  /** Orders the maps another way, and remembers it for the next start. */
  setSort(key: SortKey): void {
    if (key === this.sort) return;
    this.sort = key;
    void this.#settings.rememberHomeSort(key);
  }

  /** Asks for the keyboard focus to land on a map's card when it is drawn. */
  requestFocus(id: string | null): void {
    this.focusRequest = id;
  }

  /** Whether the card of `id` should take the focus now; true once per request. */
  takeFocus(id: string): boolean {
    if (this.focusRequest !== id) return false;
    this.focusRequest = null;
    return true;
  }

  /** Templates again, e.g. after the UI language changed. */
  async loadTemplates(lang: string): Promise<void> {
    try {
      this.templates = await this.#backend.listTemplates(lang);
    } catch (thrown) {
      this.error = toAppError(thrown);
    }
  }

  /**
   * Creates a map from a template, with its example or (`example` false) its stages and lanes
   * only; resolves to its id, or null when it failed (see `error`).
   */
  async createFromTemplate(
    template: string,
    lang: string,
    title: string | null = null,
    example = true,
  ): Promise<string | null> {
    if (this.creatingFrom !== null) return null;
    this.creatingFrom = template;
    this.error = null;
    try {
      const id = await this.#backend.createMap(template, lang, title, example);
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

  /** Moves a map to the trash (it can be restored from there); resolves to whether it is gone. */
  async deleteMap(id: string): Promise<boolean> {
    this.error = null;
    this.pending = id;
    try {
      await this.#backend.deleteMap(id);
      this.maps = await this.#backend.listMaps();
      if (this.createdId === id) this.createdId = null;
      return true;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return false;
    } finally {
      this.pending = null;
      await this.trash.load();
    }
  }

  /**
   * Gives a map another title (one undoable edit in Rust). Resolves to the error, or null when
   * renamed; the error is the caller's to show (the rename dialog keeps it next to the field).
   */
  async rename(id: string, title: string): Promise<AppError | null> {
    const clean = title.trim();
    if (clean === '') return { code: 'invalid_input', message: 'empty title' };
    this.pending = id;
    try {
      await this.#backend.renameMap(id, clean);
      await this.refresh();
      return null;
    } catch (thrown) {
      return toAppError(thrown);
    } finally {
      this.pending = null;
    }
  }

  /**
   * Copies a map (without its history) under `title`, cut to the longest title Rust takes.
   * The copy is pointed out and takes the focus; resolves to its id, or null (see `error`).
   */
  async duplicate(id: string, title: string): Promise<string | null> {
    this.error = null;
    this.pending = id;
    try {
      const copy = await this.#backend.duplicateMap(id, [...title].slice(0, TITLE_MAX).join(''));
      await this.refresh();
      this.createdId = copy;
      this.requestFocus(copy);
      return copy;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return null;
    } finally {
      this.pending = null;
    }
  }

  /** Writes a map to a `.travesia` file the person picks; resolves to its path, or null (cancelled, or see `error`). */
  async saveFile(id: string, dialogTitle: string): Promise<string | null> {
    this.error = null;
    try {
      return await this.#backend.saveMapFile(id, dialogTitle);
    } catch (thrown) {
      this.error = toAppError(thrown);
      return null;
    }
  }

  /** Puts the example map in the library; resolves to its id (to open it), or null (see `error`). */
  async addExample(): Promise<string | null> {
    if (this.addingExample) return null;
    this.addingExample = true;
    this.error = null;
    try {
      const id = await this.#backend.openExample();
      await this.refresh();
      return id;
    } catch (thrown) {
      this.error = toAppError(thrown);
      return null;
    } finally {
      this.addingExample = false;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
