import type EditorViewComponent from './components/editor/EditorView.svelte';

/**
 * The editor's screen is loaded apart from the first screen's script: the canvas, its panels and
 * dialogs are a third of the app's code, and the library home shows sooner without reading them
 * (docs/BENCHMARKS.md, start). It is asked for when a map opens, and ahead of that once the first
 * screen is painted, so that opening a map never waits for it in practice.
 */
export class Screens {
  /** The editor's component, once loaded. */
  editorView = $state.raw<typeof EditorViewComponent | null>(null);
  #loading: Promise<typeof EditorViewComponent> | null = null;

  /** Loads the editor's screen (once); resolves with it. */
  loadEditor(): Promise<typeof EditorViewComponent> {
    this.#loading ??= import('./components/editor/EditorView.svelte').then(
      (module) => (this.editorView = module.default),
      (thrown: unknown) => {
        // Asked again on the next map opened.
        this.#loading = null;
        throw thrown;
      },
    );
    return this.#loading;
  }
}

/** The app's one set of lazily loaded screens. */
export const screens = new Screens();
