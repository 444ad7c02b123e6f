import type { Editor } from './editor.svelte';
import type { Library } from './library.svelte';
import type { Settings } from './settings';

/** A map a link may name: its id and title. */
export interface MapRef {
  id: string;
  title: string;
}

/**
 * Links between maps, as the editor sees them: the library's maps a card or stage may link
 * to, following a link, and Back to the map it was followed from.
 */
export interface LinkNav {
  readonly maps: readonly MapRef[];
  /** Opens linked map `id` (its edits saved first); false when the library has no such map. */
  follow(id: string): Promise<boolean>;
  /** The map Back returns to, when a link was followed to this one. */
  readonly backTo: MapRef | null;
  /** Returns to the map the last link was followed from. */
  return(): Promise<boolean>;
}

/** Which screen is showing: the library, or the editor on one map. */
export class Navigation implements LinkNav {
  /** The map open in the editor, or null for the library. */
  mapId = $state<string | null>(null);
  /** The map the editor was last left from, so the library can put the focus back on it. */
  cameFrom = $state<string | null>(null);
  /** The maps links were followed from, the last one last: Back walks it back. */
  trail = $state.raw<MapRef[]>([]);

  readonly #editor: Editor;
  readonly #library: Library;
  readonly #settings: Settings;

  constructor(editor: Editor, library: Library, settings: Settings) {
    this.#editor = editor;
    this.#library = library;
    this.#settings = settings;
  }

  /** Loads the library, then reopens the map open last time if it is still there. */
  async start(lang: string): Promise<void> {
    await this.#library.load(lang);
    performance.mark('start:library');
    const last = await this.#settings.lastMap();
    if (last && this.mapId === null && this.#library.maps.some((m) => m.id === last)) await this.open(last);
  }

  get maps(): readonly MapRef[] {
    return this.#library.maps;
  }

  get backTo(): MapRef | null {
    return this.trail.at(-1) ?? null;
  }

  async follow(id: string): Promise<boolean> {
    const from = this.mapId;
    if (from === null || id === from || !this.#library.maps.some((m) => m.id === id)) return false;
    const title = this.#editor.map?.title ?? '';
    await this.#editor.saved();
    this.trail = [...this.trail, { id: from, title }];
    return this.#show(id);
  }

  async return(): Promise<boolean> {
    const to = this.backTo;
    if (!to) return false;
    await this.#editor.saved();
    this.trail = this.trail.slice(0, -1);
    return this.#show(to.id);
  }

  #show(id: string): Promise<boolean> {
    this.mapId = id;
    void this.#settings.rememberLastMap(id);
    return this.#editor.open(id);
  }

  open(id: string): Promise<boolean> {
    this.trail = [];
    this.mapId = id;
    this.cameFrom = null;
    void this.#settings.rememberLastMap(id);
    return this.#editor.open(id);
  }

  back(): void {
    this.trail = [];
    this.cameFrom = this.mapId;
    this.mapId = null;
    void this.#settings.rememberLastMap(null);
    this.#editor.close();
    // Titles and card counts may have changed while editing.
    void this.#library.refresh();
  }
}
