import type { Editor } from './editor.svelte';
import type { Library } from './library.svelte';
import type { Settings } from './settings';

/** Which screen is showing: the library, or the editor on one map. */
export class Navigation {
  /** The map open in the editor, or null for the library. */
  mapId = $state<string | null>(null);
  /** The map the editor was last left from, so the library can put the focus back on it. */
  cameFrom = $state<string | null>(null);

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
    const last = await this.#settings.lastMap();
    if (last && this.mapId === null && this.#library.maps.some((m) => m.id === last)) await this.open(last);
  }

  open(id: string): Promise<boolean> {
    this.mapId = id;
    this.cameFrom = null;
    void this.#settings.rememberLastMap(id);
    return this.#editor.open(id);
  }

  back(): void {
    this.cameFrom = this.mapId;
    this.mapId = null;
    void this.#settings.rememberLastMap(null);
    this.#editor.close();
    // Titles and card counts may have changed while editing.
    void this.#library.refresh();
  }
}
