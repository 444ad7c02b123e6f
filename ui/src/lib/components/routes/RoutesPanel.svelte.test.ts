import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { MockBackend } from '../../testing/mock';
import type { Edit, Route } from '../../bindings';
import { cardHit } from '../../canvas/hit';
import { Editor } from '../../editor.svelte';
import { I18n, type Lang } from '../../i18n.svelte';
import { MenuTable } from '../../menu';
import EditorScreen from '../../testing/EditorScreen.svelte';
import { mapView, settle } from '../../testing/fixtures';
import { omnichannelMap, SHOWROOMING, WEBROOMING } from '../../testing/omnichannel';

let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.replaceChildren();
  delete document.documentElement.dataset.mapId;
  delete document.documentElement.dataset.busy;
  delete document.documentElement.dataset.lastEditMs;
});

async function flush(times = 4) {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

/** The editor screen on the shoe shop's map (laid out again after each edit, like Rust does). */
async function openEditor(routes: Route[] = [WEBROOMING], lang: Lang = 'es') {
  const backend = new MockBackend({ views: [mapView(omnichannelMap('map-1', routes))] });
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  const menu = new MenuTable();
  void menu.listen(backend);
  app = mount(EditorScreen, { target: document.body, props: { i18n: new I18n(lang), editor, menu } });
  await flush();
  return { backend, editor, canvas: q<HTMLElement>('[data-testid="canvas"]')! };
}

const q = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const all = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const text = (selector: string) => q(selector)?.textContent?.replace(/\s+/g, ' ').trim();
const edits = (backend: MockBackend): Edit[] => backend.callsOf('apply_edit').map((c) => c.args.edit);

function click(selector: string) {
  const el = q<HTMLButtonElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.click();
  flushSync();
}

/** A click on the canvas at a card's centre (jsdom lays nothing out: the canvas is at 0,0 and 100 %). */
function clickCard(editor: Editor, canvas: HTMLElement, id: string) {
  const hit = cardHit(editor.scene!.hits, id)!;
  const at = { bubbles: true, clientX: hit.x + hit.w / 2, clientY: hit.y + hit.h / 2, button: 0 };
  canvas.dispatchEvent(new MouseEvent('pointerdown', at));
  canvas.dispatchEvent(new MouseEvent('pointerup', at));
  flushSync();
}

function key(target: Element, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...init }));
  flushSync();
}

async function openPanel() {
  click('[data-testid="open-routes"]');
  await flush();
}

describe('routes panel', () => {
  it('opens from the toolbar and the native menu, listing each route with its colour, name and steps', async () => {
    const { backend } = await openEditor([WEBROOMING, SHOWROOMING]);
    expect(q('[data-testid="routes-panel"]')).toBeNull();
    await openPanel();
    expect(q('[data-testid="open-routes"]')?.getAttribute('aria-pressed')).toBe('true');
    const items = all('[data-testid="route-item"]');
    expect(items.map((i) => i.dataset.routeId)).toEqual(['r-web', 'r-show']);
    expect(items[0]?.textContent).toContain('Webrooming');
    expect(items[0]?.textContent).toContain('3 pasos');
    expect(items[0]?.querySelector<HTMLElement>('.swatch')?.style.background).toBe('rgb(232, 89, 12)');
    // The focus went into the panel.
    expect(document.activeElement?.tagName).toBe('H2');

    click('[data-testid="routes-close"]');
    expect(q('[data-testid="routes-panel"]')).toBeNull();
    expect(document.activeElement).toBe(q('[data-testid="open-routes"]'));

    backend.chooseMenu('routes');
    flushSync();
    expect(q('[data-testid="routes-panel"]')).not.toBeNull();
  });

  it('says so when there are no routes yet, in English too', async () => {
    await openEditor([], 'en');
    await openPanel();
    expect(text('[data-testid="routes-panel"] .empty')).toBe('This map has no routes yet.');
    expect(text('[data-testid="route-new"]')).toBe('+ New route');
  });
});

describe('recording a route on the canvas', () => {
  it('names a route, clicks its touchpoints in order with numbered badges, and stores it with Enter as one edit', async () => {
    const { backend, editor, canvas } = await openEditor();
    await openPanel();
    click('[data-testid="route-new"]');
    const name = q<HTMLInputElement>('[data-testid="route-name"]')!;
    expect(document.activeElement).toBe(name);
    name.value = 'Showrooming';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    // A colour no route has yet is chosen for it; another one is a click away.
    q('[data-testid="route-color"] button[aria-label="Violeta"]')!.click();
    click('[data-testid="route-start"]');

    const banner = q('[data-testid="route-record-banner"]')!;
    expect(banner.textContent).toContain('Haz clic en los puntos de contacto en orden — Enter para terminar, Esc para cancelar');
    expect(document.activeElement).toBe(canvas);

    clickCard(editor, canvas, 'tp-window');
    clickCard(editor, canvas, 'tp-compare');
    // An action card cannot be a step: the banner says why, and nothing is added.
    clickCard(editor, canvas, 'a-buy');
    expect(text('[data-testid="route-record-status"]')).toBe(
      '«Se las lleva puestas o espera el envío» no es un punto de contacto: una ruta solo pasa por tarjetas de un carril de puntos de contacto.',
    );
    clickCard(editor, canvas, 'tp-online');
    expect(text('[data-testid="route-record-status"]')).toBe('Paso 3: «Compra en la tienda en línea»');

    const badges = all('[data-testid="route-badge"]');
    expect(badges.map((b) => [b.dataset.cardId, b.textContent])).toEqual([
      ['tp-window', '1'],
      ['tp-compare', '2'],
      ['tp-online', '3'],
    ]);
    // Two connectors (1 → 2 → 3) in the route's colour.
    expect(all('svg.scene line.line').map((l) => l.getAttribute('stroke'))).toEqual(['#7950F2', '#7950F2']);
    // Clicking cards while recording selects nothing.
    expect(editor.selection).toEqual({ kind: 'none' });
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    key(canvas, 'Enter');
    await flush();
    const sent = edits(backend);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: 'insert_route',
      index: 1,
      route: { name: 'Showrooming', color: '#7950F2', steps: ['tp-window', 'tp-compare', 'tp-online'] },
    });
    expect(q('[data-testid="route-record-banner"]')).toBeNull();
    expect(all('[data-testid="route-badge"]')).toHaveLength(0);
    expect(all('[data-testid="route-item"]').map((i) => i.textContent)).toEqual([
      expect.stringContaining('Webrooming'),
      expect.stringContaining('Showrooming'),
    ]);
  });

  it('takes back the last step with Backspace and cancels with Esc, sending nothing', async () => {
    const { backend, editor, canvas } = await openEditor([]);
    await openPanel();
    click('[data-testid="route-new"]');
    const name = q<HTMLInputElement>('[data-testid="route-name"]')!;
    name.value = 'Webrooming';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    click('[data-testid="route-start"]');
    clickCard(editor, canvas, 'tp-ad');
    clickCard(editor, canvas, 'tp-web');
    key(canvas, 'Backspace');
    expect(all('[data-testid="route-badge"]').map((b) => b.dataset.cardId)).toEqual(['tp-ad']);
    // Backspace is not Delete here: the card is still in the map.
    expect(editor.map?.cards.some((c) => c.id === 'tp-web')).toBe(true);
    key(canvas, 'Escape');
    await flush();
    expect(q('[data-testid="route-record-banner"]')).toBeNull();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    // Back to the form, name kept, to start again or leave with a second Esc.
    const again = q<HTMLInputElement>('[data-testid="route-name"]')!;
    expect(again.value).toBe('Webrooming');
    expect(document.activeElement).toBe(again);
    key(again, 'Escape');
    expect(q('[data-testid="route-new"]')).not.toBeNull();
  });

  it('asks for a name first, and needs two steps before finishing', async () => {
    const { backend, editor, canvas } = await openEditor([]);
    await openPanel();
    click('[data-testid="route-new"]');
    click('[data-testid="route-start"]');
    expect(text('[data-testid="route-notice"]')).toBe('Ponle un nombre a la ruta.');
    expect(q('[data-testid="route-name"]')?.getAttribute('aria-invalid')).toBe('true');
    expect(q('[data-testid="route-record-banner"]')).toBeNull();

    const name = q<HTMLInputElement>('[data-testid="route-name"]')!;
    name.value = 'Webrooming';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    click('[data-testid="route-start"]');
    clickCard(editor, canvas, 'tp-ad');
    click('[data-testid="route-finish"]');
    await flush();
    expect(text('[data-testid="route-record-status"]')).toBe('Elige al menos 2 puntos de contacto para trazar la ruta.');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    // The same card again right after itself is refused too.
    clickCard(editor, canvas, 'tp-ad');
    expect(text('[data-testid="route-record-status"]')).toContain('quedaría dos veces seguidas');
  });

  it('suspends double-click editing and card drags while recording', async () => {
    const { backend, editor, canvas } = await openEditor();
    await openPanel();
    click('[data-testid="route-item"] [data-testid="route-edit"]');
    click('[data-testid="route-add-steps"]');
    const hit = cardHit(editor.scene!.hits, 'tp-web')!;
    const at = (dx: number) => ({ bubbles: true, clientX: hit.x + 20 + dx, clientY: hit.y + 20, button: 0, detail: 2 });
    canvas.dispatchEvent(new MouseEvent('dblclick', at(0)));
    flushSync();
    expect(q('[data-testid="card-editor"]')).toBeNull();
    canvas.dispatchEvent(new MouseEvent('pointerdown', at(0)));
    canvas.dispatchEvent(new MouseEvent('pointermove', at(60)));
    canvas.dispatchEvent(new MouseEvent('pointerup', at(60)));
    await flush();
    // The drag panned the view; no card moved and no step was added.
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    expect(all('[data-testid="route-badge"]')).toHaveLength(0);
    expect(editor.viewport.x).toBe(60);
    // Right-clicking opens no card menu either.
    canvas.dispatchEvent(new MouseEvent('contextmenu', { ...at(0), button: 2 }));
    flushSync();
    expect(q('[role="menu"]')).toBeNull();
  });
});

describe('the recording banner', () => {
  it('keeps its own clicks, takes back the last step and cancels from its buttons, in English too', async () => {
    const { backend, editor, canvas } = await openEditor([WEBROOMING], 'en');
    await openPanel();
    click('[data-testid="route-edit"]');
    click('[data-testid="route-add-steps"]');
    const banner = q('[data-testid="route-record-banner"]')!;
    expect(banner.getAttribute('aria-label')).toBe('Marking route “Webrooming”');
    expect(text('[data-testid="route-record-banner"] .help')).toBe('Click the touchpoints in order — Enter to finish, Esc to cancel');
    expect(q<HTMLButtonElement>('[data-testid="route-undo-step"]')?.disabled).toBe(true);

    clickCard(editor, canvas, 'tp-online');
    expect(text('[data-testid="route-record-status"]')).toBe('Step 4: “Compra en la tienda en línea”');
    // A press on the banner's text is the banner's: the card drawn under it is not picked.
    const under = cardHit(editor.scene!.hits, 'tp-window')!;
    banner.querySelector('.help')!.dispatchEvent(
      new MouseEvent('pointerdown', { bubbles: true, clientX: under.x + 10, clientY: under.y + 10, button: 0 }),
    );
    canvas.dispatchEvent(new MouseEvent('pointerup', { bubbles: true, clientX: under.x + 10, clientY: under.y + 10, button: 0 }));
    flushSync();
    expect(all('[data-testid="route-badge"]').map((b) => b.dataset.cardId)).toEqual(['tp-online']);

    click('[data-testid="route-undo-step"]');
    expect(all('[data-testid="route-badge"]')).toHaveLength(0);
    clickCard(editor, canvas, 'tp-online');
    click('[data-testid="route-cancel"]');
    await flush();
    expect(q('[data-testid="route-record-banner"]')).toBeNull();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    // Back on the route's page, which has the focus again.
    expect(document.activeElement?.textContent).toContain('Webrooming');
  });

  it('adds a step chosen from the keyboard list as if it were clicked', async () => {
    const { backend } = await openEditor([]);
    await openPanel();
    click('[data-testid="route-new"]');
    const name = q<HTMLInputElement>('[data-testid="route-name"]')!;
    name.value = 'Showrooming';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    click('[data-testid="route-start"]');
    const choose = (id: string) => {
      const select = q<HTMLSelectElement>('[data-testid="route-pick"]')!;
      select.value = id;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      flushSync();
      click('[data-testid="route-pick-add"]');
    };
    // Only touchpoints are offered, grouped by stage.
    expect(all('[data-testid="route-pick"] optgroup').map((g) => g.getAttribute('label'))).toEqual(['Descubre', 'Compara', 'Compra']);
    expect(all('[data-testid="route-pick"] option[value^="a-"]')).toHaveLength(0);
    choose('tp-window');
    choose('tp-online');
    expect(all('[data-testid="route-badge"]').map((b) => b.dataset.cardId)).toEqual(['tp-window', 'tp-online']);
    click('[data-testid="route-finish"]');
    await flush();
    expect(edits(backend)).toMatchObject([{ type: 'insert_route', route: { name: 'Showrooming', steps: ['tp-window', 'tp-online'] } }]);
  });
});

describe('editing a route', () => {
  it('lists its steps with text, stage and channel, and reorders, removes and adds steps', async () => {
    const { backend, editor, canvas } = await openEditor();
    await openPanel();
    click('[data-testid="route-edit"]');
    const steps = () => all('[data-testid="route-step"]');
    expect(steps().map((s) => s.dataset.cardId)).toEqual(['tp-ad', 'tp-web', 'tp-store']);
    expect(steps()[1]?.textContent?.replace(/\s+/g, ' ')).toContain('Ficha del producto en la web, en el ordenador');
    expect(steps()[1]?.textContent?.replace(/\s+/g, ' ')).toContain('Compara · Web');
    expect(steps()[0]?.querySelector<HTMLButtonElement>('[data-testid="route-step-up"]')?.disabled).toBe(true);

    steps()[0]!.querySelector<HTMLButtonElement>('[data-testid="route-step-down"]')!.click();
    await flush();
    expect(steps().map((s) => s.dataset.cardId)).toEqual(['tp-web', 'tp-ad', 'tp-store']);
    // The focus follows the step to its new row.
    expect(document.activeElement).toBe(steps()[1]?.querySelector('[data-testid="route-step-down"]'));

    steps()[2]!.querySelector<HTMLButtonElement>('[data-testid="route-step-remove"]')!.click();
    await flush();
    expect(steps().map((s) => s.dataset.cardId)).toEqual(['tp-web', 'tp-ad']);

    click('[data-testid="route-add-steps"]');
    expect(text('[data-testid="route-record-banner"] .title')).toContain('Añadiendo pasos a «Webrooming»');
    clickCard(editor, canvas, 'tp-store');
    // Numbers continue after the route's own steps.
    expect(all('[data-testid="route-badge"]').map((b) => b.textContent)).toEqual(['3']);
    click('[data-testid="route-finish"]');
    await flush();
    expect(steps().map((s) => s.dataset.cardId)).toEqual(['tp-web', 'tp-ad', 'tp-store']);
    expect(edits(backend)).toEqual([
      { type: 'move_route_step', route: 'r-web', from: 0, to: 1 },
      { type: 'delete_route_step', route: 'r-web', index: 2 },
      { type: 'insert_route_step', route: 'r-web', index: 2, card: 'tp-store' },
    ]);
  });

  it('renames and recolours with one edit each, and refuses an empty name', async () => {
    const { backend } = await openEditor();
    await openPanel();
    click('[data-testid="route-edit"]');
    const name = q<HTMLInputElement>('[data-testid="route-name"]')!;
    name.value = 'ROPO';
    name.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    name.value = ' ';
    name.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(name.value).toBe('ROPO');
    expect(text('[data-testid="route-notice"]')).toBe('Ponle un nombre a la ruta.');
    q<HTMLButtonElement>('[data-testid="route-color"] button[aria-label="Verde"]')!.click();
    await flush();
    expect(edits(backend)).toEqual([
      { type: 'update_route', id: 'r-web', patch: { name: 'ROPO' } },
      { type: 'update_route', id: 'r-web', patch: { color: '#2F9E44' } },
    ]);
    click('[data-testid="route-back"]');
    expect(text('[data-testid="route-item"] .name')).toBe('ROPO');
  });
});

describe('showing, ordering and deleting routes', () => {
  it('hides a route with its eye (set_route_visible) and shows it again', async () => {
    const { backend, editor } = await openEditor();
    await openPanel();
    const eye = () => q<HTMLButtonElement>('[data-testid="route-visible"]')!;
    expect(eye().getAttribute('aria-pressed')).toBe('true');
    eye().click();
    await flush();
    expect(backend.callsOf('set_route_visible').map((c) => c.args)).toEqual([{ id: 'map-1', route: 'r-web', visible: false }]);
    expect(eye().getAttribute('aria-pressed')).toBe('false');
    expect(text('[data-testid="route-item"] .meta')).toBe('3 pasos · oculta');
    expect(editor.scene?.hits.some((h) => h.target.kind === 'route')).toBe(false);
    eye().click();
    await flush();
    expect(eye().getAttribute('aria-pressed')).toBe('true');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('moves a route down and deletes one only after confirming', async () => {
    const { backend } = await openEditor([WEBROOMING, SHOWROOMING]);
    await openPanel();
    click('[data-route-id="r-web"] [data-testid="route-down"]');
    await flush();
    expect(all('[data-testid="route-item"]').map((i) => i.dataset.routeId)).toEqual(['r-show', 'r-web']);

    click('[data-route-id="r-web"] [data-testid="route-delete"]');
    expect(document.activeElement).toBe(q('[data-testid="route-delete-confirm"]'));
    click('[data-testid="route-delete-cancel"]');
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
    click('[data-route-id="r-web"] [data-testid="route-delete"]');
    click('[data-testid="route-delete-confirm"]');
    await flush();
    expect(all('[data-testid="route-item"]').map((i) => i.dataset.routeId)).toEqual(['r-show']);
    expect(edits(backend)).toEqual([
      { type: 'move_route', id: 'r-web', index: 1 },
      { type: 'delete_route', id: 'r-web' },
    ]);
  });
});
