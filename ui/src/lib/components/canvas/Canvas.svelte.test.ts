import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Edit, Hit, MapView } from '../../bindings';
import { AHEAD_MS, POINTED_MS, PREVIEW_MS } from '../../editor.svelte';
import type { MockBackend } from '../../testing/mock';
import { aheadPatch } from '../../testing/answers';
import { contains } from '../../canvas/geometry';
import { cellHit } from '../../canvas/hit';
import { mapView } from '../../testing/fixtures';
import { bigMap } from '../../testing/bigmap';
import { closeEditorScreen, flush, openEditorScreen, press } from '../../testing/screen';
import { paintedCard } from '../../testing/canvas2d';

/*
 * The canvas paints the Scene into tiles (canvas/tiles.ts) and keeps only the
 * hit regions near the view in the DOM (culling.svelte.ts): on a large map,
 * cards far away have no element until the view comes near them. jsdom lays
 * nothing out, so each test gives the canvas the window's size; its 2D
 * context records what is painted (testing/canvas2d.ts).
 */

afterEach(closeEditorScreen);

const W = 1024;
const H = 768;

const big: MapView = mapView(bigMap(1500, 'big'));
const cardHits = big.scene.hits.filter((h): h is Hit & { target: { kind: 'card'; id: string } } => h.target.kind === 'card');
const inDom = (id: string) => document.querySelector(`[data-testid="canvas"] [data-card-id="${id}"]`) !== null;
const drawnCards = () => document.querySelectorAll('[data-testid="canvas"] [data-card-id]').length;

/** Lets a few animation frames pass (the margin around the view is drawn on the next ones). */
async function frames(n = 4) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    flushSync();
  }
}

async function open() {
  const screen = await openEditorScreen(big);
  screen.editor.size = { width: W, height: H };
  flushSync();
  await frames();
  return screen;
}

describe('canvas culling', () => {
  it('has only the cards near the view in the DOM, and the ones far away once the view comes near', async () => {
    const { editor } = await open();
    const near = cardHits.filter((h) => h.y + h.h < H && h.x + h.w < W);
    const far = cardHits.find((h) => h.y > 12 * H)!;
    expect(near.length).toBeGreaterThan(5);
    expect(near.every((h) => inDom(h.target.id))).toBe(true);
    expect(inDom(far.target.id)).toBe(false);
    expect(drawnCards()).toBeLessThan(cardHits.length / 4);
    // Cells and headers far away are left out too; those in sight have their hooks.
    // The far card's cell, which starts far below too.
    const farCell = big.scene.hits.find((h) => h.target.kind === 'cell' && contains(h, { x: far.x + 1, y: far.y + 1 }) && h.y > 2 * H)!;
    expect(farCell).toBeDefined();
    const t = farCell.target as { stage: string; lane: string };
    expect(document.querySelector(`[data-cell="${t.stage}:${t.lane}"]`)).toBeNull();
    expect(document.querySelectorAll('[data-stage-id]').length).toBeGreaterThan(0);

    // Pan down to it: it is drawn, with its text; the cards at the top are let go.
    editor.setViewport({ zoom: 1, x: 0, y: -(far.y - 100) });
    flushSync();
    expect(inDom(far.target.id)).toBe(true);
    expect(paintedCard(far.target.id)?.texts.join(' ').length).toBeGreaterThan(10);
    expect(document.querySelector(`[data-cell="${t.stage}:${t.lane}"]`)).not.toBeNull();
    await frames();
    expect(near.some((h) => inDom(h.target.id))).toBe(false);
  });

  it('keeps the DOM as it is for a small pan, and draws what comes near after a larger one', async () => {
    const { editor } = await open();
    const group = document.querySelector('[data-testid="canvas"] [data-card-id]')!;
    const count = drawnCards();
    editor.panBy(-30, -200);
    flushSync();
    await frames();
    expect(drawnCards()).toBe(count);
    expect(group.isConnected).toBe(true);
    // Nine tenths of a viewport down: the next ones are drawn on the following frame.
    const next = cardHits.find((h) => h.y > 2.2 * H && h.y < 2.6 * H)!;
    expect(inDom(next.target.id)).toBe(false);
    editor.panBy(0, -0.9 * H);
    flushSync();
    await frames();
    expect(inDom(next.target.id)).toBe(true);
  });

  it('brings a cell far below into view with the arrow keys, and draws it', async () => {
    const { editor, canvas } = await open();
    const lanes = big.map.lanes;
    editor.select({ kind: 'cell', stage: 's0', lane: lanes[0]!.id });
    flushSync();
    canvas.focus();
    for (let i = 0; i < lanes.length - 1; i++) press(canvas, 'ArrowDown');
    await frames();
    const last = lanes.at(-1)!.id;
    expect(editor.selection).toEqual({ kind: 'cell', stage: 's0', lane: last });
    const hit = cellHit(big.scene.hits, 's0', last)!;
    expect(hit.y).toBeGreaterThan(4 * H);
    // Scrolled so the cell is in sight, and its hook is there.
    expect(-editor.viewport.y + H).toBeGreaterThan(hit.y);
    expect(document.querySelector(`[data-cell="s0:${last}"]`)).not.toBeNull();
  });

  it('paints only the cards near the view; far ones once the view comes to them', async () => {
    const { editor } = await open();
    const near = cardHits.find((h) => h.y + h.h < H && h.x + h.w < W)!;
    const far = cardHits.find((h) => h.y > 12 * H)!;
    expect(paintedCard(near.target.id)?.texts.length).toBeGreaterThan(0);
    expect(paintedCard(far.target.id)).toBeNull();
    editor.setViewport({ zoom: 1, x: 0, y: -(far.y - 100) });
    flushSync();
    expect(paintedCard(far.target.id)?.texts.length).toBeGreaterThan(0);
  });

  it('zooming shows the tiles it has, scaled, busy until the zoom rests and all in sight is painted sharp', async () => {
    const { editor } = await open();
    editor.setViewport({ zoom: 0.15, x: 0, y: 0 });
    flushSync();
    // The tiles of 100 % stand in for the new ones: nothing far down is painted yet.
    const seen = cardHits.filter((h) => (h.y + h.h) * 0.15 < H && (h.x + h.w) * 0.15 < W);
    expect(seen.some((h) => paintedCard(h.target.id) === null)).toBe(true);
    expect(document.documentElement.dataset.busy).toBe('1');
    for (let i = 0; i < 100 && document.documentElement.dataset.busy; i++) await frames(1);
    expect(document.documentElement.dataset.busy).toBeUndefined();
    // Everything in sight is painted now.
    expect(seen.every((h) => paintedCard(h.target.id) !== null)).toBe(true);
  }, 30_000);

  it('measures an edit until its Scene is drawn, and leaves what it did not change as it was', async () => {
    const { editor } = await open();
    const far = cardHits.find((h) => h.y > 12 * H)!;
    const first = document.querySelector('[data-testid="canvas"] [data-card-id]')!;
    // (The mock keeps the Scene as it was: a new one with the same content.)
    await editor.edit({ type: 'delete_card', id: far.target.id });
    await flush();
    await frames();
    expect(document.documentElement.dataset.lastEditMs).toMatch(/^\d+(\.\d)?$/);
    expect(first.isConnected).toBe(true);
  });
});

describe('canvas and screen readers', () => {
  it('says in a live region which cell or card has the focus and what it holds, as the arrows move it', async () => {
    const { editor, canvas } = await openEditorScreen(mapView());
    const said = () => document.querySelector('[data-testid="canvas-status"]');
    expect(said()?.getAttribute('role')).toBe('status');
    expect(said()?.getAttribute('aria-live')).toBe('polite');
    editor.select({ kind: 'cell', stage: 's1', lane: 'l-act' });
    flushSync();
    expect(said()?.textContent).toBe('Celda de «Descubre» en «Qué hace»: 2 tarjetas');
    canvas.focus();
    press(canvas, 'ArrowRight');
    await flush();
    expect(said()?.textContent).toBe('Celda de «Compra» en «Qué hace»: 1 tarjeta');
    editor.select({ kind: 'cards', ids: ['e2'] });
    flushSync();
    expect(said()?.textContent).toBe('Tarjeta 1 de 1 en «Compra», «Cómo se siente». Emoción −1. Cola larga');
  });
});

describe('edits pointed at: a colour in the side panel, an item of the menu', () => {
  /** Lays out ahead the edits `laid` picks (Rust's recorded answers), no others. */
  const layingOut = (backend: MockBackend, laid: (e: Edit) => boolean) => {
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.edits.map(() => []),
      patches: args.edits.map((e) => (laid(e) ? aheadPatch(view, e) : null)),
    });
  };
  const rest = async () => {
    await new Promise((done) => setTimeout(done, POINTED_MS + 20));
    await flush();
  };
  const laidOut = (backend: MockBackend) => backend.callsOf('cards_ahead').flatMap((c) => c.args.edits);

  afterEach(() => delete document.documentElement.dataset.pointedAhead);

  it('lays out the colour the pointer rests on, and draws it at the click before Rust answers', async () => {
    const { editor, backend } = await openEditorScreen(mapView());
    layingOut(backend, (e) => e.type === 'update_card');
    editor.select({ kind: 'cards', ids: ['a1'] });
    await flush();
    const swatch = document.querySelector<HTMLButtonElement>('.inspector [data-color="#FFE8CC"]')!;
    const other = document.querySelector<HTMLButtonElement>('.inspector [data-color="#FFF3BF"]')!;
    // The focus on another swatch (chosen before), the pointer comes to this one and rests.
    other.focus();
    swatch.dispatchEvent(new Event('pointerenter'));
    await rest();
    const colour: Edit = { type: 'update_card', id: 'a1', patch: { color: '#FFE8CC' } };
    expect(laidOut(backend)).toContainEqual(colour);
    backend.pause();
    // Pressed, it takes the focus from the other one (which loses it), then is clicked.
    swatch.focus();
    expect(document.activeElement).toBe(swatch);
    swatch.click();
    // The click's own frame has the card in that colour; Rust has not stored it yet.
    expect(editor.map?.cards.find((c) => c.id === 'a1')?.color).toBe('#FFE8CC');
    expect(document.documentElement.dataset.pointedAhead).toBe('update_card');
    backend.resume();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([colour]);
  });

  it("shows a stage's name on the canvas as it is typed in the side panel, and stores it once left", async () => {
    const { editor, backend } = await openEditorScreen(mapView());
    editor.select({ kind: 'stage', id: 's1' });
    await flush();
    const field = document.querySelector<HTMLInputElement>('.inspector #inspector-name')!;
    expect(field.value).toBe('Descubre');
    field.value = 'Descubre el pan';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((done) => setTimeout(done, PREVIEW_MS + 30));
    await flush();
    const drawn = () => editor.scene!.items.some((i) => i.type === 'text' && i.text === 'Descubre el pan');
    expect(drawn()).toBe(true);
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    field.dispatchEvent(new Event('change', { bubbles: true }));
    field.dispatchEvent(new Event('blur'));
    expect(drawn()).toBe(true);
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'update_stage', id: 's1', patch: { title: 'Descubre el pan' } }]);
    expect(editor.map!.stages[0]!.title).toBe('Descubre el pan');
    expect(drawn()).toBe(true);
  });

  it('lays out the menu item the pointer rests on, and draws it when chosen', async () => {
    const { editor, backend, canvas } = await openEditorScreen(mapView());
    layingOut(backend, (e) => e.type === 'delete_stage');
    editor.select({ kind: 'stage', id: 's1' });
    flushSync();
    canvas.focus();
    press(canvas, 'F10', { shiftKey: true });
    await flush();
    const items = [...document.querySelectorAll<HTMLButtonElement>('[role="menu"] [role="menuitem"]')];
    const remove = items.at(-1)!;
    remove.dispatchEvent(new Event('pointerenter'));
    await rest();
    expect(laidOut(backend)).toContainEqual({ type: 'delete_stage', id: 's1' });
    backend.pause();
    remove.click();
    expect(editor.map?.stages.some((s) => s.id === 's1')).toBe(false);
    expect(document.documentElement.dataset.pointedAhead).toBe('delete_stage');
    backend.resume();
    await flush();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'delete_stage', id: 's1' }]);
  });
});

describe('a key laid out ahead', () => {
  it('shows the tiles painted while the person rested: the key swaps them in and paints none', async () => {
    const { editor, backend } = await openEditorScreen(mapView());
    editor.size = { width: W, height: H };
    flushSync();
    await frames();
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.edits.map(() => null),
      patches: args.edits.map((e) => aheadPatch(view, e)),
    });
    const tiles = (window as unknown as { __travesiaTiles: { swaps(): number; held(): { spares: number }; last(): { tiles: number } } }).__travesiaTiles;
    editor.select({ kind: 'cards', ids: ['a3'] });
    flushSync();
    // The rest: Rust lays the keys out, the page makes their views, then paints their tiles.
    await new Promise((done) => setTimeout(done, AHEAD_MS + 40));
    await frames(3);
    expect(tiles.held().spares).toBeGreaterThan(0);
    const swaps = tiles.swaps();
    const painted = tiles.last();
    backend.pause();
    const stored = editor.arrow('right');
    flushSync();
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
    // Shown from the spares: no tile painted in the key's frame.
    expect(tiles.swaps()).toBe(swaps + 1);
    expect(tiles.last()).toBe(painted);
    expect(paintedCard('a3')?.texts.join(' ')).toContain(editor.map!.cards.find((c) => c.id === 'a3')!.text.split(' ')[0]);
    backend.resume();
    expect(await stored).toBe(true);
  });
});

describe('the cursor', () => {
  it("changes a frame after the gesture that changes it: a drag's start and its drop do not restyle the canvas in their own frame", async () => {
    const { editor } = await openEditorScreen(mapView());
    editor.size = { width: W, height: H };
    flushSync();
    await frames();
    const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]')!;
    const hit = editor.scene!.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a1')!;
    const at = (dx: number) => ({ bubbles: true, clientX: hit.x + hit.w / 2 + dx, clientY: hit.y + hit.h / 2, button: 0 });
    const before = canvas.style.cursor;
    expect(before).not.toBe('grabbing');
    canvas.dispatchEvent(new MouseEvent('pointerdown', at(0)));
    canvas.dispatchEvent(new MouseEvent('pointermove', at(60)));
    flushSync();
    expect(canvas.style.cursor).toBe(before);
    await frames(2);
    expect(canvas.style.cursor).toBe('grabbing');
    canvas.dispatchEvent(new MouseEvent('pointerup', at(60)));
    flushSync();
    expect(canvas.style.cursor).toBe('grabbing');
    await frames(2);
    expect(canvas.style.cursor).not.toBe('grabbing');
  });
});

describe('the stuck strips', () => {
  it("outlines a selected stage on its copy in the stuck row, and a lane on the column's", async () => {
    const { editor } = await open();
    const stage = big.scene.hits.find((h) => h.target.kind === 'stage')!;
    const lane = big.scene.hits.find((h) => h.target.kind === 'lane')!;
    const outline = () => document.querySelector<SVGRectElement>('[data-testid="stuck-selection"]');
    editor.selection = { kind: 'stage', id: (stage.target as { id: string }).id };
    flushSync();
    // In its place, the overlay outlines it; no copy.
    expect(outline()).toBeNull();

    // Panned a long way down: the row is stuck at the top edge, and so is the outline.
    editor.setViewport({ zoom: 1, x: 0, y: -3 * H });
    flushSync();
    const rect = outline()!;
    expect(rect).not.toBeNull();
    const screenY = Number(rect.getAttribute('y')) + 3 + editor.viewport.y;
    expect(screenY).toBeGreaterThanOrEqual(0);
    expect(screenY).toBeLessThan(stage.h + 40);
    expect(Number(rect.getAttribute('x')) + 3).toBe(stage.x);

    // A lane, panned right: on the stuck column, at the left edge.
    editor.selection = { kind: 'lane', id: (lane.target as { id: string }).id };
    editor.setViewport({ zoom: 1, x: -2 * W, y: 0 });
    flushSync();
    const col = outline()!;
    expect(Number(col.getAttribute('x')) + 3 + editor.viewport.x).toBe(lane.x);
    expect(Number(col.getAttribute('y')) + 3).toBe(lane.y);

    // Back home, nothing is stuck.
    editor.setViewport({ zoom: 1, x: 0, y: 0 });
    flushSync();
    expect(outline()).toBeNull();
  });
});
