import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend, TINY_PNG, type MockOptions } from './lib/testing/mock';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';
import { mapView, settle, TEMPLATES } from './lib/testing/fixtures';
import { sampleMap } from './lib/testing/maps';
import { screens } from './lib/screens.svelte';

// The editor's screen loads apart in the app (screens.svelte.ts); here it is read before the tests.
beforeAll(async () => {
  await screens.loadEditor();
});

let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.replaceChildren();
  for (const key of ['mapId', 'busy', 'lastEditMs']) delete document.documentElement.dataset[key];
  delete document.body.dataset.ready;
});

async function flush(times = 4) {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);

/** The whole app on a mock library holding the sample map (and the templates), on the home. */
async function start(options: MockOptions = {}, lang: Lang = 'es') {
  const backend = new MockBackend({ views: [mapView()], templates: TEMPLATES, ...options });
  const i18n = new I18n(lang);
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  app = mount(App, {
    target: document.body,
    props: { i18n, library: new Library(backend), editor, settings: new Settings(backend) },
  });
  await flush();
  return { backend, i18n, editor };
}

/** The same, with the sample map opened from the home. */
async function startInEditor(options: MockOptions = {}, lang: Lang = 'es') {
  const started = await start(options, lang);
  byTestId('open-map')!.click();
  await flush();
  expect(document.documentElement.dataset.mapId).toBe('map-1');
  return started;
}

describe('File menu', () => {
  it('New map goes back to the home and puts the focus on the first template', async () => {
    // From the editor: the home comes back and the first "Crear mapa" button has the keyboard focus,
    // so Enter makes a map; a search that hid the templates is cleared.
    const { backend } = await startInEditor();
    backend.chooseMenu('new_map');
    await flush(8);
    expect(document.documentElement.dataset.mapId).toBeUndefined();
    const first = document.querySelector('[data-testid="template-classic"] button');
    expect(first).not.toBeNull();
    expect(document.activeElement).toBe(first);
  });

  it('Open file runs the home\'s open-file flow, from either screen', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('open_file');
    await flush();
    expect(backend.callsOf('open_file')).toEqual([{ command: 'open_file', args: { title: 'Abrir un mapa de Travesía', lang: 'es' } }]);
  });

  it('Save as writes the open map to a file and says where', async () => {
    const { backend } = await startInEditor();
    backend.dialogAnswers.push('/home/ana/Escritorio/Panadería.travesia');
    backend.chooseMenu('save_as');
    await flush();
    const [call] = backend.callsOf('save_map_file');
    expect(call?.args.id).toBe('map-1');
    expect(byTestId('toast')?.textContent).toContain('Guardado en /home/ana/Escritorio/Panadería.travesia');
  });

  it('Save as shows a failure in the editor\'s banner, and a cancelled dialog says nothing', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('save_as');
    await flush();
    expect(byTestId('toast')).toBeNull();
    backend.failNext('save_map_file', { code: 'io', message: 'read-only file system' });
    backend.chooseMenu('save_as');
    await flush();
    expect(document.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('io');
  });

  it('Update from a spreadsheet sends the sheet’s one edit, says what changed, and undoes it at once', async () => {
    const { backend, editor } = await startInEditor();
    const before = editor.map!.cards.length;
    backend.dialogAnswers.push('/home/ana/taller.xlsx');
    backend.worksheetAnswers.push({
      edit: {
        type: 'batch',
        edits: [
          { type: 'insert_card', card: { id: 'c-new', stage: 's1', lane: 'l-act', text: 'Pregunta en el grupo' }, place: { in_cell: 0 }, steps: [] },
        ],
      },
      words: 'Hoja leída en el mapa: 1 tarjeta nueva. Ctrl+Z lo deshace todo de una vez.',
      error: null,
    });
    backend.chooseMenu('update_from_sheet');
    await flush(6);
    expect(backend.callsOf('read_worksheet')[0]?.args).toMatchObject({ id: 'map-1', lang: 'es' });
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
    expect(editor.map!.cards.length).toBe(before + 1);
    expect(byTestId('toast')?.textContent).toContain('Hoja leída en el mapa: 1 tarjeta nueva.');
    // The note's Undo takes the whole sheet back.
    document.querySelector<HTMLButtonElement>('[data-testid="toast"] button')!.click();
    await flush(6);
    expect(editor.map!.cards.length).toBe(before);
  });

  it('Update from a spreadsheet lists a refused sheet’s problems, as a refused file’s, and changes nothing', async () => {
    const { backend, editor } = await startInEditor();
    const before = editor.map!.cards.length;
    backend.dialogAnswers.push('/home/ana/taller.csv');
    backend.worksheetAnswers.push({
      edit: null,
      words: '',
      error: {
        code: 'invalid_input',
        message: 'E2: "9" is not an emotion from -2 to +2',
        issues: [
          {
            words: 'Fila 2, columna «Descubre»: «9» no es una emoción de −2 a +2',
            path: 'E2',
            value: '9',
            message: '"9" is not an emotion from -2 to +2',
            problem: { kind: 'out_of_range', min: -2, max: 2 },
          },
        ],
        summary: null,
        valid_part: null,
      },
    });
    backend.chooseMenu('update_from_sheet');
    await flush(6);
    expect(byTestId('file-error')?.textContent).toContain('Fila 2, columna «Descubre»: «9» no es una emoción de −2 a +2');
    expect(byTestId('file-error')?.textContent).toContain('/home/ana/taller.csv');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    expect(editor.map!.cards.length).toBe(before);
  });

  it('Library goes back to the home', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('library');
    await flush();
    expect(document.documentElement.dataset.mapId).toBeUndefined();
    expect(document.querySelector('li[data-map-id="map-1"]')).not.toBeNull();
  });

  it('Quit ends the app once the edit on its way has been stored', async () => {
    const { backend, editor } = await startInEditor();
    backend.pause();
    editor.select({ kind: 'cards', ids: ['a1'] });
    void editor.deleteSelection();
    await flush();
    backend.chooseMenu('quit');
    await flush();
    // The delete is held in the mock: quitting now would lose it.
    expect(backend.quitCalled).toBe(false);
    backend.resume();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
    expect(backend.quitCalled).toBe(true);
  });
});

describe('Edit and View menus', () => {
  it('undo, redo, copy, paste, duplicate and delete act on the map in the editor', async () => {
    const { backend, editor } = await startInEditor();
    editor.select({ kind: 'cards', ids: ['a1'] });
    backend.chooseMenu('duplicate');
    await flush();
    expect(editor.map?.cards.filter((c) => c.text === 'Huele el pan al pasar')).toHaveLength(2);
    backend.chooseMenu('delete');
    await flush();
    expect(editor.map?.cards.filter((c) => c.text === 'Huele el pan al pasar')).toHaveLength(1);
    backend.chooseMenu('undo');
    await flush();
    expect(editor.map?.cards.filter((c) => c.text === 'Huele el pan al pasar')).toHaveLength(2);
    backend.chooseMenu('redo');
    await flush();
    expect(editor.map?.cards.filter((c) => c.text === 'Huele el pan al pasar')).toHaveLength(1);

    editor.select({ kind: 'cards', ids: ['a2'] });
    backend.chooseMenu('copy');
    editor.select({ kind: 'cell', stage: 's3', lane: 'l-act' });
    backend.chooseMenu('paste');
    await flush();
    expect(editor.map?.cards.some((c) => c.stage === 's3' && c.text === 'Mira el escaparate')).toBe(true);
    expect(backend.callsOf('undo_edit')).toHaveLength(1);
    expect(backend.callsOf('redo_edit')).toHaveLength(1);
  });

  it('zooms the canvas, and the toolbar shows it', async () => {
    const { backend, editor } = await startInEditor();
    backend.chooseMenu('zoom_in');
    await flush();
    expect(editor.viewport.zoom).toBeGreaterThan(1);
    expect(byTestId('zoom')?.textContent).not.toContain('100');
    backend.chooseMenu('zoom_reset');
    await flush();
    expect(editor.viewport.zoom).toBe(1);
    backend.chooseMenu('zoom_out');
    await flush();
    expect(editor.viewport.zoom).toBeLessThan(1);
    backend.chooseMenu('zoom_fit');
    await flush();
    expect(Number.isFinite(editor.viewport.zoom)).toBe(true);
  });

  it('does nothing to the map from the home', async () => {
    // The items are disabled there by set_menu_state; a stray id still must not reach a closed editor.
    const { backend } = await start();
    for (const id of ['undo', 'delete', 'zoom_in', 'save_as'] as const) backend.chooseMenu(id);
    await flush();
    expect(backend.callsOf('undo_edit')).toEqual([]);
    expect(backend.callsOf('save_map_file')).toEqual([]);
  });
});

describe('Map menu', () => {
  it('opens the personas drawer, the routes panel, versions, the snapshot name and the export dialog', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('personas');
    await flush();
    expect(byTestId('personas-panel')).not.toBeNull();
    backend.chooseMenu('routes');
    await flush();
    expect(byTestId('routes-panel')).not.toBeNull();
    backend.chooseMenu('versions');
    await flush();
    expect(byTestId('versions-panel')).not.toBeNull();
    document.querySelector<HTMLElement>('[data-testid="versions-panel"]')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await flush();
    backend.chooseMenu('export');
    await flush();
    expect(byTestId('export-dialog')).not.toBeNull();
  });

  it('Save version asks for its name, and Present shows the map full screen until chosen again', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('snapshot');
    await flush();
    expect(byTestId('versions-panel')).not.toBeNull();
    expect(byTestId('version-name')).not.toBeNull();
    byTestId('versions-panel')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();

    backend.chooseMenu('present');
    await flush();
    expect(byTestId('presentation')).not.toBeNull();
    expect(backend.fullscreen).toBe(true);
    // Presenting owns the window: Delete from the menu does not reach the map behind it.
    backend.chooseMenu('delete');
    backend.chooseMenu('present');
    await flush();
    expect(byTestId('presentation')).toBeNull();
    expect(backend.callsOf('apply_edit')).toEqual([]);
  });
});

describe('Help menu', () => {
  it('opens the shortcuts sheet, the guide and About on either screen', async () => {
    const { backend } = await start();
    backend.chooseMenu('shortcuts');
    await flush();
    expect(byTestId('shortcuts')).not.toBeNull();
    // The sheet lists the menu's own keys too.
    const saveAs = document.querySelector('[data-shortcut="shortcut.saveAs"]')!;
    expect([...saveAs.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', 'Mayús', 'S']);
    expect(saveAs.textContent).toContain('Guardar el mapa como archivo .travesia');
    byTestId('shortcuts-close')!.click();
    await flush();

    backend.chooseMenu('about');
    await flush();
    const about = byTestId('about-dialog')!;
    expect(about.textContent).toContain('Versión 0.1.0');
    expect(about.textContent).toContain('SIL Open Font License 1.1');
    expect(about.textContent).toContain('Tabler Icons');
    expect(about.textContent).toContain('MIT');
    // A second dialog does not open over the first.
    backend.chooseMenu('settings');
    await flush();
    expect(byTestId('preferences-dialog')).toBeNull();
    about.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(byTestId('about-dialog')).toBeNull();

    backend.chooseMenu('guide');
    await flush();
    expect(document.querySelector('[aria-modal="true"]')).not.toBeNull();
  });

  it('Open logs folder asks Rust to show it, and says so when the desktop cannot', async () => {
    const { backend } = await startInEditor();
    backend.chooseMenu('logs');
    await flush();
    expect(backend.callsOf('open_logs_folder')).toHaveLength(1);
    expect(byTestId('window-error')).toBeNull();
    backend.failNext('open_logs_folder', { code: 'io', message: '/home/ana/.local/share/logs could not be shown' });
    backend.chooseMenu('logs');
    await flush();
    const banner = byTestId('window-error')!;
    expect(banner.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('io');
    expect(banner.textContent).toContain('/home/ana/.local/share/logs could not be shown');
    // The map stays open behind it.
    expect(document.documentElement.dataset.mapId).toBe('map-1');
  });
});

describe('Preferences', () => {
  it('changes the interface language at once, for the menu too, and remembers it', async () => {
    const { backend, i18n } = await start();
    expect(backend.menuState?.lang).toBe('es');
    backend.chooseMenu('settings');
    await flush();
    const dialog = byTestId('preferences-dialog')!;
    const select = byTestId<HTMLSelectElement>('pref-language')!;
    expect(document.activeElement).toBe(select);
    // Every catalogue in i18n/ is a choice, each named in its own language.
    expect([...select.options].map((o) => o.value)).toEqual(['es', 'en', 'pt-BR', 'system']);
    expect(select.options[2]?.textContent?.trim()).toBe('Português (Brasil)');
    expect(select.value).toBe('system');

    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(i18n.lang).toBe('en');
    expect(dialog.querySelector('h2')?.textContent).toBe('Preferences');
    expect(backend.settings.get('ui.lang')).toBe('en');
    expect(backend.menuState?.lang).toBe('en');
    // The templates come again, in English.
    expect(backend.callsOf('list_templates').map((c) => c.args.lang)).toEqual(['es', 'en']);

    select.value = 'pt-BR';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(i18n.lang).toBe('pt-BR');
    expect(dialog.querySelector('h2')?.textContent).toBe('Preferências');
    expect(backend.menuState?.lang).toBe('pt-BR');
    expect(backend.callsOf('list_templates').map((c) => c.args.lang)).toEqual(['es', 'en', 'pt-BR']);
  });

  it('starts in the language remembered in the library', async () => {
    const { i18n, backend } = await start({ settings: { 'ui.lang': 'en' } }, 'es');
    expect(i18n.lang).toBe('en');
    // Read before the home loads, so nothing was asked in Spanish first.
    expect(backend.callsOf('list_templates').map((c) => c.args.lang)).toEqual(['en']);
    expect(document.querySelector('#start-title')?.textContent).toBe('Start a new map');
  });

  it('the header\'s language buttons make the same, remembered choice', async () => {
    const { backend } = await start();
    const english = [...document.querySelectorAll<HTMLButtonElement>('header button')].find(
      (b) => b.textContent?.trim() === 'English',
    )!;
    english.click();
    await flush();
    expect(backend.settings.get('ui.lang')).toBe('en');
    backend.chooseMenu('settings');
    await flush();
    expect(byTestId<HTMLSelectElement>('pref-language')!.value).toBe('en');
  });
});

describe('menu state', () => {
  it('follows the language, whether a map is open, and its history', async () => {
    const { backend, editor } = await start();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });
    byTestId('open-map')!.click();
    await flush();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: true, canUndo: false, canRedo: false });
    editor.select({ kind: 'cards', ids: ['a1'] });
    await editor.deleteSelection();
    await flush();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: true, canUndo: true, canRedo: false });
    await editor.undo();
    await flush();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: true, canUndo: false, canRedo: true });
    byTestId('back')!.click();
    await flush();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });
  });
});

describe('File → Print', () => {
  it('asks Rust for the print dialog on the open map, and says so once it went to the printer', async () => {
    const { backend } = await startInEditor();
    backend.printAnswer = false;
    backend.chooseMenu('print');
    await flush();
    expect(backend.callsOf('print_map')).toEqual([{ command: 'print_map', args: { id: 'map-1' } }]);
    expect(byTestId('toast')).toBeNull();
    backend.printAnswer = true;
    backend.chooseMenu('print');
    await flush();
    expect(backend.printed).toEqual(['map-1']);
    expect(byTestId('toast')?.textContent).toContain('El mapa ha ido a la impresora.');
  });

  it('shows a failure in the editor banner', async () => {
    const { backend } = await startInEditor();
    backend.failNext('print_map', { code: 'io', message: 'the map could not be printed: no printer' });
    backend.chooseMenu('print');
    await flush();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('no printer');
  });
});

describe('Copy as image and photos dropped on the window', () => {
  it('puts the chosen cards, or the whole map, on the clipboard as a picture and says so', async () => {
    const { backend, editor } = await startInEditor();
    // An undo's note is up first (duplicate, delete, undo: the steps another test takes too).
    editor.select({ kind: 'cards', ids: ['a1'] });
    backend.chooseMenu('duplicate');
    await flush();
    backend.chooseMenu('delete');
    await flush();
    backend.chooseMenu('undo');
    await flush();
    expect(byTestId('toast')?.textContent).toContain('Deshecho');
    editor.select({ kind: 'cards', ids: ['a1', 'a2'] });
    backend.chooseMenu('copy_image');
    await flush();
    expect(backend.copiedImages).toEqual([{ id: 'map-1', cards: ['a1', 'a2'] }]);
    expect(byTestId('toast')?.textContent).toContain('Las tarjetas elegidas están en el portapapeles como imagen (640 × 280 px)');
    expect(document.querySelectorAll('[data-testid="toast"]')).toHaveLength(1);
    editor.select({ kind: 'none' });
    backend.chooseMenu('copy_image');
    await flush();
    expect(backend.copiedImages.at(-1)).toEqual({ id: 'map-1', cards: [] });
    expect(byTestId('toast')?.textContent).toContain('El mapa está en el portapapeles como imagen (2400 × 1600 px)');
    // One note at a time on the editor screen: the newest.
    expect(document.querySelectorAll('[data-testid="toast"]')).toHaveLength(1);
  });

  it('makes an image dropped on a persona its photo (one edit), and says where to drop one that missed', async () => {
    const map = {
      ...sampleMap(),
      personas: [
        { id: 'p-ana', name: 'Ana', role: 'Dueña', goals: ['Vender más'], channels: ['store'] },
        { id: 'p-luis', name: 'Luis' },
      ],
    };
    const { backend, editor } = await startInEditor({ views: [mapView(map)] });
    backend.chooseMenu('personas');
    await flush();
    const item = document.querySelector<HTMLElement>('[data-testid="persona-item"][data-persona-id="p-ana"]')!;
    expect(item).not.toBeNull();
    const at = (el: Element | null) => {
      document.elementFromPoint = () => el;
    };
    // Missed: over the toolbar.
    at(byTestId('undo'));
    backend.dropImage({ token: 1, name: 'lucía.png', x: 10, y: 10 }, 'data:image/png;base64,AAAA');
    await flush();
    expect(byTestId('toast')?.textContent).toContain('Suelta «lucía.png» sobre una tarjeta o una celda');
    expect(backend.callsOf('apply_edit')).toEqual([]);
    // On her entry in the drawer (on the avatar inside it).
    at(item.firstElementChild);
    backend.dropImage({ token: 2, name: 'lucía.png', x: 200, y: 120 }, TINY_PNG);
    await flush(8);
    expect(backend.callsOf('dropped_photo')).toEqual([{ command: 'dropped_photo', args: { token: 2 } }]);
    // The note about the drop that missed goes once the photo is there.
    expect(byTestId('toast')).toBeNull();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_persona', id: 'p-ana', patch: { photo: TINY_PNG } },
    ]);
    // As Rust stores it (re-encoded, a PNG still).
    expect(editor.map?.personas?.[0]?.photo).toMatch(/^data:image\/png;base64,/);
    expect(editor.canUndo).toBe(true);
  });

  it('puts an image dropped on a card on that card, and one dropped on a cell on a new card there', async () => {
    const { backend, editor } = await startInEditor({ views: [mapView(sampleMap())] });
    const canvas = byTestId('canvas')!;
    const scene = editor.view!.scene;
    // jsdom lays nothing out: the canvas is at the page's corner, at 100 %.
    document.elementFromPoint = () => canvas;
    const a1 = scene.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a1')!;
    backend.dropImage({ token: 3, name: 'tienda.png', x: a1.x + 5, y: a1.y + 5 }, TINY_PNG);
    await flush(8);
    expect(backend.callsOf('dropped_image')).toEqual([{ command: 'dropped_image', args: { token: 3 } }]);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'update_card', id: 'a1', patch: { image: TINY_PNG } }]);
    expect(editor.map?.cards.find((c) => c.id === 'a1')?.image).toMatch(/^data:image\/png;base64,/);
    // An empty cell of a lane of cards: a new card holding the picture, chosen.
    const cell = scene.hits.find((h) => h.target.kind === 'cell' && h.target.stage === 's3' && h.target.lane === 'l-act')!;
    backend.dropImage({ token: 4, name: 'boceto.png', x: cell.x + cell.w / 2, y: cell.y + cell.h / 2 }, TINY_PNG);
    await flush(8);
    expect(backend.callsOf('apply_edit').at(-1)!.args.edit).toMatchObject({
      type: 'insert_card',
      card: { stage: 's3', lane: 'l-act', text: '', image: TINY_PNG },
      place: { in_cell: 0 },
    });
    const made = editor.map!.cards.find((c) => c.stage === 's3' && c.lane === 'l-act')!;
    expect(made.image).toMatch(/^data:image\/png;base64,/);
    expect(editor.selection).toEqual({ kind: 'cards', ids: [made.id] });
    // A point of the emotions curve takes no picture: where to drop it is said instead.
    const point = editor.view!.scene.hits.find((h) => h.target.kind === 'point')!;
    const before = backend.callsOf('apply_edit').length;
    backend.dropImage({ token: 5, name: 'cara.png', x: point.x + point.w / 2, y: point.y + point.h / 2 }, TINY_PNG);
    await flush(8);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit).slice(before)).toEqual([]);
    expect(byTestId('toast')?.textContent).toContain('Suelta «cara.png» sobre una tarjeta o una celda');
  });
});
