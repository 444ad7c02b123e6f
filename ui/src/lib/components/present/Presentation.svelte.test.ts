import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { cellHit } from '../../canvas/hit';
import type { Lang } from '../../i18n.svelte';
import { mapView } from '../../testing/fixtures';
import { byTestId as one, closeEditorScreen, flush, openEditorScreen, press } from '../../testing/screen';
import { sampleMap } from '../../testing/maps';

afterEach(closeEditorScreen);

/** The editor screen with the sample map (three stages: Descubre, Compra, Vuelve) open. */
async function openEditor(lang: Lang = 'es') {
  const view = mapView(sampleMap());
  return { view, ...(await openEditorScreen(view, lang)) };
}

const text = (testid: string) => one(testid)?.textContent?.trim();

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
    await openEditor();
    one('open-present')!.click();
    await flush();
    const stage = one('presentation')!;
    const dims = [...stage.querySelectorAll<SVGRectElement>('rect.dim')];
    expect(dims).toHaveLength(3);
    expect(dims.map((d) => d.style.opacity)).toEqual(['0', '1', '1']);
    // Stage 1 of the sample has one emotion score (e1) and one touchpoint card (t1).
    expect(stage.querySelectorAll('circle.ring')).toHaveLength(1);
    expect(stage.querySelectorAll('rect.touch')).toHaveLength(1);
    // The map is drawn from its Scene (every card of it), and the lane titles strip reuses that drawing.
    const drawnInEditor = document.querySelectorAll('[data-testid="canvas"] .items [data-card-id]').length;
    expect(drawnInEditor).toBeGreaterThan(0);
    expect(stage.querySelectorAll('.items [data-card-id]')).toHaveLength(drawnInEditor);
    expect(stage.querySelector('.strip use')?.getAttribute('href')).toBe('#presentation-scene');
    expect(stage.querySelector('#presentation-scene')).not.toBeNull();

    press(stage, 'End');
    expect([...stage.querySelectorAll<SVGRectElement>('rect.dim')].map((d) => d.style.opacity)).toEqual(['1', '1', '0']);
    expect(stage.querySelectorAll('circle.ring, rect.touch')).toHaveLength(0);
  });

  it('moves the view to the stage in front (the first stage’s cell sits right of the lane column)', async () => {
    const { view } = await openEditor();
    one('open-present')!.click();
    await flush();
    const world = document.querySelector<HTMLElement>('[data-testid="presentation"] .world')!;
    const first = world.style.transform;
    expect(first).toMatch(/^translate\(.+px, .+px\) scale\(.+\)$/);
    press(one('presentation')!, 'ArrowRight');
    const second = world.style.transform;
    expect(second).not.toBe(first);
    // Scaled alike (same-sized columns), moved left by one column width × zoom.
    const parse = (t: string) => t.match(/-?[\d.]+/g)!.map(Number);
    const [x1, , z1] = parse(first);
    const [x2, , z2] = parse(second);
    const c1 = cellHit(view.scene.hits, 's1', 'l-act')!;
    const c2 = cellHit(view.scene.hits, 's2', 'l-act')!;
    expect(z2).toBeCloseTo(z1!);
    expect(x1! - x2!).toBeCloseTo((c2.x - c1.x) * z1!);
  });

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
