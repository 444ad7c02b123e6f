import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { Settings } from './lib/settings';
import { MockBackend, TINY_PNG } from './lib/testing/mock';
import type { JourneyMap, MapView } from './lib/bindings';
import { cardHit, cellHit } from './lib/canvas/hit';
import { Editor } from './lib/editor.svelte';
import { I18n } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { mapView, settle } from './lib/testing/fixtures';
import { sampleMap } from './lib/testing/maps';
import { paintedCard, paintedTexts } from './lib/testing/canvas2d';
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

/** The side panel shows the selection a frame after the canvas (Editor.inspected): waits for it. */
async function panel() {
  await flush(2);
}

/** The app on a library holding one map, with that map opened from the list. */
async function openEditor(map: JourneyMap = sampleMap()) {
  const view = mapView(map);
  const backend = new MockBackend({ views: [view] });
  app = mount(App, {
    target: document.body,
    props: { i18n: new I18n('es'), library: new Library(backend), editor: new Editor(backend, { frame: () => Promise.resolve() }), settings: new Settings(backend) },
  });
  await flush();
  document.querySelector<HTMLButtonElement>('[data-testid="open-map"][data-map-id="map-1"]')!.click();
  await flush();
  return { backend, view, canvas: document.querySelector<HTMLElement>('[data-testid="canvas"]')! };
}

const all = (selector: string) => [...document.querySelectorAll(selector)];

/** A pointer event at Scene point (x, y): jsdom lays nothing out, so the canvas sits at (0, 0) and 100 %. */
function pointer(target: Element, type: string, x: number, y: number) {
  target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x, clientY: y, button: 0, detail: 2 }));
}

/** Renames the second stage («Compra») to «Pedido» from the side panel: one edit to take back. */
async function renameSecondStage(view: MapView, canvas: HTMLElement) {
  const s2 = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's2')!;
  pointer(canvas, 'pointerdown', s2.x + 5, s2.y + 5);
  pointer(canvas, 'pointerup', s2.x + 5, s2.y + 5);
  await panel();
  const name = document.querySelector<HTMLInputElement>('#inspector-name')!;
  name.value = 'Pedido';
  name.dispatchEvent(new Event('change', { bubbles: true }));
  await flush();
}

describe('editor screen', () => {
  it('names the open map and its save state in the title bar', async () => {
    const { backend, view } = await openEditor();
    expect(backend.windowTitle).toBe(`${view.map.title} — Guardado — Travesía`);
    expect(document.title).toBe(backend.windowTitle);
    document.querySelector<HTMLButtonElement>('[data-testid="back"]')!.click();
    await flush();
    expect(backend.windowTitle).toBe('Travesía');
  });

  it('draws the Scene with a hook for every card, cell, header and point', async () => {
    const { view } = await openEditor();
    const hits = view.scene.hits;
    const count = (kind: string) => hits.filter((h) => h.target.kind === kind).length;
    expect(all('[data-card-id]').map((e) => e.getAttribute('data-card-id')).sort()).toEqual(
      view.map.cards.map((c) => c.id).sort(),
    );
    expect(all('[data-cell]')).toHaveLength(count('cell'));
    expect(all('[data-stage-id]').map((e) => e.getAttribute('data-stage-id'))).toEqual(['s1', 's2', 's3']);
    expect(all('[data-lane-id]').map((e) => e.getAttribute('data-lane-id'))).toEqual(['l-act', 'l-tp', 'l-emo', 'l-fun']);
    expect(all('[data-point]').map((e) => e.getAttribute('data-point'))).toEqual(['s1:l-emo', 's2:l-emo', 's3:l-emo']);
    // The tiles paint each card's own drawing: its box and its text.
    expect(paintedCard('a1')?.texts).toEqual(['Huele el pan al pasar']);
    expect(paintedCard('a1')?.opacity).toBe(1);
    // Every Scene text line is painted (the whole map is in sight), and no text is left in the DOM.
    const texts = new Set(paintedTexts.map((t) => t.text));
    expect(view.scene.items.filter((i) => i.type === 'text').every((i) => texts.has(i.text))).toBe(true);
    expect(all('svg.scene text')).toHaveLength(0);
    expect(view.scene.items.some((i) => i.type === 'icon' && i.name === 'search')).toBe(true);
    expect(view.map.cards.flatMap((c) => paintedCard(c.id)?.icons ?? [])).toContain('search');
  });

  it('shows the toolbar state: title, saved status, undo and redo per history, 100 %', async () => {
    await openEditor();
    expect(document.querySelector('h1')?.textContent).toBe('Panadería del barrio');
    expect(document.querySelector('[data-testid="save-status"]')?.textContent?.trim()).toBe('Guardado');
    expect(document.querySelector<HTMLButtonElement>('[data-testid="undo"]')?.disabled).toBe(true);
    expect(document.querySelector<HTMLButtonElement>('[data-testid="redo"]')?.disabled).toBe(true);
    // Spanish writes a (no-break) space before the percent sign; Intl knows.
    expect(document.querySelector('[data-testid="zoom"]')?.textContent?.trim()).toBe(
      new Intl.NumberFormat('es', { style: 'percent' }).format(1),
    );
    expect(document.title).toBe('Panadería del barrio — Guardado — Travesía');
    // At 100 % and no pan, the drawing is not transformed at all.
    expect(document.querySelector<HTMLElement>('.world')?.style.transform).toBe('none');
  });

  it('puts card text into the DOM as text, never as markup', async () => {
    const map = sampleMap();
    map.cards[0]!.text = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    await openEditor(map);
    // Painted as text on the canvas; nothing of it reaches the DOM.
    expect(paintedCard('a1')?.texts.join(' ')).toContain('<img src=x');
    expect(paintedTexts.some((t) => t.text.includes('<b>bold</b>'))).toBe(true);
    expect(document.querySelector('[data-testid="canvas"] img, [data-testid="canvas"] b')).toBeNull();
  });

  it('double-click on an empty cell, type, Esc: one insert_card with the text', async () => {
    const { backend, view, canvas } = await openEditor();
    const cell = cellHit(view.scene.hits, 's3', 'l-act')!;
    pointer(canvas, 'dblclick', cell.x + cell.w / 2, cell.y + cell.h / 2);
    flushSync();

    const textarea = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    expect(textarea).not.toBeNull();
    expect(document.activeElement).toBe(textarea);
    textarea.value = 'Vuelve el sábado';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    // A keydown that belongs to an input method composing a character is left alone.
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true }));
    expect(document.querySelector('[data-testid="card-editor"]')).not.toBeNull();
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();

    expect(document.querySelector('[data-testid="card-editor"]')).toBeNull();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toMatchObject([
      { type: 'insert_card', card: { stage: 's3', lane: 'l-act', text: 'Vuelve el sábado' }, place: { in_cell: 0 } },
    ]);
    expect(document.querySelector<HTMLButtonElement>('[data-testid="undo"]')?.disabled).toBe(false);
  });

  it('draws the selection and the "+" under the stuck lane titles, as the cards are', async () => {
    const { view, canvas } = await openEditor();
    const layer = () => document.querySelector<SVGGElement>('[data-testid="overlay-layer"]')!;
    const a1 = cardHit(view.scene.hits, 'a1')!;
    pointer(canvas, 'pointerdown', a1.x + 10, a1.y + 10);
    pointer(canvas, 'pointerup', a1.x + 10, a1.y + 10);
    canvas.dispatchEvent(new MouseEvent('pointerleave'));
    flushSync();
    // Nothing stuck: nothing hidden, and the selected card's cell has its "+".
    expect(layer().getAttribute('mask')).toBeNull();
    expect(document.querySelector('[data-testid="add-card-here"]')).not.toBeNull();
    // Panned until the card's cell is under the lane titles, stuck to the left edge (as wide as the cell).
    const cell = cellHit(view.scene.hits, 's1', 'l-act')!;
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: cell.x + 1, deltaY: 0, bubbles: true, cancelable: true }));
    await flush();
    const mask = layer().getAttribute('mask');
    expect(mask).toMatch(/^url\(#.+\)$/);
    const hidden = [...document.querySelectorAll<SVGRectElement>(`${mask!.slice(4, -1)} rect[fill="black"]`)].map((r) => ({
      x: Number(r.getAttribute('x')),
      y: Number(r.getAttribute('y')),
      w: Number(r.getAttribute('width')),
      h: Number(r.getAttribute('height')),
    }));
    // The selected card's outline is drawn under the column's box, and the "+" of its cell is gone.
    const under = (b: { x: number; y: number; w: number; h: number }) => a1.x >= b.x && a1.x + a1.w <= b.x + b.w && a1.y >= b.y && a1.y + a1.h <= b.y + b.h;
    expect(hidden.some(under)).toBe(true);
    expect(layer().querySelector('rect.selected')).not.toBeNull();
    expect(document.querySelector('[data-testid="add-card-here"]')).toBeNull();
  });

  it('shows a "+" in the cell under the pointer and in the selected card\'s cell, which adds a card there', async () => {
    const { backend, view, canvas } = await openEditor();
    expect(document.querySelector('[data-testid="add-card-here"]')).toBeNull();
    // Over a cell of a lane that takes more cards: the "+" sits in its corner.
    const cell = cellHit(view.scene.hits, 's2', 'l-act')!;
    pointer(canvas, 'pointermove', cell.x + 20, cell.y + cell.h - 6);
    flushSync();
    const plus = document.querySelector<HTMLButtonElement>('[data-testid="add-card-here"]')!;
    expect(plus).not.toBeNull();
    expect(plus.getAttribute('aria-label')).toBe('Añadir una tarjeta aquí');
    expect(parseFloat(plus.style.left)).toBeGreaterThan(cell.x + cell.w / 2);
    expect(parseFloat(plus.style.top)).toBeGreaterThan(cell.y);
    // Over the emotion curve (one point a stage): no "+".
    const emotions = cellHit(view.scene.hits, 's3', 'l-emo')!;
    pointer(canvas, 'pointermove', emotions.x + 20, emotions.y + 20);
    flushSync();
    expect(document.querySelector('[data-testid="add-card-here"]')).toBeNull();
    // The pointer gone, a selected card keeps the "+" of its cell.
    const a1 = cardHit(view.scene.hits, 'a1')!;
    pointer(canvas, 'pointerdown', a1.x + 10, a1.y + 10);
    pointer(canvas, 'pointerup', a1.x + 10, a1.y + 10);
    canvas.dispatchEvent(new MouseEvent('pointerleave'));
    flushSync();
    const s1 = cellHit(view.scene.hits, 's1', 'l-act')!;
    const again = document.querySelector<HTMLButtonElement>('[data-testid="add-card-here"]')!;
    expect(parseFloat(again.style.left)).toBe(s1.x + s1.w - 30);
    again.click();
    flushSync();
    const textarea = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    expect(document.activeElement).toBe(textarea);
    // While a card is typed, no "+".
    expect(document.querySelector('[data-testid="add-card-here"]')).toBeNull();
    textarea.value = 'Pregunta por el pan de centeno';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    // A new card at the end of that cell: never glued onto an existing one.
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toMatchObject([
      { type: 'insert_card', card: { stage: 's1', lane: 'l-act', text: 'Pregunta por el pan de centeno' }, place: { in_cell: 2 } },
    ]);
    // Rust's answer: the cell holds its two cards and the new one after them.
    const inCell = backend.viewOf('map-1')!.map.cards.filter((c) => c.stage === 's1' && c.lane === 'l-act');
    expect(inCell.map((c) => c.text)).toEqual(['Huele el pan al pasar', 'Mira el escaparate', 'Pregunta por el pan de centeno']);
  });

  it('selects a card with the pointer and deletes it with the Delete key', async () => {
    const { backend, view, canvas } = await openEditor();
    const a1 = cardHit(view.scene.hits, 'a1')!;
    pointer(canvas, 'pointerdown', a1.x + 10, a1.y + 10);
    pointer(canvas, 'pointerup', a1.x + 10, a1.y + 10);
    flushSync();
    expect(document.activeElement).toBe(canvas);
    // The inspector follows the selection (a frame after the canvas).
    await panel();
    expect(document.querySelector('aside h2')?.textContent).toBe('Tarjeta');

    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'delete_card', id: 'a1' }]);
    // The deleted card is no longer selected, so the inspector is back on the map.
    expect(document.querySelector('aside h2')?.textContent).toBe('Mapa');
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z and Ctrl+Y', async () => {
    const { backend, canvas } = await openEditor();
    canvas.focus();
    const key = (init: KeyboardEventInit) => canvas.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
    key({ key: 'z', ctrlKey: true });
    await flush();
    key({ key: 'Z', ctrlKey: true, shiftKey: true });
    await flush();
    key({ key: 'y', ctrlKey: true });
    await flush();
    expect(backend.calls.map((c) => c.command).filter((c) => c === 'undo_edit' || c === 'redo_edit')).toEqual(['undo_edit', 'redo_edit', 'redo_edit']);
  });

  it('folds the side panel away for room, brings it back with its button or Ctrl+\\, and remembers', async () => {
    const { backend, canvas } = await openEditor();
    expect(document.querySelector('aside.inspector')).not.toBeNull();
    document.querySelector<HTMLButtonElement>('[data-testid="inspector-hide"]')!.click();
    await flush();
    expect(document.querySelector('aside.inspector')).toBeNull();
    const show = document.querySelector<HTMLButtonElement>('[data-testid="inspector-show"]')!;
    expect(show.getAttribute('aria-label')).toBe('Mostrar el panel lateral (Ctrl+\\)');
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(backend.settings.get('inspector.hidden')).toBe('1');
    // Ctrl+\ brings it back (and on a layout where \ needs AltGr, the key's place does).
    canvas.focus();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '\\', code: 'Backslash', ctrlKey: true }));
    await flush();
    expect(document.querySelector('aside.inspector')).not.toBeNull();
    expect(backend.settings.has('inspector.hidden')).toBe(false);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Dead', code: 'Backslash', ctrlKey: true }));
    await flush();
    expect(document.querySelector('aside.inspector')).toBeNull();
    // The next time the editor opens, the panel is as it was left.
    app && unmount(app);
    app = mount(App, {
      target: document.body,
      props: { i18n: new I18n('es'), library: new Library(backend), editor: new Editor(backend, { frame: () => Promise.resolve() }), settings: new Settings(backend) },
    });
    await flush();
    // The app opens the last map again by itself.
    document.querySelector<HTMLButtonElement>('[data-testid="open-map"][data-map-id="map-1"]')?.click();
    await flush();
    expect(document.querySelector('[data-testid="canvas"]')).not.toBeNull();
    expect(document.querySelector('aside.inspector')).toBeNull();
    expect(document.querySelector('[data-testid="inspector-show"]')).not.toBeNull();
  });

  it('takes Ctrl+Z, Ctrl+Y and Ctrl+A where Z, Y and A are on a Russian or Greek keyboard too', async () => {
    const { backend, canvas } = await openEditor();
    canvas.focus();
    const key = (init: KeyboardEventInit) => canvas.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
    // Russian (ЙЦУКЕН): the key in Z's place gives "я", Y's "н"; Greek: A's gives "α".
    key({ key: 'я', code: 'KeyZ', ctrlKey: true });
    await flush();
    key({ key: 'н', code: 'KeyY', ctrlKey: true });
    await flush();
    expect(backend.calls.map((c) => c.command).filter((c) => c === 'undo_edit' || c === 'redo_edit')).toEqual(['undo_edit', 'redo_edit']);
    key({ key: 'α', code: 'KeyA', ctrlKey: true });
    await panel();
    expect(document.querySelector('aside h2')?.textContent).not.toBe('Mapa');
  });

  it('changes the note in place when undos and redos follow one another: only the first rises into sight', async () => {
    const { view, canvas } = await openEditor();
    await renameSecondStage(view, canvas);

    const note = () => document.querySelector('[data-testid="toast"]')!;
    document.querySelector<HTMLButtonElement>('[data-testid="undo"]')!.click();
    await flush();
    expect(note().querySelector('.message')?.textContent).toBe('Deshecho: renombrar la etapa «Compra»');
    expect(note().classList.contains('rise')).toBe(true);
    document.querySelector<HTMLButtonElement>('[data-testid="redo"]')!.click();
    await flush();
    expect(note().querySelector('.message')?.textContent).toBe('Rehecho: renombrar la etapa «Compra»');
    expect(note().classList.contains('rise')).toBe(false);
    // Closed, the next note rises again.
    document.querySelector<HTMLButtonElement>('[data-testid="toast-close"]')!.click();
    await flush();
    document.querySelector<HTMLButtonElement>('[data-testid="undo"]')!.click();
    await flush();
    expect(note().classList.contains('rise')).toBe(true);
  });

  it('says what each undo and redo did, with the way back, and lists the stored steps to go back to', async () => {
    const { backend, view, canvas } = await openEditor();
    await renameSecondStage(view, canvas);

    document.querySelector<HTMLButtonElement>('[data-testid="undo"]')!.click();
    await flush();
    const toast = () => document.querySelector('[data-testid="toast"] .message')?.textContent;
    expect(toast()).toBe('Deshecho: renombrar la etapa «Compra»');
    const action = document.querySelector<HTMLButtonElement>('[data-testid="toast-action"]')!;
    expect(action.textContent?.trim()).toBe('Rehacer');
    action.click();
    await flush();
    expect(backend.callsOf('redo_edit')).toHaveLength(1);
    expect(toast()).toBe('Rehecho: renombrar la etapa «Compra»');

    // The history panel: the step, now; then back to before it, in one request.
    document.querySelector<HTMLButtonElement>('[data-testid="open-history"]')!.click();
    await flush();
    const steps = () =>
      all('[data-testid="history-step"]').map((b) => [b.querySelector('.words')?.textContent, b.getAttribute('aria-current')]);
    expect(steps()).toEqual([
      ['renombrar la etapa «Compra»', 'step'],
      ['Antes del primer paso guardado', null],
    ]);
    document.querySelector<HTMLButtonElement>('[data-testid="history-step"][data-seq="0"]')!.click();
    await flush();
    expect(backend.callsOf('go_to_step')).toEqual([{ command: 'go_to_step', args: { id: 'map-1', seq: 0 } }]);
    expect(steps()).toEqual([
      ['renombrar la etapa «Compra»', null],
      ['Antes del primer paso guardado', 'step'],
    ]);
    expect(document.querySelector<HTMLButtonElement>('[data-testid="redo"]')?.disabled).toBe(false);
    document.querySelector<HTMLButtonElement>('[data-testid="history-close"]')!.click();
    await flush();
    expect(document.querySelector<HTMLInputElement>('#inspector-name')?.value).toBe('Compra');
  });

  it('renames a stage in place on a double-click on its header, the name selected to type over', async () => {
    const { backend, view, canvas } = await openEditor();
    const s2 = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's2')!;
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: s2.x + 5, clientY: s2.y + 5 }));
    flushSync();
    const field = document.querySelector<HTMLInputElement>('[data-testid="rename-field"]')!;
    expect(field.value).toBe('Compra');
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'Compra'.length]);
    // Over the header, not in the inspector.
    expect(parseFloat(field.style.left)).toBeGreaterThanOrEqual(s2.x - 1);
    expect(parseFloat(field.style.top)).toBeLessThan(s2.y + s2.h);

    field.value = 'Pedido';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'update_stage', id: 's2', patch: { title: 'Pedido' } }]);
    expect(document.querySelector('[data-testid="rename-field"]')).toBeNull();

    // Escape leaves the name as it was.
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: s2.x + 5, clientY: s2.y + 5 }));
    flushSync();
    const again = document.querySelector<HTMLInputElement>('[data-testid="rename-field"]')!;
    again.value = 'Otra cosa';
    again.dispatchEvent(new Event('input', { bubbles: true }));
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
  });

  it('puts the caret where a card was double-clicked, not at the end of its text', async () => {
    const { view, canvas } = await openEditor();
    const card = view.map.cards.find((c) => c.text.length > 12)!;
    const hit = view.scene.hits.find((h) => h.target.kind === 'card' && h.target.id === card.id)!;
    const line = view.scene.items.find(
      (i) => i.type === 'text' && i.weight < 600 && i.x >= hit.x && i.y > hit.y && i.y < hit.y + hit.h && card.text.startsWith(i.text),
    );
    expect(line?.type).toBe('text');
    if (line?.type !== 'text') return;
    // A quarter of the way along the first line.
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: line.x + line.w / 4, clientY: line.y - 4 }));
    flushSync();
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    expect(area.value).toBe(card.text);
    expect(area.selectionStart).toBe(area.selectionEnd);
    expect(area.selectionStart).toBeGreaterThan(0);
    expect(area.selectionStart).toBeLessThan(line.text.length);
  });

  it('lays the card out again while it is typed, so what is below moves down', async () => {
    const { backend, view, canvas } = await openEditor();
    const card = view.map.cards.find((c) => c.id === 'a1')!;
    const hit = view.scene.hits.find((h) => h.target.kind === 'card' && h.target.id === card.id)!;
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: hit.x + hit.w - 4, clientY: hit.y + hit.h - 4 }));
    flushSync();
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="card-editor"]')!;
    area.value = `${card.text} y además una explicación larga que ocupa varias líneas en la tarjeta`;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 150));
    await flush();
    expect(backend.callsOf('preview_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_card', id: 'a1', patch: { text: area.value } },
    ]);
    // The editor is as tall as the card laid out with its new text, and the canvas draws that layout.
    expect(parseFloat(area.style.minHeight)).toBeGreaterThan(hit.h);
    const laneBox = (id: string) => document.querySelector(`[data-testid="canvas"] rect[data-lane-id="${id}"]`)!.getAttribute('y');
    const tpBefore = view.scene.hits.find((h) => h.target.kind === 'lane' && h.target.id === 'l-tp')!.y;
    expect(Number(laneBox('l-tp'))).toBeGreaterThan(tpBefore);
  });

  it('shows, right after another map opens, that map in the side panel, not what was selected in the last one', async () => {
    const view = mapView(sampleMap());
    // Another map with the same stages (as two maps from one template).
    const other = { ...mapView(sampleMap()), id: 'map-2' };
    const backend = new MockBackend({ views: [view, other] });
    const editor = new Editor(backend, { frame: () => Promise.resolve() });
    app = mount(App, { target: document.body, props: { i18n: new I18n('es'), library: new Library(backend), editor, settings: new Settings(backend) } });
    await flush();
    document.querySelector<HTMLButtonElement>('[data-testid="open-map"][data-map-id="map-1"]')!.click();
    await flush();
    editor.select({ kind: 'stage', id: 's2' });
    await panel();
    expect(document.querySelector('aside h2')?.textContent).toBe('Etapa');
    // The other map has a stage s2 too: until the panel follows, it must not show that one.
    const opened = editor.open('map-2');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await settle();
      flushSync();
      const heading = document.querySelector('aside h2')?.textContent;
      if (heading) seen.push(heading);
    }
    expect(await opened).toBe(true);
    expect(editor.view?.id).toBe('map-2');
    await panel();
    expect(document.querySelector('aside h2')?.textContent).toBe('Mapa');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === 'Mapa')).toBe(true);
  });

  it('changes a field in the inspector with one edit', async () => {
    const { backend, view, canvas } = await openEditor();
    const s2 = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's2')!;
    pointer(canvas, 'pointerdown', s2.x + 5, s2.y + 5);
    pointer(canvas, 'pointerup', s2.x + 5, s2.y + 5);
    await panel();
    const name = document.querySelector<HTMLInputElement>('#inspector-name')!;
    expect(name.value).toBe('Compra');
    name.value = 'Pedido';
    name.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_stage', id: 's2', patch: { title: 'Pedido' } },
    ]);
  });

  it('dresses the map in a palette from the map inspector in one edit, and shows it chosen', async () => {
    const { backend, view } = await openEditor();
    const forest = document.querySelector<HTMLButtonElement>('[data-testid="palette-forest"]')!;
    expect(document.querySelector('[data-testid="palette-none"]')!.getAttribute('aria-pressed')).toBe('true');
    forest.click();
    await flush();
    const edits = backend.callsOf('apply_edit').map((c) => c.args.edit as { type: string; edits: { type: string }[] });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.type).toBe('batch');
    const kinds = edits[0]!.edits.map((e) => e.type);
    expect(kinds.filter((k) => k === 'set_theme')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'update_stage')).toHaveLength(view.map.stages.length);
    expect(kinds.filter((k) => k === 'update_lane')).toHaveLength(view.map.lanes.length);
    expect(document.querySelector('[data-testid="palette-forest"]')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('sets the company, a logo, compact density, the text size and the footer from the map inspector, one edit each', async () => {
    const { backend } = await openEditor();
    const company = document.querySelector<HTMLInputElement>('[data-testid="look-company"]')!;
    company.value = '  Ñandú Muebles S.L. ';
    company.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    backend.dialogAnswers.push(TINY_PNG);
    document.querySelector<HTMLButtonElement>('[data-testid="look-pick-logo"]')!.click();
    await flush();
    expect(backend.callsOf('pick_logo')[0]?.args.title).toBe('Elegir el logotipo');
    expect(document.querySelector<HTMLImageElement>('[data-testid="look-logo"]')?.getAttribute('alt')).toBe('Logotipo del mapa');
    document.querySelector<HTMLButtonElement>('[data-testid="density-compact"]')!.click();
    await flush();
    expect(document.querySelector('[data-testid="density-compact"]')!.getAttribute('aria-pressed')).toBe('true');
    const size = document.querySelector<HTMLSelectElement>('[data-testid="look-text-size"]')!;
    size.value = '1.15';
    size.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    const box = document.querySelector<HTMLInputElement>('[data-testid="footer-confidential"]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    const themes = backend.callsOf('apply_edit').map((c) => (c.args.edit as { type: string; theme: Record<string, unknown> | null }).theme);
    expect(themes).toHaveLength(5);
    expect(themes[0]).toEqual({ company: 'Ñandú Muebles S.L.' });
    expect(themes[1]?.logo).toMatch(/^data:image\/png;base64,/);
    expect(themes[2]).toMatchObject({ company: 'Ñandú Muebles S.L.', density: 'compact' });
    expect(themes[3]).toMatchObject({ density: 'compact', font_scale: 1.15 });
    expect(themes[4]).toMatchObject({ company: 'Ñandú Muebles S.L.', density: 'compact', font_scale: 1.15, footer: ['confidential'] });
    expect(size.value).toBe('1.15');
    // Removing the logo is one more edit; the other fields stay.
    document.querySelector<HTMLButtonElement>('[data-testid="look-remove-logo"]')!.click();
    await flush();
    const last = backend.callsOf('apply_edit').at(-1)!.args.edit as { theme: Record<string, unknown> };
    expect(last.theme.logo).toBeNull();
    expect(last.theme.company).toBe('Ñandú Muebles S.L.');
    expect(document.querySelector('[data-testid="look-logo"]')).toBeNull();
  });

  it('sets the map in another typeface from the map inspector, and back to Inter', async () => {
    const { backend } = await openEditor();
    const pressed = (id: string) => document.querySelector(`[data-testid="font-${id}"]`)!.getAttribute('aria-pressed');
    expect(pressed('sans')).toBe('true');
    document.querySelector<HTMLButtonElement>('[data-testid="font-serif"]')!.click();
    await flush();
    expect(pressed('serif')).toBe('true');
    expect(pressed('sans')).toBe('false');
    // The canvas draws the map's texts in the face the Scene names.
    expect(paintedTexts.some((t) => /^\d+ [\d.]+px 'Source Serif 4', /.test(t.font))).toBe(true);
    document.querySelector<HTMLButtonElement>('[data-testid="font-sans"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => (c.args.edit as { theme: unknown }).theme)).toEqual([{ font: 'serif' }, null]);
    expect(pressed('sans')).toBe('true');
  });

  it('says why a logo could not be used, in the panel', async () => {
    const { backend } = await openEditor();
    backend.failNext('pick_logo', { code: 'invalid_input', message: 'the SVG draws nothing' });
    document.querySelector<HTMLButtonElement>('[data-testid="look-pick-logo"]')!.click();
    await flush();
    expect(document.querySelector('.look [role="alert"]')?.textContent).toBe('No se pudo usar ese logotipo: the SVG draws nothing');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('keeps a lane off print from its inspector, and prints it again', async () => {
    const { backend, view, canvas } = await openEditor();
    const lane = view.scene.hits.find((h) => h.target.kind === 'lane' && h.target.id === 'l-tp')!;
    pointer(canvas, 'pointerdown', lane.x + 5, lane.y + 5);
    pointer(canvas, 'pointerup', lane.x + 5, lane.y + 5);
    await panel();
    const print = document.querySelector<HTMLInputElement>('[data-testid="inspector-lane-print"]')!;
    expect(print.checked).toBe(true);
    print.checked = false;
    print.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(print.checked).toBe(false);
    print.checked = true;
    print.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_lane', id: 'l-tp', patch: { print: false } },
      { type: 'update_lane', id: 'l-tp', patch: { print: null } },
    ]);
  });

  it('marks a card as an assumption with a quote and a date from its inspector, and fades the rest with the filter', async () => {
    const { backend, view, canvas } = await openEditor();
    const a1 = cardHit(view.scene.hits, 'a1')!;
    pointer(canvas, 'pointerdown', a1.x + 5, a1.y + 5);
    pointer(canvas, 'pointerup', a1.x + 5, a1.y + 5);
    await panel();
    const field = document.querySelector<HTMLElement>('[data-testid="card-evidence"]')!;
    expect(field.querySelector('legend')?.textContent).toBe('Evidencia');
    // No filter until a card says how sure the team is of it.
    expect(document.querySelector('[data-testid="evidence-filter"]')).toBeNull();
    const pressed = () =>
      [...field.querySelectorAll<HTMLButtonElement>('[data-testid^="confidence-"]')]
        .filter((b) => b.getAttribute('aria-pressed') === 'true')
        .map((b) => b.dataset.testid);
    expect(pressed()).toEqual(['confidence-none']);
    field.querySelector<HTMLButtonElement>('[data-testid="confidence-assumption"]')!.click();
    await flush();
    expect(pressed()).toEqual(['confidence-assumption']);
    const source = document.querySelector<HTMLSelectElement>('[data-testid="evidence-source"]')!;
    expect([...source.options].map((o) => o.textContent?.trim())).toEqual([
      'Sin fuente',
      'Entrevista',
      'Encuesta',
      'Analítica',
      'Observación',
      'Suposición',
    ]);
    source.value = 'interview';
    source.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    const note = document.querySelector<HTMLTextAreaElement>('[data-testid="evidence-note"]')!;
    note.value = '«El olor me hizo entrar», dijo Begoña';
    note.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    // A day that does not exist is refused where it was typed, with no edit.
    const date = document.querySelector<HTMLInputElement>('[data-testid="evidence-date"]')!;
    date.value = '30/02/2026';
    date.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(document.querySelector('#evidence-date-error')?.textContent).toContain('2026-11-20');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    // Typed as people write it, kept as the format does.
    date.value = '20/11/2026';
    date.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(document.querySelector('#evidence-date-error')).toBeNull();
    expect(date.value).toBe('2026-11-20');
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_card', id: 'a1', patch: { evidence: { confidence: 'assumption' } } },
      { type: 'update_card', id: 'a1', patch: { evidence: { confidence: 'assumption', source: 'interview' } } },
      {
        type: 'update_card',
        id: 'a1',
        patch: { evidence: { confidence: 'assumption', source: 'interview', note: '«El olor me hizo entrar», dijo Begoña' } },
      },
      {
        type: 'update_card',
        id: 'a1',
        patch: {
          evidence: { confidence: 'assumption', source: 'interview', note: '«El olor me hizo entrar», dijo Begoña', date: '2026-11-20' },
        },
      },
    ]);
    // The bar counts the cards at each confidence; the filter fades every card but the assumptions.
    const bar = document.querySelector<HTMLElement>('[data-testid="evidence-filter"]')!;
    expect(bar.querySelector('[data-testid="evidence-count-assumption"]')?.textContent?.trim()).toBe('Suposición: 1');
    const only = bar.querySelector<HTMLButtonElement>('[data-testid="only-assumptions"]')!;
    expect(only.getAttribute('aria-pressed')).toBe('false');
    const faded = () => view.map.cards.filter((c) => paintedCard(c.id)?.opacity === 0.2).map((c) => c.id);
    expect(faded()).toEqual([]);
    only.click();
    await flush();
    expect(only.getAttribute('aria-pressed')).toBe('true');
    expect(faded().sort()).toEqual(['a2', 'a3', 't1', 't2']);
    only.click();
    await flush();
    expect(faded()).toEqual([]);
  });

  it('puts a picture on a card from its panel, shows it, and takes it off', async () => {
    const { backend, view, canvas } = await openEditor();
    const a2 = cardHit(view.scene.hits, 'a2')!;
    pointer(canvas, 'pointerdown', a2.x + 5, a2.y + 5);
    pointer(canvas, 'pointerup', a2.x + 5, a2.y + 5);
    await panel();
    const field = document.querySelector<HTMLElement>('[data-testid="card-picture"]')!;
    expect(field.querySelector('[data-testid="card-image"]')).toBeNull();
    // Cancelled: nothing changes.
    field.querySelector<HTMLButtonElement>('[data-testid="card-pick-image"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit')).toEqual([]);
    backend.dialogAnswers.push(TINY_PNG);
    field.querySelector<HTMLButtonElement>('[data-testid="card-pick-image"]')!.click();
    await flush(8);
    expect(backend.callsOf('pick_image').map((c) => c.args.title)).toEqual(['Elegir la imagen de la tarjeta', 'Elegir la imagen de la tarjeta']);
    const img = document.querySelector<HTMLImageElement>('[data-testid="card-image"]')!;
    expect(img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(img.alt).toBe('La imagen de la tarjeta');
    expect(document.querySelector('[data-testid="card-pick-image"]')?.textContent?.trim()).toBe('Cambiar imagen…');
    document.querySelector<HTMLButtonElement>('[data-testid="card-remove-image"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_card', id: 'a2', patch: { image: TINY_PNG } },
      { type: 'update_card', id: 'a2', patch: { image: null } },
    ]);
    expect(document.querySelector('[data-testid="card-image"]')).toBeNull();
  });

  it('sets one confidence for several cards in one undo step, and clears it', async () => {
    const map = sampleMap();
    map.cards[1]!.evidence = { confidence: 'validated', source: 'survey' };
    const { backend, view, canvas } = await openEditor(map);
    // Shift adds a card to the choice.
    for (const [i, id] of ['a1', 'a2', 'a3'].entries()) {
      const hit = cardHit(view.scene.hits, id)!;
      for (const type of ['pointerdown', 'pointerup']) {
        canvas.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: hit.x + 5, clientY: hit.y + 5, button: 0, shiftKey: i > 0 }));
      }
      flushSync();
    }
    await panel();
    const lot = document.querySelector<HTMLElement>('[data-testid="card-evidence"]')!;
    // Mixed confidences: none pressed; no source or note for several cards at once.
    expect(lot.querySelectorAll('[aria-pressed="true"]')).toHaveLength(0);
    expect(lot.querySelector('[data-testid="evidence-note"]')).toBeNull();
    lot.querySelector<HTMLButtonElement>('[data-testid="confidence-some_evidence"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      {
        type: 'batch',
        edits: [
          { type: 'update_card', id: 'a1', patch: { evidence: { confidence: 'some_evidence' } } },
          { type: 'update_card', id: 'a2', patch: { evidence: { confidence: 'some_evidence', source: 'survey' } } },
          { type: 'update_card', id: 'a3', patch: { evidence: { confidence: 'some_evidence' } } },
        ],
      },
    ]);
    document.querySelector<HTMLButtonElement>('[data-testid="card-evidence"] [data-testid="confidence-none"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').at(-1)!.args.edit).toEqual({
      type: 'batch',
      edits: [
        { type: 'update_card', id: 'a1', patch: { evidence: null } },
        { type: 'update_card', id: 'a2', patch: { evidence: { source: 'survey' } } },
        { type: 'update_card', id: 'a3', patch: { evidence: null } },
      ],
    });
  });

  it('makes a channel of the map\'s own from a card\'s inspector: named, with an icon, on the card, in one undo step', async () => {
    const { backend, view, canvas } = await openEditor();
    const card = view.map.cards.find((c) => view.map.lanes.find((l) => l.id === c.lane)?.kind === 'touchpoints')!;
    const hit = view.scene.hits.find((h) => h.target.kind === 'card' && h.target.id === card.id)!;
    pointer(canvas, 'pointerdown', hit.x + 4, hit.y + 4);
    pointer(canvas, 'pointerup', hit.x + 4, hit.y + 4);
    await panel();
    const select = document.querySelector<HTMLSelectElement>('[data-testid="card-channel"]')!;
    const last = select.options[select.options.length - 1]!;
    expect(last.textContent).toBe('Nuevo canal…');
    select.value = last.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    // The menu keeps showing the card's channel; the dialog asks for a name and an icon.
    expect(select.value).toBe(card.channel ?? '');
    const dialog = document.querySelector('[data-testid="channels-dialog"]')!;
    expect(dialog.querySelector('[data-testid="channels-empty"]')).not.toBeNull();
    const name = dialog.querySelector<HTMLInputElement>('[data-testid="channel-name"]')!;
    expect(document.activeElement).toBe(name);
    // An empty name is refused here, in words.
    dialog.querySelector<HTMLButtonElement>('[data-testid="channel-create"]')!.click();
    await flush();
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('Escribe un nombre para el canal.');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    name.value = 'WhatsApp';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    dialog.querySelector<HTMLButtonElement>('[data-testid="channel-icons"] [data-icon="message"]')!.click();
    flushSync();
    dialog.querySelector<HTMLButtonElement>('[data-testid="channel-create"]')!.click();
    await flush();
    const edits = backend.callsOf('apply_edit').map((c) => c.args.edit);
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ type: 'insert_channel', index: 0, channel: { name: 'WhatsApp', icon: 'message' }, cards: [card.id] });
    // Made for the card, the dialog closes; the card shows the channel on the canvas and in the inspector.
    expect(document.querySelector('[data-testid="channels-dialog"]')).toBeNull();
    const id = (edits[0] as { channel: { id: string } }).channel.id;
    expect(document.querySelector<HTMLSelectElement>('[data-testid="card-channel"]')!.value).toBe(id);
    expect(paintedCard(card.id)?.texts).toContain('WhatsApp');
    expect(paintedCard(card.id)?.icons).toContain('message');

    document.querySelector<HTMLButtonElement>('[data-testid="undo"]')!.click();
    await flush();
    expect(document.querySelector('[data-testid="toast"] .message')?.textContent).toBe('Deshecho: crear el canal «WhatsApp»');
    expect(paintedCard(card.id)?.texts).not.toContain('WhatsApp');
  });

  it('lists, renames and deletes the map\'s own channels; a card without one says "Sin canal" as the inspector does', async () => {
    const map = sampleMap();
    map.channels = [{ id: 'ch-bizum', name: 'Bizum', icon: 'wallet' }];
    const tp = map.cards.find((c) => map.lanes.find((l) => l.id === c.lane)?.kind === 'touchpoints')!;
    tp.channel = 'ch-bizum';
    const other = map.cards.find((c) => c !== tp && map.lanes.find((l) => l.id === c.lane)?.kind === 'touchpoints')!;
    other.channel = null;
    const { backend, view, canvas } = await openEditor(map);
    const texts = () => map.cards.flatMap((c) => paintedCard(c.id)?.texts ?? []);
    expect(texts()).toContain('Bizum');
    expect(texts()).toContain('Sin canal');
    const hit = view.scene.hits.find((h) => h.target.kind === 'card' && h.target.id === other.id)!;
    pointer(canvas, 'pointerdown', hit.x + 4, hit.y + 4);
    pointer(canvas, 'pointerup', hit.x + 4, hit.y + 4);
    await panel();
    const select = document.querySelector<HTMLSelectElement>('[data-testid="card-channel"]')!;
    expect(select.selectedOptions[0]?.textContent).toBe('Sin canal');
    expect([...select.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Canales incluidos', 'Canales del mapa']);
    document.querySelector<HTMLButtonElement>('[data-testid="edit-channels"]')!.click();
    await flush();
    const row = document.querySelector('[data-testid="own-channel"][data-id="ch-bizum"]')!;
    expect(row.querySelector('.use')?.textContent?.trim()).toBe('1 tarjeta');
    const rename = row.querySelector<HTMLInputElement>('[data-testid="own-channel-name"]')!;
    rename.value = 'Bizum (pagos)';
    rename.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    row.querySelector<HTMLButtonElement>('[data-testid="own-channel-icon"]')!.click();
    flushSync();
    document.querySelector<HTMLButtonElement>('[data-testid="own-channel-icons"] [data-icon="payment"]')!.click();
    await flush();
    document.querySelector<HTMLButtonElement>('[data-testid="own-channel-delete"]')!.click();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_channel', id: 'ch-bizum', patch: { name: 'Bizum (pagos)' } },
      { type: 'update_channel', id: 'ch-bizum', patch: { icon: 'payment' } },
      { type: 'delete_channel', id: 'ch-bizum' },
    ]);
    // Its card is left without a channel, which reads the same as any other.
    expect(document.querySelector('[data-testid="channels-empty"]')).not.toBeNull();
    expect(texts()).not.toContain('Bizum (pagos)');
    expect(texts().filter((t) => t === 'Sin canal').length).toBeGreaterThanOrEqual(2);
  });

  it('widens a stage by dragging its header\'s right edge, the columns laid out as it goes, in one edit', async () => {
    const { backend, view, canvas } = await openEditor();
    const s1 = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's1')!;
    const s2x = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's2')!.x;
    const edge = s1.x + s1.w;
    pointer(canvas, 'pointermove', edge - 2, s1.y + 10);
    flushSync();
    // The cursor a frame later (see `shownCursor` in Canvas.svelte).
    await new Promise((done) => setTimeout(done, 40));
    flushSync();
    expect(canvas.style.cursor).toBe('col-resize');
    pointer(canvas, 'pointerdown', edge - 2, s1.y + 10);
    pointer(canvas, 'pointermove', edge + 98, s1.y + 10);
    await flush();
    expect(backend.callsOf('preview_edit').map((c) => c.args.edit).at(-1)).toEqual({
      type: 'update_stage',
      id: 's1',
      patch: { width: Math.round(s1.w + 100) },
    });
    // The next stage moved right with the preview, and stays there once the edit is stored.
    const header = (id: string) => {
      const r = document.querySelector(`[data-testid="canvas"] rect[data-stage-id="${id}"]`)!;
      return { x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')), y: Number(r.getAttribute('y')) };
    };
    expect(header('s2').x).toBeCloseTo(s2x + 100, 0);
    pointer(canvas, 'pointerup', edge + 98, s1.y + 10);
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_stage', id: 's1', patch: { width: Math.round(s1.w + 100) } },
    ]);
    expect(header('s2').x).toBeCloseTo(s2x + 100, 0);
    // A double-click on the edge gives the standard width back.
    const wide = header('s1');
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: wide.x + wide.w - 2, clientY: wide.y + 10 }));
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit).at(-1)).toEqual({ type: 'update_stage', id: 's1', patch: { width: null } });
  });

  it('shows a refused edit in a banner in the UI language and keeps the map as it was', async () => {
    const { backend, view, canvas } = await openEditor();
    backend.failNext('apply_edit', { code: 'invalid_input', message: 'stage.title: too long' });
    const s1 = view.scene.hits.find((h) => h.target.kind === 'stage' && h.target.id === 's1')!;
    pointer(canvas, 'pointerdown', s1.x + 5, s1.y + 5);
    pointer(canvas, 'pointerup', s1.x + 5, s1.y + 5);
    flushSync();
    const name = document.querySelector<HTMLInputElement>('#inspector-name')!;
    name.value = 'X';
    name.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();

    const banner = document.querySelector('[role="alert"]');
    expect(banner?.getAttribute('data-code')).toBe('invalid_input');
    expect(banner?.querySelector('.text')?.textContent).toBe('Hay un dato que no es válido. Revísalo y vuelve a intentarlo.');
    expect(document.querySelector('[data-testid="save-status"]')?.textContent?.trim()).toBe('No guardado');
    expect(document.querySelector('[data-stage-id="s1"]')).not.toBeNull();
    expect(backend.viewOf('map-1')?.map.stages[0]?.title).toBe('Descubre');
  });

  it('reopens the map left open, and shows the library after going back to it', async () => {
    const { backend } = await openEditor();
    expect(backend.settings.get('last_map')).toBe('map-1');

    const restart = async () => {
      unmount(app!);
      document.body.replaceChildren();
      delete document.body.dataset.ready;
      app = mount(App, {
        target: document.body,
        props: { i18n: new I18n('es'), library: new Library(backend), editor: new Editor(backend), settings: new Settings(backend) },
      });
      await flush();
    };

    // Quit with the map open: it is open again on the next start.
    await restart();
    expect(document.documentElement.dataset.mapId).toBe('map-1');
    expect(document.querySelector('[data-testid="canvas"]')).not.toBeNull();
    // Only once the map is back does the app say it is ready.
    expect(document.body.dataset.ready).toBe('1');

    document.querySelector<HTMLButtonElement>('[data-testid="back"]')!.click();
    await flush();
    expect(document.querySelector('[data-testid="canvas"]')).toBeNull();
    expect(document.documentElement.dataset.mapId).toBeUndefined();
    // Focus returns to the map that was open.
    expect(document.activeElement?.getAttribute('data-map-id')).toBe('map-1');
    expect(backend.settings.has('last_map')).toBe(false);

    // Quit from the library: the library is what comes back.
    await restart();
    expect(document.querySelector('[data-testid="canvas"]')).toBeNull();
    expect(document.querySelector('[data-testid="open-map"][data-map-id="map-1"]')).not.toBeNull();
    expect(document.body.dataset.ready).toBe('1');
  });
  // Choosing a kind closes the menu before the item runs; the item must not read the closed menu.
  it.each([
    ['the toolbar', '[data-testid="add-lane"]'],
    ['the "+" under the lanes', 'button.add-lane'],
  ])('adds a lane of the kind chosen from the menu opened by %s', async (_from, opener) => {
    const { backend } = await openEditor();
    const thrown: unknown[] = [];
    const onError = (e: ErrorEvent) => thrown.push(e.error ?? e.message);
    window.addEventListener('error', onError);
    try {
      document.querySelector<HTMLButtonElement>(opener)!.click();
      flushSync();
      document.querySelector<HTMLButtonElement>('[data-testid="lane-kind-pains"]')!.click();
      await flush();
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(thrown.map(String)).toEqual([]);
    expect(document.querySelector('[role="menu"]')).toBeNull();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toMatchObject([
      { type: 'insert_lane', index: 4, lane: { kind: 'pains', title: 'Puntos de dolor' } },
    ]);
    expect(document.querySelector('[data-testid="save-status"]')?.textContent?.trim()).toBe('Guardado');
  });

  it('shows one persona\'s journey from the curve bar, and the choice of curve for new points', async () => {
    const map = sampleMap();
    map.personas = [
      { id: 'p-ana', name: 'Ana' },
      { id: 'p-leo', name: 'Leo' },
    ];
    map.cards.push({ id: 'leo1', stage: 's1', lane: 'l-emo', text: 'Prisa', score: -2, persona: 'p-leo' });
    const { backend } = await openEditor(map);
    const bar = document.querySelector<HTMLElement>('[data-testid="curve-bar"]')!;
    expect(bar.getAttribute('aria-label')).toBe('Personas y curvas');
    const filter = bar.querySelector<HTMLSelectElement>('[data-testid="persona-filter"]')!;
    expect([...filter.options].map((o) => o.textContent?.trim())).toEqual(['Todas las personas', 'Ana', 'Leo']);
    expect(filter.value).toBe('');
    filter.value = 'p-ana';
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(backend.callsOf('set_persona_filter').map((c) => c.args)).toEqual([{ id: 'map-1', persona: 'p-ana' }]);
    expect(filter.value).toBe('p-ana');
    const asIs = bar.querySelector<HTMLButtonElement>('[data-testid="curve-as-is"]')!;
    const toBe = bar.querySelector<HTMLButtonElement>('[data-testid="curve-to-be"]')!;
    expect([asIs.getAttribute('aria-pressed'), toBe.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
    toBe.click();
    flushSync();
    expect([asIs.getAttribute('aria-pressed'), toBe.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
  });

  it('has no curve bar for a map without personas or emotions', async () => {
    const map = sampleMap();
    map.lanes = map.lanes.filter((l) => l.kind !== 'emotions');
    map.cards = map.cards.filter((c) => c.lane !== 'l-emo');
    await openEditor(map);
    expect(document.querySelector('[data-testid="curve-bar"]')).toBeNull();
  });
});
