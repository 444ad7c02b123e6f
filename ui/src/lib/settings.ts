import type { Backend } from './backend/backend';

// What the app remembers between runs, kept in the library (SQLite) by the
// Rust side, so each library reopens its own last map.

const LAST_MAP = 'last_map';
// Keys are [a-z._]{1,64} (the Rust side refuses others).
const HOME_SORT = 'home.sort';
const GUIDE_SEEN = 'guide.seen';
const INSPECTOR_HIDDEN = 'inspector.hidden';
// --- prefs (preferences dialog) ---
/** The UI language chosen in the preferences (a catalogue: "es", "en", "pt-BR"); unset: as the system. */
const UI_LANG = 'ui.lang';
// --- end prefs ---
// --- export (export dialog) ---
const EXPORT_OPTIONS = 'export.choices';
/** Where earlier versions kept them, when a PDF had a 3 mm bleed by default. */
const EXPORT_OPTIONS_BEFORE = 'export.options';
/** A JSON setting longer than this is not written (nor trusted when read). */
export const JSON_SETTING_MAX = 4096;
// --- end export ---

/** The settings the first screen reads (asked for together at start, see main.ts). */
export const START_SETTINGS = [UI_LANG, HOME_SORT, GUIDE_SEEN, LAST_MAP] as const;

/**
 * Export options an earlier version remembered. A PDF had a 3 mm bleed by
 * default then, so a page came out larger than its paper; now the bleed goes
 * with crop marks (the print-shop preset), so it is kept only where crop
 * marks were chosen too.
 */
export function fromEarlierVersion(old: unknown): unknown {
  if (typeof old !== 'object' || old === null) return old;
  const o = old as Record<string, unknown>;
  return o.crop_marks === true ? o : { ...o, bleed_mm: 0 };
}

export class Settings {
  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Remembers the open map (null: none). A failure only means it is not remembered. */
  async rememberLastMap(id: string | null): Promise<void> {
    try {
      await this.#backend.setSetting(LAST_MAP, id);
    } catch {
      // Not worth an error banner: the next start shows the library instead.
    }
  }

  async lastMap(): Promise<string | null> {
    try {
      return await this.#backend.getSetting(LAST_MAP);
    } catch {
      return null;
    }
  }

  // --- home (library home) ---
  /** How the home sorts the maps, as last chosen (null: never chosen, or unreadable). */
  homeSort(): Promise<string | null> {
    return this.#read(HOME_SORT);
  }

  rememberHomeSort(key: string): Promise<void> {
    return this.#write(HOME_SORT, key);
  }

  /** Whether the first-start guide was closed once (then it only opens when asked for). */
  async guideSeen(): Promise<boolean> {
    return (await this.#read(GUIDE_SEEN)) === '1';
  }

  rememberGuideSeen(): Promise<void> {
    return this.#write(GUIDE_SEEN, '1');
  }

  /** Whether the editor's side panel (the inspector) was last folded away. */
  async inspectorHidden(): Promise<boolean> {
    return (await this.#read(INSPECTOR_HIDDEN)) === '1';
  }

  rememberInspectorHidden(hidden: boolean): Promise<void> {
    return this.#write(INSPECTOR_HIDDEN, hidden ? '1' : null);
  }

  /** A stored value; a failure reads as "not set": a preference is never worth an error. */
  async #read(key: string): Promise<string | null> {
    try {
      return await this.#backend.getSetting(key);
    } catch {
      return null;
    }
  }

  /** Stores a value; a failure only means it is not remembered next time. */
  async #write(key: string, value: string | null): Promise<void> {
    try {
      await this.#backend.setSetting(key, value);
    } catch {
      // Same as rememberLastMap: the app works on without it.
    }
  }
  // --- end home ---

  // --- prefs (preferences dialog) ---
  /** The UI language chosen in the preferences, as stored (null: as the system, or unreadable). */
  uiLang(): Promise<string | null> {
    return this.#read(UI_LANG);
  }

  /** Remembers the UI language; null goes back to following the system. */
  rememberUiLang(lang: string | null): Promise<void> {
    return this.#write(UI_LANG, lang);
  }
  // --- end prefs ---

  // --- export (export dialog) ---

  /** The export dialog's last options, as stored (the caller checks them); null when none or unreadable. */
  async exportOptions(): Promise<unknown> {
    const stored = await this.#json(EXPORT_OPTIONS);
    return stored !== null ? stored : fromEarlierVersion(await this.#json(EXPORT_OPTIONS_BEFORE));
  }

  /** Remembers the export dialog's options. A failure only means they are not remembered. */
  rememberExportOptions(options: object): Promise<void> {
    return this.#rememberJson(EXPORT_OPTIONS, options);
  }

  async #json(key: string): Promise<unknown> {
    try {
      const text = await this.#backend.getSetting(key);
      return text && text.length <= JSON_SETTING_MAX ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  async #rememberJson(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text.length > JSON_SETTING_MAX) return;
    try {
      await this.#backend.setSetting(key, text);
    } catch {
      // Not worth an error banner: the dialog starts from its defaults next time.
    }
  }
  // --- end export ---
}
