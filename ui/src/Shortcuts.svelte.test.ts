import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend } from './lib/testing/mock';
import { cardHit, cellHit } from './lib/canvas/hit';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';
import { MAPS, mapView, settle, TEMPLATES } from './lib/testing/fixtures';
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
  delete document.documentElement.dataset.mapId;
  delete document.body.dataset.ready;
});

async function flush(times = 4) {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

function start(backend: MockBackend, lang: Lang = 'es') {
  app = mount(App, {
    target: document.body,
    props: {
      i18n: new I18n(lang),
      library: new Library(backend),
      editor: new Editor(backend, { frame: () => Promise.resolve() }),
      settings: new Settings(backend),
    },
  });
}

/** The library screen, with two maps listed. */
async function openLibrary(lang: Lang = 'es') {
  const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
  start(backend, lang);
  await flush();
  return { backend };
}

/** The editor on the sample map, opened from the library. */
async function openEditor(lang: Lang = 'es') {
  const view = mapView(sampleMap());
  const backend = new MockBackend({ views: [view] });
  start(backend, lang);
  await flush();
  document.querySelector<HTMLButtonElement>('[data-testid="open-map"][data-map-id="map-1"]')!.click();
  await flush();
  return { backend, view, canvas: document.querySelector<HTMLElement>('[data-testid="canvas"]')! };
}

const sheet = () => document.querySelector<HTMLElement>('[data-testid="shortcuts"]');

/** A keydown sent to `target` (bubbling to the window, as a real one does); whether it was left to the browser. */
function press(target: EventTarget, init: KeyboardEventInit): boolean {
  const done = target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  flushSync();
  return done;
}

/** What each row of a group shows: its key caps and mouse actions, alternatives apart, and what it does. */
function rows(group: string) {
  return [...document.querySelectorAll(`[data-testid="shortcuts"] [data-group="${group}"] .row`)].map((row) => ({
    combos: [...row.querySelectorAll('dt .combo')].map((combo) =>
      [...combo.querySelectorAll('kbd, .mouse')].map((el) => el.textContent?.trim()),
    ),
    action: row.querySelector('dd')?.textContent?.trim(),
  }));
}

describe('shortcuts sheet', () => {
  it('opens with F1 as a labelled modal dialog and takes the focus', async () => {
    await openLibrary();
    expect(sheet()).toBeNull();

    const handled = !press(document.body, { key: 'F1' });
    const dialog = sheet();
    expect(dialog).not.toBeNull();
    // F1 is taken, not left to the browser's own help.
    expect(handled).toBe(true);
    expect(dialog!.getAttribute('role')).toBe('dialog');
    expect(dialog!.getAttribute('aria-modal')).toBe('true');
    const title = document.getElementById(dialog!.getAttribute('aria-labelledby')!);
    expect(title?.textContent).toBe('Atajos de teclado y ratón');
    expect(dialog!.contains(document.activeElement)).toBe(true);
    // Only one sheet, however often F1 is pressed.
    press(document.activeElement!, { key: 'F1' });
    expect(document.querySelectorAll('[data-testid="shortcuts"]')).toHaveLength(1);
  });

  it('opens with "?" on the canvas, but not while typing in a text area or a text field', async () => {
    const { view, canvas } = await openEditor();

    // The map's title in the inspector (nothing is selected yet): a text field.
    const title = document.querySelector<HTMLInputElement>('#inspector-name')!;
    title.focus();
    expect(press(title, { key: '?', shiftKey: true })).toBe(true);
    expect(sheet()).toBeNull();

    // Typing a card: "?" is a character of its text.
    const cell = cellHit(view.scene.hits, 's3', 'l-act')!;
    canvas.dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true, clientX: cell.x + cell.w / 2, clientY: cell.y + cell.h / 2 }),
    );
    flushSync();
    const textarea = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    expect(document.activeElement).toBe(textarea);
    expect(press(textarea, { key: '?', shiftKey: true })).toBe(true);
    expect(sheet()).toBeNull();
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(document.querySelector('[data-testid="card-editor"]')).toBeNull();

    canvas.focus();
    expect(press(canvas, { key: '?', shiftKey: true })).toBe(false);
    expect(sheet()).not.toBeNull();
    expect(sheet()!.contains(document.activeElement)).toBe(true);
  });

  it('closes with Esc, gives the focus back, and lets no key through to the map meanwhile', async () => {
    const { backend, view, canvas } = await openEditor();
    const a1 = cardHit(view.scene.hits, 'a1')!;
    canvas.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, clientX: a1.x + 10, clientY: a1.y + 10, button: 0 }));
    canvas.dispatchEvent(new MouseEvent('pointerup', { bubbles: true, clientX: a1.x + 10, clientY: a1.y + 10, button: 0 }));
    flushSync();
    expect(document.activeElement).toBe(canvas);
    // The side panel follows the selection a frame later (Editor.inspected).
    for (let i = 0; i < 2; i++) await settle();
    flushSync();
    expect(document.querySelector('aside h2')?.textContent).toBe('Tarjeta');

    press(canvas, { key: 'F1' });
    const dialog = sheet()!;
    expect(dialog.contains(document.activeElement)).toBe(true);

    // Behind a modal, Ctrl+Z and Delete do nothing to the map.
    press(document.activeElement!, { key: 'z', ctrlKey: true });
    press(document.activeElement!, { key: 'Delete' });
    await flush();
    expect(backend.calls.map((c) => c.command).filter((c) => c === 'undo_edit' || c === 'apply_edit')).toEqual([]);

    expect(press(document.activeElement!, { key: 'Escape' })).toBe(false);
    expect(sheet()).toBeNull();
    expect(document.activeElement).toBe(canvas);
    // That Esc closed the sheet only: the card is still selected.
    expect(document.querySelector('aside h2')?.textContent).toBe('Tarjeta');
  });

  it('opens with F1 even while typing a card, which keeps its text, and holds on to the focus', async () => {
    const { backend, view, canvas } = await openEditor();
    const cell = cellHit(view.scene.hits, 's3', 'l-act')!;
    canvas.dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true, clientX: cell.x + cell.w / 2, clientY: cell.y + cell.h / 2 }),
    );
    flushSync();
    const textarea = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    textarea.value = 'Pregunta por el horario';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));

    press(textarea, { key: 'F1' });
    await flush();
    // Leaving the text area ends the typing (and hands the focus to the canvas), but the sheet keeps it.
    expect(sheet()).not.toBeNull();
    expect(sheet()!.contains(document.activeElement)).toBe(true);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toMatchObject([
      { type: 'insert_card', card: { stage: 's3', lane: 'l-act', text: 'Pregunta por el horario' } },
    ]);
  });

  it('keeps Tab inside the sheet', async () => {
    await openLibrary();
    press(document.body, { key: 'F1' });
    const dialog = sheet()!;
    const close = dialog.querySelector<HTMLButtonElement>('[data-testid="shortcuts-close"]')!;
    expect(document.activeElement).toBe(dialog);

    // Backwards from the sheet itself, and forwards from its last control, the focus wraps around.
    expect(press(dialog, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(close);
    expect(press(close, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(close);

    // Focus sent outside by a script comes back in.
    document.querySelector<HTMLButtonElement>('[data-testid="open-map"]')!.focus();
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it('opens from the library header button and from the editor toolbar button', async () => {
    await openEditor();
    const toolbar = document.querySelector<HTMLButtonElement>('header [data-testid="shortcuts-button"]')!;
    expect(toolbar.textContent).toContain('Atajos');
    expect(toolbar.getAttribute('aria-haspopup')).toBe('dialog');
    toolbar.click();
    flushSync();
    expect(sheet()).not.toBeNull();
    // The close button closes it, and the focus goes back to the button that opened it.
    sheet()!.querySelector<HTMLButtonElement>('[data-testid="shortcuts-close"]')!.click();
    flushSync();
    expect(sheet()).toBeNull();
    expect(document.activeElement).toBe(toolbar);

    document.querySelector<HTMLButtonElement>('[data-testid="back"]')!.click();
    await flush();
    expect(document.querySelector('[data-testid="canvas"]')).toBeNull();
    const header = document.querySelector<HTMLButtonElement>('header [data-testid="shortcuts-button"]')!;
    expect(header).not.toBe(toolbar);
    header.click();
    flushSync();
    expect(sheet()).not.toBeNull();
    press(document.activeElement!, { key: 'Escape' });
    expect(sheet()).toBeNull();
    expect(document.activeElement).toBe(header);
  });

  it('lists the shortcuts by group, with keys as <kbd>', async () => {
    await openLibrary();
    press(document.body, { key: 'F1' });

    const groups = [...sheet()!.querySelectorAll('section')].map((s) => s.querySelector('h3')?.textContent);
    expect(groups).toEqual(['Edición', 'Selección', 'Mover', 'Vista y zoom', 'Historial', 'General']);

    expect(rows('history')).toEqual([
      { combos: [['Ctrl', 'Z']], action: 'Deshacer' },
      { combos: [['Ctrl', 'Mayús', 'Z'], ['Ctrl', 'Y']], action: 'Rehacer' },
    ]);
    // Ctrl+Z is in History and nowhere else.
    const everywhere = ['editing', 'selection', 'moving', 'view', 'general'].flatMap(rows);
    expect(everywhere.some((r) => r.combos.some((c) => c.join('+') === 'Ctrl+Z'))).toBe(false);

    expect(rows('editing')).toContainEqual({ combos: [['Supr'], ['Retroceso']], action: 'Eliminar las tarjetas elegidas' });
    expect(rows('view')).toContainEqual({ combos: [['Mayús', '1'], ['Ctrl', '9']], action: 'Ver el mapa entero' });
    expect(rows('view')).toContainEqual({ combos: [['Ctrl', 'Rueda']], action: 'Acercar o alejar en torno al puntero' });
    expect(rows('general')[0]).toEqual({ combos: [['F1'], ['?']], action: 'Ver estos atajos' });
    // Keys are <kbd>; mouse actions are not.
    const redo = sheet()!.querySelector('[data-shortcut="shortcut.redo"]')!;
    expect([...redo.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', 'Mayús', 'Z', 'Ctrl', 'Y']);
    const zoom = sheet()!.querySelector('[data-shortcut="shortcut.zoomWheel"]')!;
    expect([...zoom.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl']);
  });

  it('speaks English when the UI does', async () => {
    await openLibrary('en');
    const button = document.querySelector<HTMLButtonElement>('[data-testid="shortcuts-button"]')!;
    expect(button.textContent).toContain('Shortcuts');
    expect(button.getAttribute('aria-label')).toBe('Keyboard shortcuts (F1)');
    button.click();
    flushSync();

    const dialog = sheet()!;
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe(
      'Keyboard and mouse shortcuts',
    );
    const groups = [...dialog.querySelectorAll('section h3')].map((h) => h.textContent);
    expect(groups).toEqual(['Editing', 'Selection', 'Moving', 'View and zoom', 'History', 'General']);
    expect(rows('history')).toEqual([
      { combos: [['Ctrl', 'Z']], action: 'Undo' },
      { combos: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], action: 'Redo' },
    ]);
    expect(rows('editing')).toContainEqual({ combos: [['Enter'], ['F2']], action: 'Write in the chosen cell or card; on a stage or a lane, rename it' });
    expect(dialog.querySelector('.or')?.textContent).toBe('or');
    expect(dialog.querySelector('[data-testid="shortcuts-close"]')?.getAttribute('aria-label')).toBe('Close the shortcuts (Esc)');
    // No Spanish left anywhere in it.
    expect(dialog.textContent).not.toMatch(/Mayús|Deshacer|Atajos|Supr\b|Rueda/);
  });
});
