import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend } from './lib/testing/mock';
import type { ExportOptions, ExportPreview } from './lib/bindings';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';
import { mapView, settle } from './lib/testing/fixtures';
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

/** Past the preview's debounce (200 ms), with the answers drawn. */
async function afterDebounce() {
  await new Promise((resolve) => setTimeout(resolve, 230));
  await flush();
}

/** A mock whose preview can be made to say more (small text, missing characters). */
class TunedPreview extends MockBackend {
  tune: Partial<ExportPreview> = {};

  override async exportPreview(id: string, options: ExportOptions): Promise<ExportPreview> {
    return { ...(await super.exportPreview(id, options)), ...this.tune };
  }
}

/** The app reopening the sample map (the library remembers it was open last). */
async function openEditor(lang: Lang = 'es', backend = new TunedPreview({ views: [mapView(sampleMap())], settings: { last_map: 'map-1' } })) {
  app = mount(App, {
    target: document.body,
    props: {
      i18n: new I18n(lang),
      library: new Library(backend),
      editor: new Editor(backend, { frame: () => Promise.resolve() }),
      settings: new Settings(backend),
    },
  });
  await flush(6);
  expect(document.querySelector('[data-testid="canvas"]')).not.toBeNull();
  return { backend };
}

const byId = <T extends HTMLElement = HTMLElement>(testid: string) =>
  document.querySelector<T>(`[data-testid="${testid}"]`);
const text = (testid: string) => byId(testid)?.textContent?.replace(/\s+/g, ' ').trim();

/** A keydown sent to `target`, bubbling as a real one; whether it was left to the browser. */
function press(target: EventTarget, init: KeyboardEventInit): boolean {
  const done = target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  flushSync();
  return done;
}

function choose(select: HTMLSelectElement | HTMLInputElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

describe('export dialog', () => {
  it('opens from the toolbar as a modal with a preview, and Esc gives the focus back', async () => {
    const { backend } = await openEditor();
    const button = byId<HTMLButtonElement>('open-export')!;
    expect(button.textContent?.trim()).toBe('Exportar');
    expect(button.getAttribute('aria-label')).toBe('Exportar a PDF, PNG, SVG, PPTX, .travesia, CSV, XLSX o Mermaid (Ctrl+E)');
    button.focus();
    button.click();
    await flush();

    const dialog = byId('export-dialog')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Exportar el mapa');
    // The focus is on the chosen format; PDF on A1 to start with.
    expect(document.activeElement).toBe(byId('export-format-pdf'));
    expect(byId<HTMLInputElement>('export-format-pdf')!.checked).toBe(true);
    expect(byId<HTMLSelectElement>('export-paper')!.value).toBe('A1');
    expect(byId<HTMLInputElement>('export-open-folder')!.checked).toBe(true);

    expect(backend.callsOf('export_preview')).toHaveLength(1);
    const img = byId<HTMLImageElement>('export-preview')!;
    expect(img.getAttribute('src')).toMatch(/^data:image\/png/);
    expect(img.alt).toBe('Vista previa de la página exportada');
    expect(text('export-pages')).toBe('1 página');
    expect(text('export-paper-size')).toBe('841 × 594 mm');
    // Exact for a PDF, in the language's units.
    expect(text('export-bytes')).toBe(new Intl.NumberFormat('es', { style: 'unit', unit: 'kilobyte' }).format(110));
    expect(byId('export-size-px')).toBeNull();

    expect(press(document.activeElement!, { key: 'Escape' })).toBe(false);
    expect(byId('export-dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('opens with Ctrl+E and from the menu, once however often asked, and holds back other menu items', async () => {
    const { backend } = await openEditor();
    const canvas = byId('canvas')!;
    canvas.focus();
    expect(press(canvas, { key: 'e', ctrlKey: true })).toBe(false);
    // The native menu's own Ctrl+E arrives too: still one dialog.
    backend.chooseMenu('export');
    backend.chooseMenu('versions');
    await flush();
    expect(document.querySelectorAll('[data-testid="export-dialog"]')).toHaveLength(1);
    expect(byId('versions-panel')).toBeNull();
    expect(backend.callsOf('get_setting').filter((c) => c.args.key === 'export.choices')).toHaveLength(1);

    byId<HTMLButtonElement>('export-close')!.click();
    await flush();
    expect(byId('export-dialog')).toBeNull();
    backend.chooseMenu('export');
    await flush();
    expect(byId('export-dialog')).not.toBeNull();
  });

  it('disables what does not apply to the format, with a hint, and previews the new options', async () => {
    const { backend } = await openEditor();
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();

    // PDF: tiles yes, DPI no.
    expect(byId<HTMLSelectElement>('export-tile')!.disabled).toBe(false);
    expect(byId<HTMLInputElement>('export-dpi')!.disabled).toBe(true);
    expect(byId<HTMLInputElement>('export-overlap')!.disabled).toBe(true);
    expect(document.getElementById(byId('export-dpi')!.getAttribute('aria-describedby')!)?.textContent).toBe('Solo para PNG.');

    choose(byId<HTMLSelectElement>('export-tile')!, 'A4');
    expect(byId<HTMLInputElement>('export-overlap')!.disabled).toBe(false);
    await afterDebounce();
    // Six sheets over the page, numbered, placed in percent of the picture so they follow its size.
    const sheets = [...document.querySelectorAll<HTMLElement>('[data-testid="export-sheet"]')];
    expect(sheets.map((s) => s.textContent?.trim())).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(sheets[4]!.style.left).toBe(`${(200 / 600) * 100}%`);
    expect(sheets[4]!.style.top).toBe(`${(212 / 424) * 100}%`);
    expect(text('export-pages')).toBe('6 páginas');

    byId<HTMLInputElement>('export-format-png')!.click();
    await afterDebounce();
    expect(byId<HTMLSelectElement>('export-tile')!.disabled).toBe(true);
    expect(byId<HTMLInputElement>('export-dpi')!.disabled).toBe(false);
    expect(byId<HTMLSelectElement>('export-paper')!.disabled).toBe(false);
    const last = backend.callsOf('export_preview').at(-1)!.args.options;
    expect(last).toMatchObject({ format: 'png', tile: null });
    expect(document.querySelectorAll('[data-testid="export-sheet"]')).toHaveLength(0);
    // A PNG's size is an estimate, and its pixels are shown.
    expect(byId('export-bytes')!.dataset.exact).toBe('false');
    expect(text('export-bytes')).toMatch(/^≈ /);
    const px = new Intl.NumberFormat('es').format(Math.round((841 / 25.4) * 150));
    expect(text('export-size-px')).toBe(`${px} × ${new Intl.NumberFormat('es').format(Math.round((594 / 25.4) * 150))} px`);

    // A DPI out of range comes back within it; a preset sets it.
    const dpi = byId<HTMLInputElement>('export-dpi')!;
    choose(dpi, '9000');
    expect(dpi.value).toBe('600');
    document.querySelector<HTMLButtonElement>('[data-testid="export-dpi-preset"][data-dpi="300"]')!.click();
    flushSync();
    expect(dpi.value).toBe('300');

    byId<HTMLInputElement>('export-format-svg')!.click();
    flushSync();
    for (const id of ['export-paper', 'export-orientation', 'export-margin', 'export-bleed', 'export-crop-marks', 'export-dpi']) {
      expect(byId<HTMLInputElement>(id)!.disabled).toBe(true);
    }
    expect(dialogText()).toContain('El SVG sale al tamaño del mapa');

    // All of it remembered for the next time.
    const stored = JSON.parse(backend.settings.get('export.choices')!);
    expect(stored).toMatchObject({ format: 'svg', tile: 'A4', dpi: 300 });
  });

  it('exports a spreadsheet: its layout and CSV style, no page, and what it leaves out said before', async () => {
    const { backend } = await openEditor();
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    // A poster: the spreadsheet's choices wait, with a hint.
    expect(byId<HTMLSelectElement>('export-layout')!.disabled).toBe(true);
    expect(dialogText()).toContain('Para CSV y XLSX.');

    byId<HTMLInputElement>('export-format-csv')!.click();
    await afterDebounce();
    expect(byId<HTMLSelectElement>('export-layout')!.disabled).toBe(false);
    expect(byId<HTMLSelectElement>('export-csv-style')!.disabled).toBe(false);
    for (const id of ['export-paper', 'export-bleed', 'export-tile', 'export-patterns', 'export-embed']) {
      expect(byId<HTMLInputElement>(id)!.disabled, id).toBe(true);
    }
    expect(dialogText()).toContain('Una hoja de cálculo o un diagrama no tiene páginas.');
    expect(byId('export-paper-size')).toBeNull();
    // A file without pages does not count them.
    expect(byId('export-pages')).toBeNull();
    expect(text('export-left-out')).toBe('CSV no guarda: 2 rutas');
    choose(byId<HTMLSelectElement>('export-layout')!, 'worksheet');
    choose(byId<HTMLSelectElement>('export-csv-style')!, 'comma');
    await afterDebounce();
    expect(backend.callsOf('export_preview').at(-1)!.args.options).toMatchObject({
      format: 'csv',
      layout: 'worksheet',
      csv_style: 'comma',
      paper: 'fit',
      embed_map: false,
    });

    // A workbook: the layout applies, the CSV style does not; nothing is left out.
    byId<HTMLInputElement>('export-format-xlsx')!.click();
    await afterDebounce();
    expect(byId<HTMLSelectElement>('export-csv-style')!.disabled).toBe(true);
    expect(dialogText()).toContain('Solo para CSV.');
    expect(byId('export-left-out')).toBeNull();
  });

  it('warns about text too small to read and about characters without a font', async () => {
    const backend = new TunedPreview({ views: [mapView(sampleMap())], settings: { last_map: 'map-1' } });
    backend.tune = { smallest_text_pt: 4.25, missing_glyphs: 'ǂǂ☃' };
    await openEditor('es', backend);
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    expect(text('export-small-text')).toBe('Texto de 4,3 pt: elige un papel mayor o divide en hojas.');
    expect(text('export-missing-glyphs')).toContain(': ǂ ☃');
  });

  it('exports: progress, then where the file is, with a button to show it', async () => {
    const { backend } = await openEditor();
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    backend.dialogAnswers.push('/home/ana/Escritorio/Panadería.pdf');
    backend.pause();
    byId<HTMLButtonElement>('export-go')!.focus();
    byId<HTMLButtonElement>('export-go')!.click();
    await flush();
    expect(backend.callsOf('export_map')[0]!.args.title).toBe('Guardar la exportación');
    expect(byId<HTMLButtonElement>('export-go')!.disabled).toBe(true);
    expect(byId<HTMLButtonElement>('export-close')!.disabled).toBe(true);

    backend.resume(true);
    await flush();
    const bar = byId<HTMLProgressElement>('export-progress')!;
    expect(bar.value).toBe(0.25);
    // The Export button pressed is disabled now: the keyboard lands on Cancel.
    expect(document.activeElement).toBe(byId('export-cancel'));
    expect(dialogText()).toContain('Exportando…');
    // Esc does not close it while the export is out.
    press(document.activeElement!, { key: 'Escape' });
    expect(byId('export-dialog')).not.toBeNull();

    backend.resume();
    await flush();
    expect(byId('export-progress')).toBeNull();
    expect(text('export-path')).toBe('/home/ana/Escritorio/Panadería.pdf');
    expect(text('export-done')).toContain('Exportado');
    byId<HTMLButtonElement>('export-show-folder')!.click();
    await flush();
    expect(backend.callsOf('show_last_export')).toHaveLength(1);
    byId<HTMLButtonElement>('export-close')!.click();
    await flush();
    expect(byId('export-dialog')).toBeNull();
  });

  it('cancels a running export and says so, not as an error', async () => {
    const { backend } = await openEditor();
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    backend.dialogAnswers.push('/tmp/poster.pdf');
    backend.pause();
    byId<HTMLButtonElement>('export-go')!.click();
    await flush();
    backend.resume(true);
    await flush();
    byId<HTMLButtonElement>('export-cancel')!.click();
    await flush();
    expect(backend.callsOf('cancel_export')).toHaveLength(1);
    expect(byId<HTMLButtonElement>('export-cancel')!.disabled).toBe(true);
    backend.resume();
    await flush();
    expect(text('export-cancelled')).toBe('Exportación cancelada: no se ha escrito ningún archivo.');
    expect(document.querySelector('[data-testid="export-dialog"] [role="alert"]')).toBeNull();
    expect(byId<HTMLButtonElement>('export-go')!.disabled).toBe(false);
  });

  it('stays on the options when the save dialog is cancelled, and shows failures as errors', async () => {
    const { backend } = await openEditor();
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    backend.dialogAnswers.push(null);
    byId<HTMLButtonElement>('export-go')!.click();
    await flush();
    expect(byId('export-done')).toBeNull();
    expect(byId<HTMLButtonElement>('export-go')!.disabled).toBe(false);

    backend.dialogAnswers.push('/tmp/m.pdf');
    backend.failNext('export_map', { code: 'io', message: 'disk full' });
    byId<HTMLButtonElement>('export-go')!.click();
    await flush();
    const alert = document.querySelector<HTMLElement>('[data-testid="export-dialog"] [role="alert"]')!;
    expect(alert.dataset.code).toBe('io');
    expect(alert.textContent).toContain('No se pudo leer o escribir en el disco');
  });

  it('speaks English when the UI does', async () => {
    await openEditor('en');
    expect(byId('open-export')?.textContent?.trim()).toBe('Export');
    byId<HTMLButtonElement>('open-export')!.click();
    await flush();
    expect(text('export-pages')).toBe('1 page');
    expect(byId('export-go')?.textContent?.trim()).toBe('Export…');
    expect([...byId<HTMLSelectElement>('export-paper')!.options].map((o) => o.textContent)).toEqual([
      'A4',
      'A3',
      'A2',
      'A1',
      'A0',
      'Letter',
      'Tabloid',
      '24 × 36 inches',
      'The map’s own size',
    ]);
  });
});

function dialogText(): string {
  return byId('export-dialog')?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('versions panel', () => {
  it('saves a version with a suggested name, lists it with its date and cards, and shows it', async () => {
    const { backend } = await openEditor();
    const button = byId<HTMLButtonElement>('open-versions')!;
    expect(button.textContent?.trim()).toBe('Versiones');
    button.click();
    await flush();

    const panel = byId('versions-panel')!;
    expect(panel.getAttribute('aria-modal')).toBe('true');
    expect(byId('versions-empty')).not.toBeNull();
    const name = byId<HTMLInputElement>('version-name')!;
    expect(document.activeElement).toBe(name);
    expect(name.value).toMatch(/^Versión del /);

    choose(name, '  Antes del taller con Rosa  ');
    name.dispatchEvent(new Event('input', { bubbles: true }));
    byId<HTMLButtonElement>('version-save')!.click();
    await flush();

    expect(backend.callsOf('take_snapshot').map((c) => c.args.name)).toEqual(['Antes del taller con Rosa']);
    const items = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="version-item"]')];
    expect(items).toHaveLength(1);
    const info = backend.snapshots.get('map-1')![0]!.info;
    expect(items[0]!.dataset.snapshotId).toBe(String(info.id));
    expect(items[0]!.getAttribute('aria-pressed')).toBe('true');
    expect(items[0]!.textContent).toContain('Antes del taller con Rosa');
    expect(items[0]!.textContent).toContain(new I18n('es').dateTime(info.created_at));
    expect(items[0]!.textContent).toContain(`${sampleMap().cards.length} tarjetas`);
    expect(byId<HTMLImageElement>('version-preview')!.alt).toBe('El mapa en la versión «Antes del taller con Rosa»');
    // A fresh suggestion for the next one.
    expect(byId<HTMLInputElement>('version-name')!.value).toMatch(/^Versión del /);
  });

  it('restores after a confirmation: the canvas shows it, and Ctrl+Z takes it back', async () => {
    const { backend } = await openEditor();
    await backend.takeSnapshot('map-1', 'Original');
    const heading = () => document.querySelector('header h1')?.textContent;
    // A change after the version: the title.
    const editor = await renameThroughMenu(backend);
    expect(heading()).toBe('Panadería de Rosa');

    backend.chooseMenu('versions');
    await flush();
    byId<HTMLButtonElement>('version-restore')!.click();
    flushSync();
    expect(text('versions-panel')).toContain('¿Volver el mapa a «Original»?');
    const confirm = byId<HTMLButtonElement>('version-restore-confirm')!;
    expect(document.activeElement).toBe(confirm);
    confirm.click();
    await flush(8);

    expect(backend.callsOf('restore_snapshot')).toHaveLength(1);
    expect(byId('versions-panel')).toBeNull();
    expect(heading()).toBe('Panadería del barrio');
    expect(editor.canUndo).toBe(true);

    const canvas = byId('canvas')!;
    canvas.focus();
    press(canvas, { key: 'z', ctrlKey: true });
    await flush(8);
    expect(heading()).toBe('Panadería de Rosa');
  });

  it('goes to the name field from the menu’s "Save version…", also when already open', async () => {
    const { backend } = await openEditor();
    backend.chooseMenu('snapshot');
    await flush();
    const name = byId<HTMLInputElement>('version-name')!;
    expect(document.activeElement).toBe(name);
    byId<HTMLButtonElement>('version-save')!.focus();
    backend.chooseMenu('snapshot');
    await flush();
    expect(document.activeElement).toBe(name);
    expect(document.querySelectorAll('[data-testid="versions-panel"]')).toHaveLength(1);
  });

  it('takes no keys for the map behind it, and cancelling the question keeps the focus inside', async () => {
    const { backend } = await openEditor();
    await backend.takeSnapshot('map-1', 'Original');
    backend.chooseMenu('versions');
    await flush();
    byId<HTMLButtonElement>('version-restore')!.click();
    flushSync();
    document.querySelector<HTMLButtonElement>('[data-testid="version-restore-cancel"]')!.click();
    flushSync();
    expect(document.activeElement).toBe(byId('version-restore'));

    // A key sent with the focus nowhere does not reach the canvas (Delete, Ctrl+Z).
    (document.activeElement as HTMLElement).blur();
    press(document.body, { key: 'z', ctrlKey: true });
    await flush();
    expect(backend.callsOf('undo_edit')).toHaveLength(0);
    expect(byId('versions-panel')!.contains(document.activeElement)).toBe(true);
  });
});

/** Renames the map through the editor (the inspector's title field), as a person would. */
async function renameThroughMenu(backend: MockBackend): Promise<{ canUndo: boolean }> {
  const field = document.querySelector<HTMLInputElement>('#inspector-name')!;
  choose(field, 'Panadería de Rosa');
  await flush(8);
  expect(backend.callsOf('apply_edit')).toHaveLength(1);
  return {
    get canUndo() {
      return !byId<HTMLButtonElement>('undo')!.disabled;
    },
  };
}
