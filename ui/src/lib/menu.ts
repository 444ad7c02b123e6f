import type { Backend, MenuId, Unlisten } from './backend/backend';

/** What one native menu item does. */
export type MenuAction = () => void;

/** Actions for some menu ids. */
export type MenuActions = Partial<Record<MenuId, MenuAction>>;

export interface LayerOptions {
  /**
   * A mode that owns the window (presentation, a modal dialog): ids it does
   * not handle do nothing while it is up, instead of reaching the screens below.
   */
  modal?: boolean;
}

interface Layer {
  actions: MenuActions;
  modal: boolean;
}

/**
 * The one table from native menu ids to actions. App listens to the backend's
 * `menu` event once and hands every id to `run`; each screen or mode adds its
 * own actions while it is up (`add` returns the function that takes them
 * away again), so an id always does what the screen in front means by it.
 * The most recently added layer that has an action for the id wins.
 */
export class MenuTable {
  #layers: Layer[] = [];

  /** Adds actions on top of the others; returns a function that removes exactly these. */
  add(actions: MenuActions, options: LayerOptions = {}): () => void {
    const layer: Layer = { actions, modal: options.modal ?? false };
    this.#layers.push(layer);
    return () => {
      this.#layers = this.#layers.filter((l) => l !== layer);
    };
  }

  /** Runs the action for `id`; false when nothing took it. */
  run(id: MenuId): boolean {
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i]!;
      const action = layer.actions[id];
      if (action) {
        action();
        return true;
      }
      if (layer.modal) return false;
    }
    return false;
  }

  /** Listens to the native menu; resolves to the function that stops listening. */
  listen(backend: Pick<Backend, 'onMenu'>): Promise<Unlisten> {
    return backend.onMenu((id) => {
      this.run(id);
    });
  }
}
