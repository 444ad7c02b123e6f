import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mapView } from '../../testing/fixtures';
import { byTestId as one, closeEditorScreen, flush, openEditorScreen, press } from '../../testing/screen';
import { sampleMap } from '../../testing/maps';
import { FIT_STEPS, MAX_LEVEL } from '../../toolbar';

/**
 * jsdom lays nothing out, so these tests give the toolbar a stand-in layout:
 * the bar is `barWidth` wide, every button 40 px plus 8 px per letter of a
 * label it shows, the title its floor (--title-min) plus what is left over,
 * up to 8 px per letter. The toolbar's own code (ResizeObserver → try each
 * level → keep the first where nothing is cut) runs unchanged on top of it.
 */
let barWidth = 0;
const observers = new Set<FakeResizeObserver>();

class FakeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe() {
    observers.add(this);
  }
  unobserve() {}
  disconnect() {
    observers.delete(this);
  }
  fire() {
    this.callback([], this as unknown as ResizeObserver);
  }
}

const bar = () => one('editor-toolbar')!;
const titleMin = (el: HTMLElement) => Number.parseFloat(el.style.getPropertyValue('--title-min')) || 0;
const naturalTitle = (h1: Element) => (h1.textContent ?? '').length * 8;

/** What the bar's content needs, with the title at its floor. */
function contentWidth(el: HTMLElement): number {
  let width = titleMin(el);
  for (const button of el.querySelectorAll('button')) {
    const label = button.querySelector('.label');
    const shows = label && !label.classList.contains('hidden') && !button.classList.contains('compact');
    width += 40 + (shows ? (label.textContent ?? '').length * 8 : 0);
  }
  return width;
}

function layoutOf(el: HTMLElement): { client: number; scroll: number } | null {
  if (el.dataset.testid === 'editor-toolbar') return { client: barWidth, scroll: contentWidth(el) };
  if (el.tagName === 'H1' && el.closest('[data-testid="editor-toolbar"]')) {
    const toolbar = bar();
    const spare = Math.max(0, barWidth - contentWidth(toolbar));
    const natural = naturalTitle(el);
    return { client: Math.min(natural, titleMin(toolbar) + spare), scroll: natural };
  }
  return null;
}

/** The window (and so the bar) becomes `width` wide. */
function resize(width: number) {
  barWidth = width;
  for (const observer of observers) observer.fire();
  flushSync();
}

const inBar = (testid: string) => bar().querySelector(`[data-testid="${testid}"]`) !== null;
const menu = () => document.querySelector<HTMLElement>('[role="menu"]');
const menuIds = () => [...(menu()?.querySelectorAll<HTMLElement>('[data-testid]') ?? [])].map((b) => b.dataset.testid);
const level = () => Number(bar().dataset.level);

/** Every control the end-to-end and component tests reach the bar by. */
const TESTIDS = [
  'back',
  'save-status',
  'undo',
  'redo',
  'add-stage',
  'add-lane',
  'zoom-out',
  'zoom',
  'zoom-in',
  'fit',
  'open-personas',
  'open-routes',
  'open-versions',
  'open-present',
  'open-export',
  'shortcuts-button',
];

beforeEach(() => {
  barWidth = 0;
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return layoutOf(this)?.client ?? 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return layoutOf(this)?.scroll ?? 0;
    },
  });
});

afterEach(() => {
  closeEditorScreen();
  observers.clear();
  vi.unstubAllGlobals();
  delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
  delete (HTMLElement.prototype as { scrollWidth?: number }).scrollWidth;
});

async function openToolbar(width: number, lang: 'es' | 'en' = 'es', title?: string) {
  const map = sampleMap();
  if (title) map.title = title;
  const screen = await openEditorScreen(mapView(map), lang);
  resize(width);
  return screen;
}

describe('editor toolbar', () => {
  it('names each button with the words it shows, then what it does (speech input says what it sees)', async () => {
    await openToolbar(5000);
    for (const button of bar().querySelectorAll<HTMLButtonElement>('button')) {
      const shown = button.querySelector('.label:not(.hidden)')?.textContent?.trim();
      if (!shown) continue;
      const name = button.getAttribute('aria-label') ?? button.textContent!.trim();
      expect(name.toLocaleLowerCase(), button.dataset.testid).toContain(shown.toLocaleLowerCase());
    }
    // "Ajustar" says what it does beside it, with its key.
    expect(one('fit')!.getAttribute('aria-label')).toBe('Ajustar: Ver el mapa entero (Mayús+1)');
    expect(one('fit')!.title).toBe('Ver el mapa entero (Mayús+1)');
  });

  it('shows every control with its label when there is room, and no More button', async () => {
    await openToolbar(5000);
    expect(level()).toBe(0);
    for (const id of TESTIDS) expect(inBar(id), id).toBe(true);
    expect(one('toolbar-more')).toBeNull();
    expect(one('open-personas')!.querySelector('.label')!.classList.contains('hidden')).toBe(false);
    expect(one('shortcuts-button')!.classList.contains('compact')).toBe(false);
    // The panels are one segmented group, the panels that open in place show whether they are open.
    const panels = one('open-personas')!.closest('[role="group"]')!;
    expect(panels.getAttribute('aria-label')).toBe('Paneles');
    expect([...panels.querySelectorAll('[data-testid]')].map((b) => b.getAttribute('data-testid'))).toEqual([
      'open-personas',
      'open-routes',
      'open-versions',
      'open-history',
    ]);
    expect(one('open-personas')!.getAttribute('aria-pressed')).toBe('false');
    // Export is the primary action.
    expect(one('open-export')!.classList.contains('primary')).toBe(true);
  });

  it('first turns labels into icons, keeping every control in the bar and its name for screen readers', async () => {
    await openToolbar(5000);
    const roomy = contentWidth(bar());
    // A little short: the first step (the shortcuts button's label) is enough.
    resize(roomy - 2);
    expect(level()).toBe(1);
    expect(one('shortcuts-button')!.classList.contains('compact')).toBe(true);
    expect(one('open-personas')!.querySelector('.label')!.classList.contains('hidden')).toBe(false);

    // Narrower, up to the last step before anything leaves the bar: every label has given way,
    // every control is still there, named by its aria-label and tooltip.
    const iconsOnly = FIT_STEPS.findIndex((s) => 'overflow' in s);
    for (let width = roomy; level() < iconsOnly; width -= 4) resize(width);
    expect(level()).toBe(iconsOnly);
    for (const id of TESTIDS) expect(inBar(id), id).toBe(true);
    expect(one('toolbar-more')).toBeNull();
    const personas = one('open-personas')!;
    expect(personas.querySelector('.label')!.classList.contains('hidden')).toBe(true);
    expect(personas.getAttribute('aria-label')).toBe('Personas del mapa');
    expect(personas.getAttribute('title')).toBe('Personas del mapa');
  });

  it('moves what does not fit into the More menu, where every item works', async () => {
    const { editor } = await openToolbar(5000);
    // Just too narrow for the zoom group: it is the first to move out.
    let width = contentWidth(bar());
    while (!one('toolbar-more') && width > 0) resize((width -= 10));
    expect(inBar('zoom')).toBe(false);
    expect(inBar('fit')).toBe(false);
    expect(inBar('undo') && inBar('redo') && inBar('open-export') && inBar('open-personas')).toBe(true);

    const more = one<HTMLButtonElement>('toolbar-more')!;
    expect(more.getAttribute('aria-label')).toBe('Más acciones');
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    more.click();
    flushSync();
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(menuIds()).toEqual(['more-zoom-in', 'more-zoom-out', 'more-zoom-reset', 'more-fit']);
    // The items say their shortcut, and the menu opens on its first item.
    expect(one('more-fit')!.textContent).toContain('Mayús+1');
    expect(document.activeElement).toBe(one('more-zoom-in'));

    const zoom = editor.viewport.zoom;
    one<HTMLButtonElement>('more-zoom-in')!.click();
    flushSync();
    expect(editor.viewport.zoom).toBeGreaterThan(zoom);
    // Choosing closes the menu and gives the focus back to its button.
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(more);
    expect(more.getAttribute('aria-expanded')).toBe('false');

    // Esc closes it too, and a second press on the button toggles it shut.
    more.click();
    flushSync();
    press(document.activeElement!, 'Escape');
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(more);
    more.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    more.click();
    flushSync();
    expect(menu()).not.toBeNull();
    more.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    more.click();
    flushSync();
    expect(menu()).toBeNull();
  });

  it('keeps the focus in the bar while it fits itself again', async () => {
    await openToolbar(5000);
    let width = contentWidth(bar());
    while (!one('toolbar-more') && width > 0) resize((width -= 10));
    const before = one<HTMLButtonElement>('toolbar-more')!;
    before.focus();
    // Fitting again at the same width tries the roomier level, which has no More button, then comes back.
    resize(width);
    expect(one('toolbar-more')).not.toBe(before);
    expect(document.activeElement).toBe(one('toolbar-more'));
    // Wide again: the More button is gone for good, and the focus goes to the bar's last button.
    resize(5000);
    expect(one('toolbar-more')).toBeNull();
    expect(document.activeElement).toBe(one('shortcuts-button'));
  });

  it('at its narrowest keeps back, title, save state, undo, redo and Export, and lists the rest', async () => {
    await openToolbar(300);
    expect(level()).toBe(MAX_LEVEL);
    for (const id of ['back', 'save-status', 'undo', 'redo', 'open-export', 'toolbar-more']) expect(inBar(id), id).toBe(true);
    for (const id of ['add-stage', 'zoom', 'open-personas', 'open-routes', 'open-versions', 'open-present', 'shortcuts-button']) {
      expect(inBar(id), id).toBe(false);
    }

    one<HTMLButtonElement>('toolbar-more')!.click();
    flushSync();
    expect(menuIds()).toEqual([
      'more-add-stage',
      'more-add-lane',
      'more-zoom-in',
      'more-zoom-out',
      'more-zoom-reset',
      'more-fit',
      'more-personas',
      'more-routes',
      'more-versions',
      'more-history',
      'more-present',
      'more-shortcuts',
    ]);
    // One divider between groups: editing, zoom, panels, then presenting and help.
    expect(menu()!.querySelectorAll('[role="separator"]')).toHaveLength(3);
    // Open/closed panels are check items.
    expect(one('more-personas')!.getAttribute('role')).toBe('menuitemcheckbox');
    expect(one('more-personas')!.getAttribute('aria-checked')).toBe('false');
    expect(one('more-versions')!.textContent).toContain('Ctrl+Mayús+H');

    one<HTMLButtonElement>('more-personas')!.click();
    await flush();
    expect(one('personas-panel')).not.toBeNull();
    one<HTMLButtonElement>('toolbar-more')!.click();
    flushSync();
    expect(one('more-personas')!.getAttribute('aria-checked')).toBe('true');

    one<HTMLButtonElement>('more-versions')!.click();
    await flush();
    expect(one('versions-panel')).not.toBeNull();
  });

  it('adds a stage, and asks the kind of a new lane, from the More menu', async () => {
    const { backend } = await openToolbar(300);
    one<HTMLButtonElement>('toolbar-more')!.click();
    flushSync();
    one<HTMLButtonElement>('more-add-stage')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => (c.args.edit as { type: string }).type)).toContain('insert_stage');
    // The new stage's name is open for typing, over its header.
    const field = one<HTMLInputElement>('rename-field')!;
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe('Nueva etapa');
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(one('rename-field')).toBeNull();

    one<HTMLButtonElement>('toolbar-more')!.click();
    flushSync();
    one<HTMLButtonElement>('more-add-lane')!.click();
    flushSync();
    // The menu of lane kinds takes its place, as from the bar's own button.
    expect(menu()?.getAttribute('aria-label')).toBe('Tipo de carril');
    // A service blueprint's four kinds come last, set apart by a divider.
    const items = [...menu()!.querySelectorAll<HTMLElement>('[data-testid^="lane-kind-"], [role="separator"]')];
    const names = items.map((el) => el.dataset.testid?.slice('lane-kind-'.length) ?? '|');
    expect(names.slice(-5)).toEqual(['|', 'evidence', 'frontstage', 'backstage', 'support']);
    expect(names.filter((n) => n === '|')).toHaveLength(1);
    expect(one('lane-kind-frontstage')?.textContent).toContain('Acciones visibles del personal');
    // And choosing a kind adds that lane at the end (the menu is closed before the item runs).
    const lanes = backend.callsOf('apply_edit').length;
    one<HTMLButtonElement>('lane-kind-kpis')!.click();
    await flush();
    expect(menu()).toBeNull();
    expect(backend.callsOf('apply_edit').slice(lanes).map((c) => c.args.edit)).toMatchObject([
      { type: 'insert_lane', lane: { kind: 'kpis' } },
    ]);
  });

  it('grows back when the window does, closing a menu that has nothing left to list', async () => {
    await openToolbar(300);
    one<HTMLButtonElement>('toolbar-more')!.click();
    flushSync();
    expect(menu()).not.toBeNull();
    resize(5000);
    expect(level()).toBe(0);
    expect(menu()).toBeNull();
    expect(one('toolbar-more')).toBeNull();
    for (const id of TESTIDS) expect(inBar(id), id).toBe(true);
  });

  it('keeps a long title to a sensible width, cut with an ellipsis and whole in its tooltip', async () => {
    const title = 'Viaje de compra omnicanal de la ferretería de Doña Begoña en Logroño, versión extendida';
    await openToolbar(5000, 'es', title);
    const h1 = bar().querySelector('h1')!;
    expect(h1.textContent).toBe(title);
    expect(h1.getAttribute('title')).toBeNull();

    resize(contentWidth(bar()) - 1);
    // The title keeps at least 240 px (of its 700) before the bar gives way…
    expect(titleMin(bar())).toBe(240);
    expect(h1.getAttribute('title')).toBe(title);
    // …and at the narrowest still 112 px.
    resize(300);
    expect(titleMin(bar())).toBe(112);
  });

  it('speaks English, with English labels in the bar and the menu', async () => {
    await openToolbar(5000, 'en');
    expect(one('open-export')!.textContent!.trim()).toBe('Export');
    expect(one('back')!.getAttribute('aria-label')).toBe('Back to the library');
    resize(300);
    const more = one<HTMLButtonElement>('toolbar-more')!;
    expect(more.getAttribute('aria-label')).toBe('More actions');
    more.click();
    flushSync();
    expect(one('more-shortcuts')!.textContent).toContain('Keyboard shortcuts');
    expect(one('more-versions')!.textContent).toContain('Ctrl+Shift+H');
  });
});
