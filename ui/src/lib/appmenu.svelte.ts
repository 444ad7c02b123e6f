import { tick } from 'svelte';
import type { Backend } from './backend/backend';
import { copyCards } from './clipboard';
import type { Editor } from './editor.svelte';
import type { MenuActions } from './menu';
import { isTyping } from './shortcuts';

// What the native menu bar's items do that no single screen owns: the Edit and View items on
// the open map (the same editor calls as the canvas's keys), keeping the bar's language and
// enabled items in step with the page, and the helpers App's own items use.

/** A dialog is up: the page behind it takes no commands (the same test as Ctrl+E's). */
export function modalUp(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** The focus is in a text field: its own Ctrl+Z, Ctrl+C… belong to the text, not to the map. */
const typing = () => isTyping(document.activeElement);

export interface EditorMenuOptions {
  /** A route is being marked on the canvas: only the view may change meanwhile (as with the keys). */
  picking: () => boolean;
  /** Back to the library. */
  back: () => void;
  /** Writes the open map to a .travesia file. */
  saveAs: () => void;
  /** Puts the chosen cards, or the map, on the clipboard as a picture. */
  copyImage: () => void;
  /** The system's print dialog for the map. */
  print: () => void;
  /** Reads a worksheet filled in elsewhere back into the map (the workshop loop). */
  updateFromSheet: () => void;
}

/**
 * The items that act on the open map. Changes to the map wait for a calm page: no dialog up,
 * no route being marked, no text being typed (the menu shows the keys, which work there on
 * the text itself); the view items only need the map and no dialog.
 */
export function editorActions(editor: Editor, options: EditorMenuOptions): MenuActions {
  const canEdit = () =>
    editor.view !== null && editor.editing === null && !options.picking() && !modalUp() && !typing();
  const canView = () => editor.view !== null && !modalUp();
  const edit = (run: () => unknown) => () => {
    if (canEdit()) void run();
  };
  const view = (run: () => void) => () => {
    if (canView()) run();
  };
  return {
    undo: edit(() => editor.undo()),
    redo: edit(() => editor.redo()),
    copy: edit(() => copyCards(editor)),
    paste: edit(() => editor.paste()),
    duplicate: edit(() => editor.duplicateSelection()),
    delete: edit(() => editor.deleteSelection()),
    zoom_in: view(() => editor.zoomStep(1)),
    zoom_out: view(() => editor.zoomStep(-1)),
    zoom_reset: view(() => editor.resetZoom()),
    zoom_fit: view(() => editor.fit()),
    save_as: view(() => options.saveAs()),
    copy_image: view(() => options.copyImage()),
    print: view(() => options.print()),
    update_from_sheet: edit(() => options.updateFromSheet()),
    library: () => {
      if (!modalUp()) options.back();
    },
  };
}

/** What `set_menu_state` is told. */
export interface MenuState {
  lang: string;
  mapOpen: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Keeps the native menu in the UI language, with the map's items on only while a map is open
 * and Undo/Redo as its history allows. Call once while a component initializes: it tells Rust
 * at once and again whenever `read` changes (and only then: an edit that keeps the same
 * history sends nothing). A failure only leaves the menu as it was.
 */
export function followMenuState(backend: Pick<Backend, 'setMenuState'>, read: () => MenuState): void {
  let last = '';
  $effect(() => {
    const state = read();
    const key = JSON.stringify([state.lang, state.mapOpen, state.canUndo, state.canRedo]);
    if (key === last) return;
    last = key;
    void backend.setMenuState(state.lang, state.mapOpen, state.canUndo, state.canRedo).catch(() => {
      // Asked again with the next change; until then the menu keeps its last state.
      last = '';
    });
  });
}

const nextFrame = () =>
  new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 16);
  });

/**
 * File → New map: puts the keyboard focus on the first template's "Create map" button of the
 * home, once it is drawn (the home may be coming back from the editor, or still loading).
 * Resolves to whether it found one.
 */
export async function focusTemplates(frames = 60): Promise<boolean> {
  for (let i = 0; i < frames; i++) {
    await tick();
    const section = document.getElementById('start-title')?.closest('section');
    const button = section?.querySelector<HTMLButtonElement>('button:not(:disabled)');
    if (button) {
      button.focus();
      button.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      return true;
    }
    await nextFrame();
  }
  return false;
}

/**
 * Resolves once the editor has no edit on its way (or after `ms`): File → Quit lets the last
 * change reach the library before the app ends.
 */
export async function whenIdle(editor: Pick<Editor, 'pending'>, ms = 3000, step = 25): Promise<void> {
  for (let waited = 0; editor.pending > 0 && waited < ms; waited += step) {
    await new Promise((resolve) => setTimeout(resolve, step));
  }
}
