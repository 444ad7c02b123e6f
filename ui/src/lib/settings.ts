import type { Backend } from './backend/backend';

// What the app remembers between runs, kept in the library (SQLite) by the
// Rust side, so each library reopens its own last map.

const LAST_MAP = 'last_map';

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
}
