import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend } from './lib/testing/mock';
import type { ErrorCode, LibraryProblem } from './lib/bindings';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';
import { MAPS, settle, TEMPLATES } from './lib/testing/fixtures';
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
  delete document.body.dataset.ready;
});

async function flush(times = 4) {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

const PATH = '/home/ana/.local/share/travesia/library.db';
const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function problem(code: ErrorCode, backups: LibraryProblem['backups']): LibraryProblem {
  return { error: { code, message: `the library ${PATH} is damaged (file is not a database)` }, path: PATH, backups };
}

/** The app started on a library that did not open. */
async function start(trouble: LibraryProblem | null, lang: Lang = 'es') {
  const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES, settings: { last_map: 'm-newer' } });
  backend.problem = trouble;
  app = mount(App, {
    target: document.body,
    props: {
      i18n: new I18n(lang),
      library: new Library(backend),
      editor: new Editor(backend, { frame: () => Promise.resolve() }),
      settings: new Settings(backend),
    },
  });
  await flush();
  return { backend };
}

const BACKUPS: LibraryProblem['backups'] = [
  { date: '2026-11-23', good: false },
  { date: '2026-11-22', good: true },
  { date: '2026-11-20', good: true },
];

describe('a library that did not open', () => {
  it('shows the recovery screen instead of the home, ready for end-to-end tests, and loads nothing else', async () => {
    // Every other call would fail with the same error, so the home must not even try.
    const { backend } = await start(problem('damaged', BACKUPS));
    expect(byTestId('library-problem')).not.toBeNull();
    expect(document.body.dataset.ready).toBe('1');
    expect(backend.callsOf('list_maps')).toEqual([]);
    expect(backend.callsOf('open_map')).toEqual([]);
    expect(document.querySelector('h1')?.textContent).toBe('La biblioteca está dañada');
    expect(document.activeElement).toBe(document.querySelector('h1'));
    expect(byTestId('library-problem-message')?.textContent).toContain('No se ha cambiado nada');
    expect(byTestId('library-problem-path')?.textContent).toBe(PATH);
    // The backend's own words are only a detail.
    expect(document.querySelector('details code')?.textContent).toContain('damaged: the library');
  });

  it('lists the backups with their dates in the UI language and good or damaged marks', async () => {
    await start(problem('damaged', BACKUPS));
    const items = allByTestId('backup-item');
    expect(items.map((i) => [i.dataset.date, i.dataset.good])).toEqual([
      ['2026-11-23', '0'],
      ['2026-11-22', '1'],
      ['2026-11-20', '1'],
    ]);
    expect(items[0]?.textContent).toContain('23 de noviembre de 2026');
    expect(items[0]?.textContent).toContain('Dañada');
    expect(items[1]?.textContent).toContain('En buen estado');
    expect(items[1]?.textContent).toContain('La más reciente');
    // A damaged one cannot be chosen; the newest good one is.
    const radios = items.map((i) => i.querySelector<HTMLInputElement>('input[type="radio"]')!);
    expect(radios.map((r) => [r.disabled, r.checked])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect(byTestId('backup-restore')?.textContent?.trim()).toBe('Restaurar la copia del 22 de noviembre de 2026');
  });

  it('restores the chosen backup after asking, then says where the damaged file went and loads the home', async () => {
    const { backend } = await start(problem('damaged', BACKUPS));
    const older = allByTestId('backup-item')[2]!.querySelector<HTMLInputElement>('input')!;
    older.click();
    flushSync();
    expect(byTestId('backup-restore')?.textContent?.trim()).toBe('Restaurar la copia del 20 de noviembre de 2026');

    byTestId('backup-restore')!.click();
    flushSync();
    const dialog = byTestId('backup-restore-dialog')!;
    expect(dialog.querySelector('h2')?.textContent).toBe('¿Restaurar la copia del 20 de noviembre de 2026?');
    // Enter confirms: the confirm button has the focus.
    expect(document.activeElement).toBe(byTestId('backup-restore-confirm'));
    byTestId('backup-restore-confirm')!.click();
    flushSync();
    // The restore's answer is a microtask away: until it comes, the dialog shows the progress.
    expect(byTestId('backup-restoring')?.textContent).toContain('Restaurando la copia del 20 de noviembre de 2026');
    expect(byTestId<HTMLButtonElement>('backup-restore-confirm')?.disabled).toBe(true);
    await flush();

    expect(backend.callsOf('restore_library_backup')).toEqual([
      { command: 'restore_library_backup', args: { date: '2026-11-20' } },
    ]);
    expect(byTestId('library-problem')).toBeNull();
    const note = byTestId('library-restored')!;
    expect(note.textContent).toContain('Se restauró la copia del 20 de noviembre de 2026');
    expect(byTestId('library-restored-path')?.textContent).toBe(`${PATH}.damaged-2026-11-23T10-00-00`);
    expect(document.activeElement).toBe(note);
    // The home loaded, and stayed there rather than reopening the last map of the restored library.
    expect(backend.callsOf('list_maps').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('li[data-map-id]')).toHaveLength(2);
    expect(backend.callsOf('open_map')).toEqual([]);

    byTestId('library-restored-close')!.click();
    flushSync();
    expect(byTestId('library-restored')).toBeNull();
  });

  it('cancels the question with Esc and restores nothing', async () => {
    const { backend } = await start(problem('damaged', BACKUPS));
    byTestId('backup-restore')!.click();
    flushSync();
    byTestId('backup-restore-dialog')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(byTestId('backup-restore-dialog')).toBeNull();
    expect(backend.callsOf('restore_library_backup')).toEqual([]);
  });

  it('keeps the screen with the error when the restore fails', async () => {
    const { backend } = await start(problem('damaged', BACKUPS));
    backend.failNext('restore_library_backup', { code: 'io', message: 'read-only file system' });
    byTestId('backup-restore')!.click();
    flushSync();
    byTestId('backup-restore-confirm')!.click();
    await flush();
    expect(byTestId('library-problem')).not.toBeNull();
    expect(byTestId('backup-restore-dialog')).toBeNull();
    expect(document.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('io');
    expect(byTestId('library-restored')).toBeNull();
  });

  it('says so when no backup is good, and what to do, with the file untouched', async () => {
    await start(problem('damaged', [{ date: '2026-11-23', good: false }]));
    expect(byTestId('backup-restore')).toBeNull();
    const none = byTestId('library-problem-none')!;
    expect(none.textContent).toContain('No hay ninguna copia de seguridad que se pueda restaurar');
    expect(none.textContent).toContain('sigue tal cual, sin tocar');
    expect(none.textContent).toContain('mueve ese archivo a otra carpeta');
    expect(allByTestId('backup-item')).toHaveLength(1);
    expect(byTestId('library-problem-path')?.textContent).toBe(PATH);
  });

  it('words each kind of problem in the UI language', async () => {
    // too_new: the advice is to update; backups this version cannot read are marked so, not "damaged".
    await start(problem('too_new', [{ date: '2026-11-23', good: false }, { date: '2026-10-01', good: true }]), 'en');
    expect(document.querySelector('h1')?.textContent).toBe('This library is from a newer Travesía');
    expect(byTestId('library-problem-message')?.textContent).toContain('Install the latest version');
    expect(allByTestId('backup-item')[0]?.textContent).toContain('Cannot be read');
    expect(byTestId('backup-restore')?.textContent?.trim()).toBe('Restore the backup of October 1, 2026');
    unmount(app!);
    app = undefined;
    document.body.replaceChildren();

    await start(problem('io', []));
    expect(document.querySelector('h1')?.textContent).toBe('No se puede abrir el archivo de la biblioteca');
    expect(byTestId('library-problem-message')?.textContent).toContain('solo lectura');
    // No backups at all: only the note and no empty list; "start afresh" is advice for a damaged file only.
    expect(allByTestId('backup-item')).toHaveLength(0);
    expect(byTestId('library-problem-none')?.textContent).not.toContain('mueve ese archivo');
    unmount(app!);
    app = undefined;
    document.body.replaceChildren();

    await start(problem('internal', []));
    expect(document.querySelector('h1')?.textContent).toBe('No se pudo abrir la biblioteca');
  });

  it('copies the path, and closes the app from the screen', async () => {
    const { backend } = await start(problem('damaged', []));
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void written.push(text) },
    });
    byTestId('library-problem-copy')!.click();
    await flush();
    expect(written).toEqual([PATH]);
    expect(byTestId('library-problem-copy')?.textContent?.trim()).toBe('Ruta copiada');
    byTestId('library-problem-quit')!.click();
    await flush();
    expect(backend.quitCalled).toBe(true);
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('lets only Preferences, About and Quit through the menu while it shows', async () => {
    const { backend } = await start(problem('damaged', BACKUPS));
    backend.chooseMenu('new_map');
    backend.chooseMenu('open_file');
    backend.chooseMenu('shortcuts');
    await flush();
    expect(backend.callsOf('open_file')).toEqual([]);
    expect(byTestId('shortcuts')).toBeNull();
    expect(backend.menuState).toEqual({ lang: 'es', mapOpen: false, canUndo: false, canRedo: false });
    backend.chooseMenu('about');
    await flush();
    expect(byTestId('about-dialog')).not.toBeNull();
    byTestId('about-close')!.click();
    await flush();
    backend.chooseMenu('quit');
    await flush();
    expect(backend.quitCalled).toBe(true);
  });

  it('shows the home as usual when the library is fine', async () => {
    const { backend } = await start(null);
    expect(byTestId('library-problem')).toBeNull();
    expect(backend.callsOf('library_problem')).toHaveLength(1);
    expect(document.body.dataset.ready).toBe('1');
    // The last map reopens as before.
    expect(backend.callsOf('open_map')).toEqual([{ command: 'open_map', args: { id: 'm-newer' } }]);
  });
});
