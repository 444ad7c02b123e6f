import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from './testing/mock';
import type { Edit, MapView } from './bindings';
import { aheadPatch } from './testing/answers';
import { AHEAD_MS, Editor, POINTED_MS } from './editor.svelte';
import { mapView, settle } from './testing/fixtures';
import { sampleMap } from './testing/maps';
import * as segments from './canvas/segments';

// Every drawing the editor makes, counted: a key laid out ahead must not make one in its frame.
vi.mock('./canvas/segments', async (actual) => {
  const real = await actual<typeof import('./canvas/segments')>();
  return { ...real, buildDrawing: vi.fn(real.buildDrawing) };
});
const built = vi.mocked(segments.buildDrawing);

const root = document.documentElement;

afterEach(() => {
  for (const k of ['mapId', 'busy', 'lastEditMs', 'movedAhead', 'steppedAhead', 'pointedAhead']) delete root.dataset[k];
});

async function opened(backend: MockBackend) {
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  return editor;
}

async function idle(editor: Editor) {
  for (let i = 0; i < 50 && (editor.pending > 0 || editor.lastDrawMs === null); i++) await settle();
  await settle();
}

/** Lets the view and selection rest until what is laid out ahead is made (a task for each key). */
async function rest(editor: Editor) {
  editor.lookAhead();
  await new Promise((done) => setTimeout(done, AHEAD_MS + 30));
  for (let i = 0; i < 6; i++) await new Promise((done) => setTimeout(done, 0));
  await settle();
}

/** What the drawing of `scene` holds, made from nothing: the same segments by key, items and box. */
function plain(d: segments.Drawing | null) {
  return d?.segments.map((s) => ({ key: s.key, card: s.card, items: s.items, box: s.box }));
}

/** A backend that lays out ahead every move of a card, and the deletion. */
function laysOutAhead(): MockBackend {
  const backend = new MockBackend({ views: [mapView()] });
  backend.answerAhead = (args, view) => ({
    base: view.rev,
    looks: args.edits.map(() => null),
    patches: args.edits.map((e) => aheadPatch(view, e)),
  });
  return backend;
}

describe('Editor: what a key laid out ahead shows is made while the person rests', () => {
  it('draws a move laid out ahead in its key without making a drawing then, the same as one made at the key', async () => {
    const backend = laysOutAhead();
    const editor = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a3'] });
    // The first read makes the drawing of the view shown.
    const shown = editor.drawing;
    expect(shown).not.toBeNull();
    // The canvas is told of each drawing made ahead, to paint its tiles ahead too.
    const told: segments.Drawing[] = [];
    editor.onprepared = (_scene, drawing) => told.push(drawing);
    await rest(editor);
    const before = built.mock.calls.length;

    backend.pause();
    const stored = editor.arrow('right');
    // Shown at once (no look for the card alone), with the drawing made before the key.
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
    const drawn = editor.drawing;
    expect(built.mock.calls.length).toBe(before);
    expect(told).toContain(drawn);
    // What it holds is what the key would have made from the drawing shown.
    expect(plain(drawn)).toEqual(plain(segments.buildDrawing(editor.scene!, shown)));
    // Unchanged segments are the shown drawing's own (the canvas paints again only what changed).
    const kept = drawn!.segments.filter((s) => shown!.segments.includes(s));
    expect(kept.length).toBeGreaterThan(0);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
  });

  it('makes the drawing at the key when the one shown is not the one it was made from', async () => {
    const backend = laysOutAhead();
    const editor = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a3'] });
    void editor.drawing;
    await rest(editor);
    // A preview of a theme comes and goes: another drawing was shown since.
    editor.previewScene = { ...editor.view!.scene };
    void editor.drawing;
    editor.previewScene = null;
    void editor.drawing;
    const before = built.mock.calls.length;
    backend.pause();
    const stored = editor.arrow('right');
    void editor.drawing;
    expect(built.mock.calls.length).toBe(before + 1);
    backend.resume();
    await stored;
    await idle(editor);
  });

  it('draws an undo at its key from a drawing made while the person rested', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    const editor = await opened(backend);
    void editor.drawing;
    const first = editor.view!;
    backend.nextView(mapView({ ...sampleMap(), title: 'Otra' }, { can_undo: true, can_redo: false, undo: null, redo: null }));
    await editor.edit({ type: 'set_title', title: 'Otra' });
    await idle(editor);
    void editor.drawing;
    await rest(editor);
    const before = built.mock.calls.length;
    backend.pause();
    backend.nextView(mapView(sampleMap(), { can_undo: false, can_redo: true, undo: null, redo: null }));
    const undone = editor.undo();
    expect(editor.view?.scene).toBe(first.scene);
    const drawn = editor.drawing;
    expect(built.mock.calls.length).toBe(before);
    expect(drawn?.items).toBe(first.scene.items);
    backend.resume();
    expect(await undone).toBe(true);
    await idle(editor);
  });

  it('shows a drop made while the pointer rested whole at the release, not the look of the card first', async () => {
    const drop: Edit = { type: 'move_card', id: 'a3', stage: 's3', lane: 'l-act', place: { in_cell: 0 } };
    // Rust lays the drop out with the card's look there (nothing else moves).
    const laysOutDrops = () => {
      const backend = new MockBackend({ views: [mapView()] });
      backend.answerAhead = (args, view) => {
        const patches = args.edits.map((e) => aheadPatch(view, e));
        const looks = patches.map((patch) =>
          patch.scene.hits.runs.flatMap((run) => ('add' in run ? run.add : [])).map((hit) => ({ hit, items: [] })),
        );
        return { base: view.rev, looks, patches };
      };
      return backend;
    };
    const backend = laysOutDrops();
    const dropAt = async (editor: Editor) => {
      editor.point(drop, ['a3']);
      await new Promise((done) => setTimeout(done, POINTED_MS + 30));
      for (let i = 0; i < 4; i++) await new Promise((done) => setTimeout(done, 0));
      await settle();
    };
    const editor = await opened(backend);
    void editor.drawing;
    const told: segments.Drawing[] = [];
    editor.onprepared = (_scene, drawing) => told.push(drawing);
    await dropAt(editor);
    expect(told).toHaveLength(1);
    const before = built.mock.calls.length;
    backend.pause();
    const stored = editor.edit(structuredClone(drop));
    // At the release: the view after the drop with the drawing (and so the tiles) made for it, no look drawn.
    expect(root.dataset.pointedAhead).toBe('move_card');
    expect(editor.moving).toBeNull();
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
    expect(editor.drawing).toBe(told[0]);
    expect(built.mock.calls.length).toBe(before);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);

    // Laid out, but its drawing made from another than the one shown (a preview came and went):
    // the card's look at the release, the whole view after that frame.
    const other = laysOutDrops();
    const again = await opened(other);
    void again.drawing;
    await dropAt(again);
    again.previewScene = { ...again.view!.scene };
    void again.drawing;
    again.previewScene = null;
    void again.drawing;
    other.pause();
    const late = again.edit(structuredClone(drop));
    expect(again.moving?.map((m) => m.card)).toEqual(['a3']);
    expect(again.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s2');
    other.resume();
    expect(await late).toBe(true);
    await idle(again);
    expect(again.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
  });

  it('makes the view of an edit pointed at once Rust has laid it out, and shows it at the choice', async () => {
    const backend = laysOutAhead();
    const editor = await opened(backend);
    void editor.drawing;
    const edit: Edit = { type: 'update_card', id: 'a1', patch: { color: '#FFC9C9' } };
    editor.point(edit);
    await new Promise((done) => setTimeout(done, POINTED_MS + 30));
    for (let i = 0; i < 4; i++) await new Promise((done) => setTimeout(done, 0));
    await settle();
    const before = built.mock.calls.length;
    backend.pause();
    const chosen = editor.edit(structuredClone(edit));
    expect(root.dataset.pointedAhead).toBe('update_card');
    const view: MapView | null = editor.view;
    expect(view?.map.cards.find((c) => c.id === 'a1')?.color).toBe('#FFC9C9');
    void editor.drawing;
    expect(built.mock.calls.length).toBe(before);
    backend.resume();
    expect(await chosen).toBe(true);
    await idle(editor);
  });
});
