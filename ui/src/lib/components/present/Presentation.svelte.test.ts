import { buildDrawing } from '../../canvas/segments';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { JourneyMap } from '../../bindings';
import type { Lang } from '../../i18n.svelte';
import { mapView } from '../../testing/fixtures';
import { byTestId as one, closeEditorScreen, flush, openEditorScreen, press } from '../../testing/screen';
import { sampleMap } from '../../testing/maps';
import { bigMap } from '../../testing/bigmap';
import { presentLayout, READABLE_ZOOM } from '../../presentation.svelte';

afterEach(closeEditorScreen);

/** The editor screen with the sample map (three stages: Descubre, Compra, Vuelve) open. */
async function openEditor(lang: Lang = 'es') {
  const view = mapView(sampleMap());
  return { view, ...(await openEditorScreen(view, lang)) };
}

const text = (testid: string) => one(testid)?.textContent?.trim();
/** The texts drawn in an element. */
const texts = (el: Element | null) => [...(el?.querySelectorAll('text') ?? [])].map((t) => t.textContent);
/** The numbers of a `translate(x px, y px) scale(z)` transform. */
const parse = (t: string) => t.match(/-?[\d.]+(e-?\d+)?/g)!.map(Number);

/** The editor screen with another map open. */
async function openEditorScreenOn(map: JourneyMap) {
  const view = mapView(map);
  return { view, ...(await openEditorScreen(view)) };
}

describe('presentation mode', () => {
  it('starts with F5 in full screen on the first stage, and Esc ends it where the editor was', async () => {
    const { backend, canvas } = await openEditor();
    canvas.focus();
    const f5 = press(canvas, 'F5');
    await flush();
    // Taken, so the webview does not reload the page.
    expect(f5.defaultPrevented).toBe(true);
    const stage = one('presentation')!;
    expect(stage.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(stage);
    expect(backend.fullscreen).toBe(true);
    expect(text('presentation-stage-title')).toBe('Descubre');
    expect(text('presentation-counter')).toBe('1 / 3');

    press(stage, 'Escape');
    await flush();
    expect(one('presentation')).toBeNull();
    expect(backend.fullscreen).toBe(false);
    expect(backend.callsOf('set_fullscreen').map((c) => c.args.on)).toEqual([true, false]);
    // Back in the editor, as it was: focus on the canvas, nothing sent.
    expect(document.activeElement).toBe(canvas);
    expect(backend.callsOf('apply_edit')).toEqual([]);
  });

  it('goes stage by stage with the arrows, page keys, Space, Home and End, and the buttons', async () => {
    await openEditor();
    one('open-present')!.click();
    await flush();
    const stage = one('presentation')!;
    press(stage, 'ArrowRight');
    expect(text('presentation-stage-title')).toBe('Compra');
    expect(text('presentation-counter')).toBe('2 / 3');
    press(stage, ' ');
    expect(text('presentation-stage-title')).toBe('Vuelve');
    // At the last stage, next stays there and its button is off.
    press(stage, 'PageDown');
    expect(text('presentation-counter')).toBe('3 / 3');
    expect((one('presentation-next') as HTMLButtonElement).disabled).toBe(true);
    press(stage, 'Home');
    expect(text('presentation-counter')).toBe('1 / 3');
    expect((one('presentation-prev') as HTMLButtonElement).disabled).toBe(true);
    press(stage, 'End');
    press(stage, 'PageUp');
    press(stage, 'ArrowLeft');
    expect(text('presentation-stage-title')).toBe('Descubre');
    one('presentation-next')!.click();
    flushSync();
    expect(text('presentation-counter')).toBe('2 / 3');
    one('presentation-prev')!.click();
    flushSync();
    expect(text('presentation-counter')).toBe('1 / 3');
    // Screen readers hear where the stage went.
    expect(stage.querySelector('[aria-live]')?.textContent?.trim()).toBe('Etapa 1 de 3: Descubre');
  });

  it('starts on the stage chosen in the editor', async () => {
    const { editor } = await openEditor();
    editor.select({ kind: 'cell', stage: 's3', lane: 'l-act' });
    one('open-present')!.click();
    await flush();
    expect(text('presentation-stage-title')).toBe('Vuelve');
  });

  it('shows the stage in front: others dimmed, its emotion face ringed, its touchpoints outlined', async () => {
    const { view } = await openEditor();
    one('open-present')!.click();
    await flush();
    const stage = one('presentation')!;
    const dims = [...stage.querySelectorAll<SVGRectElement>('.sheet > .world rect.dim')];
    expect(dims).toHaveLength(3);
    expect(dims.map((d) => d.style.opacity)).toEqual(['0', '1', '1']);
    // Stage 1 of the sample has one emotion score (e1) and one touchpoint card (t1).
    expect(stage.querySelectorAll('circle.ring')).toHaveLength(1);
    expect(stage.querySelectorAll('rect.touch')).toHaveLength(1);
    // The map is drawn from its Scene, every card of it once; the stuck strips draw the lane titles and the header band.
    const grouped = [...buildDrawing(view.scene).byCard.keys()];
    expect(grouped.length).toBeGreaterThan(0);
    const drawn = [...stage.querySelectorAll('.items [data-card-id]')].map((g) => g.getAttribute('data-card-id'));
    expect(drawn.sort()).toEqual(grouped.sort());
    expect(texts(stage.querySelector('.strip'))).toEqual(expect.arrayContaining(['Qué hace', 'Embudo']));
    expect(texts(one('presentation-title'))).toContain('Panadería del barrio');
    // The veil is over the other stages' columns, never over the header band.
    const { band } = presentLayout(view.scene, view.map.stages.map((st) => st.id));
    expect(dims.every((d) => Number(d.getAttribute('y')) >= band - 6)).toBe(true);

    press(stage, 'End');
    expect([...stage.querySelectorAll<SVGRectElement>('.sheet > .world rect.dim')].map((d) => d.style.opacity)).toEqual(['1', '1', '0']);
    expect(stage.querySelectorAll('circle.ring, rect.touch')).toHaveLength(0);
  });

  it('shows the whole sample map when it fits readably: only the spotlight moves from stage to stage', async () => {
    const { view } = await openEditor();
    one('open-present')!.click();
    await flush();
    const stage = one('presentation')!;
    const world = stage.querySelector<HTMLElement>('.sheet > .world')!;
    const first = world.style.transform;
    // jsdom's window is 1024 × 768: the map fits 32 px in from the sides.
    const [, , zoom] = parse(first);
    expect(zoom).toBeCloseTo(Math.min((1024 - 64) / view.scene.width, (768 - 64) / view.scene.height));
    expect(zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    press(stage, 'ArrowRight');
    expect(world.style.transform).toBe(first);
    expect([...stage.querySelectorAll<SVGRectElement>('.sheet > .world rect.dim')].map((d) => d.style.opacity)).toEqual(['1', '0', '1']);
    // Nothing is stuck over the map: the lane titles are where the Scene has them.
    expect(stage.querySelector('.strip')!.classList.contains('over')).toBe(false);
  });

  it('moves a wide map stage by stage under the lane titles and the map’s title; the wheel scrolls its lanes up', async () => {
    // The map the canvas's tests open: 12 stages, 1500 cards, about 27 000 px tall.
    const big = bigMap(1500, 'big');
    const { view } = await openEditorScreenOn(big);
    one('open-present')!.click();
    await flush();
    const stage = one('presentation')!;
    const world = stage.querySelector<HTMLElement>('.sheet > .world')!;
    const titleWorld = one('presentation-title')!.querySelector<HTMLElement>('.world')!;
    const strip = stage.querySelector<HTMLElement>('.strip')!;
    const [x0, y0, zoom] = parse(world.style.transform);
    const layout = presentLayout(view.scene, big.stages.map((st) => st.id));
    // Too big to show whole at a readable size: shown at READABLE_ZOOM, from the map's left edge and its top.
    expect(zoom).toBeCloseTo(READABLE_ZOOM);
    expect([x0, y0]).toEqual([0, 0]);
    const titleAt = titleWorld.style.transform;
    const stripAt = [strip.style.left, strip.style.width];
    expect(strip.classList.contains('over')).toBe(false);

    press(stage, 'End');
    // The last stage's column ends at the screen's right edge: the map moved left, under the lane titles.
    const [x1, y1] = parse(world.style.transform);
    expect(x1! + view.scene.width * zoom!).toBeCloseTo(1024);
    expect(y1).toBe(0);
    expect(strip.classList.contains('over')).toBe(true);
    expect(titleWorld.style.transform).toBe(titleAt);
    expect([strip.style.left, strip.style.width]).toEqual(stripAt);

    // The wheel scrolls the lanes up under the header band, which stays; the scroll is kept from stage to stage.
    const wheel = new WheelEvent('wheel', { deltaY: 300, bubbles: true, cancelable: true });
    stage.querySelector('.screen')!.dispatchEvent(wheel);
    flushSync();
    expect(wheel.defaultPrevented).toBe(true);
    expect(parse(world.style.transform)[1]).toBeCloseTo(-300);
    expect(titleWorld.style.transform).toBe(titleAt);
    // The stages' names stay above the lanes, at the map's x.
    const row = stage.querySelector<HTMLElement>('.row')!;
    expect(row.classList.contains('over')).toBe(true);
    const [rx, ry] = parse(row.querySelector<HTMLElement>('.world')!.style.transform);
    expect(rx).toBeCloseTo(x1!);
    expect(ry).toBeCloseTo(-layout.band * zoom!);
    expect(texts(row)).toContain('Etapa 11: consideración');
    press(stage, 'Home');
    expect(parse(world.style.transform).slice(0, 2)).toEqual([0, -300]);
  }, 30_000);

  it('edits nothing: editor keys and the native menu do not act behind it; the menu can end it', async () => {
    const { backend, editor, canvas } = await openEditor();
    editor.select({ kind: 'cards', ids: ['a1'] });
    backend.chooseMenu('present');
    await flush();
    const stage = one('presentation')!;
    expect(stage).not.toBeNull();
    // Even with the focus put on the canvas behind, Delete and Ctrl+Z never reach the editor.
    canvas.focus();
    press(canvas, 'Delete');
    press(canvas, 'z', { ctrlKey: true });
    const again = press(stage, 'F5');
    await flush();
    expect(again.defaultPrevented).toBe(true);
    expect(backend.callsOf('apply_edit')).toEqual([]);
    expect(backend.callsOf('undo_edit')).toEqual([]);
    // The personas item of the menu is held back; the present item ends the mode.
    backend.chooseMenu('personas');
    await flush();
    expect(one('personas-panel')).toBeNull();
    backend.chooseMenu('present');
    await flush();
    expect(one('presentation')).toBeNull();
    expect(backend.fullscreen).toBe(false);
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a1'] });
  });

  it('ends with the exit button, in English too', async () => {
    const { backend } = await openEditor('en');
    one('open-present')!.click();
    await flush();
    const exit = one('presentation-exit')!;
    expect(exit.getAttribute('aria-label')).toBe('Leave the presentation (Esc)');
    expect(one('presentation')!.getAttribute('aria-label')).toBe('Presenting “Panadería del barrio”');
    exit.click();
    await flush();
    expect(one('presentation')).toBeNull();
    expect(backend.fullscreen).toBe(false);
  });
});
