import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { editorActions, focusTemplates, followMenuState, whenIdle } from './appmenu.svelte';
import { MockBackend } from './testing/mock';
import { Editor } from './editor.svelte';
import type { MenuActions } from './menu';
import { mapView, settle } from './testing/fixtures';

const root = document.documentElement;

afterEach(() => {
  document.body.replaceChildren();
  for (const key of ['mapId', 'busy', 'lastEditMs']) delete root.dataset[key];
});

async function flush(times = 4) {
  for (let i = 0; i < times; i++) await settle();
}

/** The editor on the sample map with the menu's map items, and what the other items were asked to do. */
async function setUp(options: { picking?: boolean } = {}) {
  const backend = new MockBackend({ views: [mapView()] });
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  editor.size = { width: 800, height: 600 };
  const asked: string[] = [];
  const actions = editorActions(editor, {
    picking: () => options.picking ?? false,
    back: () => asked.push('back'),
    saveAs: () => asked.push('save as'),
    copyImage: () => asked.push('copy image'),
    print: () => asked.push('print'),
    updateFromSheet: () => asked.push('update from sheet'),
  });
  const run = async (id: keyof MenuActions) => {
    actions[id]!();
    await flush();
  };
  return { backend, editor, asked, run };
}

describe('editorActions', () => {
  it('deletes, duplicates, copies and pastes the selection as the canvas keys do', async () => {
    const { backend, editor, run } = await setUp();
    editor.select({ kind: 'cards', ids: ['a1'] });
    await run('duplicate');
    // One edit, and the copy (a new id) is what is selected afterwards.
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
    const copy = editor.selectedCards[0]!;
    expect(copy).not.toBe('a1');
    expect(editor.map?.cards.filter((c) => c.text === 'Huele el pan al pasar')).toHaveLength(2);

    await run('delete');
    expect(editor.map?.cards.some((c) => c.id === copy)).toBe(false);

    editor.select({ kind: 'cards', ids: ['a2'] });
    await run('copy');
    expect(editor.clipboard.map((c) => c.id)).toEqual(['a2']);
    editor.select({ kind: 'cell', stage: 's3', lane: 'l-act' });
    await run('paste');
    expect(editor.map?.cards.some((c) => c.stage === 's3' && c.text === 'Mira el escaparate')).toBe(true);
  });

  it('undoes and redoes through the backend', async () => {
    const { backend, editor, run } = await setUp();
    editor.select({ kind: 'cards', ids: ['a1'] });
    await run('delete');
    expect(editor.canUndo).toBe(true);
    await run('undo');
    expect(editor.map?.cards.some((c) => c.id === 'a1')).toBe(true);
    await run('redo');
    expect(editor.map?.cards.some((c) => c.id === 'a1')).toBe(false);
    expect(backend.callsOf('undo_edit')).toHaveLength(1);
    expect(backend.callsOf('redo_edit')).toHaveLength(1);
  });

  it('zooms in, out, back to 100 % and to fit', async () => {
    const { editor, run } = await setUp();
    await run('zoom_in');
    const zoomed = editor.viewport.zoom;
    expect(zoomed).toBeGreaterThan(1);
    await run('zoom_out');
    expect(editor.viewport.zoom).toBeLessThan(zoomed);
    await run('zoom_in');
    await run('zoom_reset');
    expect(editor.viewport).toEqual({ zoom: 1, x: 0, y: 0 });
    await run('zoom_fit');
    // The sketch Scene is larger than 800×600 in one direction, so fitting changes the view.
    expect(editor.viewport).not.toEqual({ zoom: 1, x: 0, y: 0 });
  });

  it('hands Save as, Update from a spreadsheet and Library to the screen', async () => {
    const { asked, run } = await setUp();
    await run('save_as');
    await run('update_from_sheet');
    await run('library');
    expect(asked).toEqual(['save as', 'update from sheet', 'back']);
  });

  it('does not read a worksheet into the map while a route is being marked', async () => {
    const { asked, run } = await setUp({ picking: true });
    await run('update_from_sheet');
    expect(asked).toEqual([]);
  });

  it('leaves the map and the screen alone while a dialog is up', async () => {
    const { backend, editor, asked, run } = await setUp();
    const dialog = document.createElement('div');
    dialog.setAttribute('aria-modal', 'true');
    document.body.append(dialog);
    editor.select({ kind: 'cards', ids: ['a1'] });
    for (const id of ['delete', 'duplicate', 'undo', 'zoom_in', 'save_as', 'library'] as const) await run(id);
    expect(backend.callsOf('apply_edit')).toEqual([]);
    expect(backend.callsOf('undo_edit')).toEqual([]);
    expect(editor.viewport.zoom).toBe(1);
    expect(asked).toEqual([]);
    dialog.remove();
    await run('library');
    expect(asked).toEqual(['back']);
  });

  it('leaves the map to the text while typing in a field; the view still zooms', async () => {
    // Ctrl+Z in a field undoes typing; the menu shows that key, so it must not undo the map instead.
    const { backend, editor, run } = await setUp();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    editor.select({ kind: 'cards', ids: ['a1'] });
    await run('delete');
    await run('paste');
    expect(backend.callsOf('apply_edit')).toEqual([]);
    await run('zoom_in');
    expect(editor.viewport.zoom).toBeGreaterThan(1);
  });

  it('only lets the view change while a route is being marked', async () => {
    const { backend, editor, run } = await setUp({ picking: true });
    editor.select({ kind: 'cards', ids: ['a1'] });
    await run('delete');
    await run('duplicate');
    expect(backend.callsOf('apply_edit')).toEqual([]);
    await run('zoom_in');
    expect(editor.viewport.zoom).toBeGreaterThan(1);
  });

  it('does nothing without a map', async () => {
    const { backend, editor, asked, run } = await setUp();
    editor.close();
    await run('undo');
    await run('zoom_in');
    await run('save_as');
    expect(backend.callsOf('undo_edit')).toEqual([]);
    expect(asked).toEqual([]);
  });
});

describe('followMenuState', () => {
  it('tells the menu the state at once and again on every change, and only then', async () => {
    const backend = new MockBackend();
    const state = $state({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });
    const stop = $effect.root(() => followMenuState(backend, () => ({ ...state })));
    flushSync();
    await settle();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });

    state.lang = 'en';
    flushSync();
    state.mapOpen = true;
    state.canUndo = true;
    flushSync();
    await settle();
    expect(backend.menuState).toEqual({ lang: 'en', mapOpen: true, canUndo: true, canRedo: false });
    const sent = backend.callsOf('set_menu_state').length;
    expect(sent).toBe(3);

    // Set to what it already is: the effect runs, but nothing new goes to Rust.
    state.canUndo = false;
    state.canUndo = true;
    flushSync();
    await settle();
    expect(backend.callsOf('set_menu_state')).toHaveLength(sent);
    stop();
  });

  it('asks again after a failure, even for the same state', async () => {
    const backend = new MockBackend();
    backend.failNext('set_menu_state', { code: 'internal', message: 'no menu yet' });
    const state = $state({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false, tick: 0 });
    const stop = $effect.root(() =>
      followMenuState(backend, () => {
        void state.tick;
        return { lang: state.lang, mapOpen: state.mapOpen, canUndo: state.canUndo, canRedo: state.canRedo };
      }),
    );
    flushSync();
    await settle();
    expect(backend.menuState).toBeNull();
    state.tick++;
    flushSync();
    await settle();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });
    stop();
  });
});

describe('focusTemplates', () => {
  it('focuses the first enabled button of the templates section once it is drawn', async () => {
    const found = focusTemplates(5);
    await settle();
    const section = document.createElement('section');
    const title = document.createElement('h2');
    title.id = 'start-title';
    title.textContent = 'Empieza';
    const busy = document.createElement('button');
    busy.disabled = true;
    busy.textContent = 'busy';
    const first = document.createElement('button');
    first.id = 'first';
    first.textContent = 'Crear mapa';
    const second = document.createElement('button');
    second.textContent = 'Crear mapa';
    section.append(title, busy, first, second);
    document.body.replaceChildren(section);
    expect(await found).toBe(true);
    expect(document.activeElement?.id).toBe('first');
  });

  it('gives up when the home never shows templates', async () => {
    expect(await focusTemplates(2)).toBe(false);
  });
});

describe('whenIdle', () => {
  it('waits for the edits on their way, and no longer than told', async () => {
    const busy = { pending: 1 };
    const started = Date.now();
    const done = whenIdle(busy, 1000, 5);
    setTimeout(() => (busy.pending = 0), 20);
    await done;
    expect(Date.now() - started).toBeLessThan(500);
    // Stuck edits do not keep the app from quitting.
    const stuck = Date.now();
    await whenIdle({ pending: 1 }, 30, 5);
    expect(Date.now() - stuck).toBeGreaterThanOrEqual(25);
  });
});
