import { afterEach, describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { CardLook, Edit, MapView } from './bindings';
import { aheadPatch } from './testing/answers';
import { AHEAD_MS, Editor, NOTHING, POINTED_MS, PREVIEW_MS, SLOW_SAVE_MS, STEPS_KEPT } from './editor.svelte';
import { mapView, settle } from './testing/fixtures';
import { sampleMap } from './testing/maps';
import { moveCards } from './edits';
import { themeEdit } from './palette';

const root = document.documentElement;

afterEach(() => {
  delete root.dataset.mapId;
  delete root.dataset.busy;
  delete root.dataset.lastEditMs;
  delete root.dataset.movedAhead;
  delete root.dataset.steppedAhead;
});

/** An editor on the sample map, opened; frames come at once so draw times are measured promptly. */
async function opened(backend = new MockBackend({ views: [mapView()] })) {
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  return { editor, backend };
}

/** Lets queued requests run until the editor is idle (each one takes a task and some microtasks). */
async function idle(editor: Editor) {
  for (let i = 0; i < 50 && (editor.pending > 0 || editor.lastDrawMs === null); i++) await settle();
  await settle();
}

const rename = (title: string): Edit => ({ type: 'set_title', title });

/** The view Rust would answer after `edit`, given here by hand. */
function answer(title: string, flags = { can_undo: true, can_redo: false }): MapView {
  const history = { ...flags, undo: null, redo: null };
  return mapView({ ...sampleMap(), title }, history);
}

describe('Editor: opening', () => {
  it('opens a map with open_map and shows it at 100 % in the corner', async () => {
    const { editor, backend } = await opened();
    expect(backend.callsOf('open_map')).toEqual([{ command: 'open_map', args: { id: 'map-1' } }]);
    expect(editor.map?.title).toBe('Panadería del barrio');
    expect(editor.viewport).toEqual({ zoom: 1, x: 0, y: 0 });
    // The hook an end-to-end test waits on.
    expect(root.dataset.mapId).toBe('map-1');
  });

  it('keeps the error when the map cannot be opened', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    backend.failNext('open_map', { code: 'not_found', message: 'no map map-1' });
    const { editor } = await opened(backend);
    expect(editor.view).toBeNull();
    expect(editor.error).toEqual({ code: 'not_found', message: 'no map map-1' });
  });
});

describe('Editor: edits', () => {
  it('sends an edit with apply_edit and replaces the view with the answer', async () => {
    const { editor, backend } = await opened();
    const next = answer('Panadería de Rosa');
    backend.nextView(next);

    const stored = editor.edit(rename('Panadería de Rosa'));
    await idle(editor);

    expect(await stored).toBe(true);
    expect(backend.callsOf('apply_edit')).toEqual([
      { command: 'apply_edit', args: { id: 'map-1', edit: rename('Panadería de Rosa') } },
    ]);
    // The view is what Rust answered, Scene included; nothing was changed locally.
    expect(editor.view).toEqual(next);
    expect(editor.canUndo).toBe(true);
    expect(editor.status).toBe('saved');
    expect(editor.statusKey).toBe('status.saved');
  });

  it('never sends from the caller: the request goes out in a task of its own', async () => {
    // A gesture may end inside an animation frame; the edit must leave from a later task.
    const tasks: (() => void)[] = [];
    const backend = new MockBackend({ views: [mapView()] });
    const editor = new Editor(backend, { schedule: (run) => tasks.push(run), frame: () => Promise.resolve() });
    await editor.open('map-1');

    void editor.edit(rename('A'));
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    await settle();
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
  });

  it('queues edits made while one is out and sends them in order, one at a time', async () => {
    const { editor, backend } = await opened();
    backend.pause();
    const results = [editor.edit(rename('A')), editor.edit(rename('B')), editor.undo()];
    await settle();

    // Only the first request is out; the others wait in the editor, and <html> says it is busy.
    expect(backend.calls.filter((c) => c.command !== 'open_map')).toHaveLength(1);
    expect(editor.pending).toBe(3);
    expect(root.dataset.busy).toBe('1');
    expect(editor.status).toBe('saving');

    backend.resume();
    await idle(editor);

    expect(backend.calls.filter((c) => c.command !== 'open_map').map((c) => c.command)).toEqual([
      'apply_edit',
      'apply_edit',
      'undo_edit',
    ]);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([rename('A'), rename('B')]);
    expect(await Promise.all(results)).toEqual([true, true, true]);
    // The mock applied A, then B, then undid B.
    expect(editor.map?.title).toBe('A');
    expect(root.dataset.busy).toBeUndefined();
    expect(editor.status).toBe('saved');
  });

  it('builds an edit made while another is out from the map that one leaves (a theme is sent whole)', async () => {
    const { editor, backend } = await opened();
    backend.pause();
    const first = editor.editFrom((m) => themeEdit(m, { font: 'serif' }));
    await settle();
    // The text size is chosen while the typeface is still out: made now, it would drop the typeface.
    const second = editor.editFrom((m) => themeEdit(m, { font_scale: 1.2 }));
    const none = editor.editFrom(() => null);
    await settle();
    expect(backend.callsOf('apply_edit')).toHaveLength(1);

    backend.resume();
    await idle(editor);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'set_theme', theme: { font: 'serif' } },
      { type: 'set_theme', theme: { font: 'serif', font_scale: 1.2 } },
    ]);
    // An edit that finds nothing to do when its turn comes sends nothing, and the map is saved.
    expect(await Promise.all([first, second, none])).toEqual([true, true, false]);
    expect(editor.map?.theme).toEqual({ font: 'serif', font_scale: 1.2 });
    expect(editor.status).toBe('saved');
    expect(editor.pending).toBe(0);
  });

  it('says "saving" only while a request is out for longer than SLOW_SAVE_MS, not at every quick edit', async () => {
    const { editor, backend } = await opened();
    const seen = new Set<string>();
    const watch = $effect.root(() => {
      $effect(() => {
        seen.add(editor.statusKey);
      });
    });
    try {
      await editor.edit(rename('A'));
      await idle(editor);
      expect(editor.status).toBe('saved');
      expect([...seen]).toEqual(['status.saved']);

      backend.pause();
      void editor.edit(rename('B'));
      await settle();
      expect(editor.pending).toBe(1);
      expect(editor.statusKey).toBe('status.saved');
      await new Promise((done) => setTimeout(done, SLOW_SAVE_MS + 50));
      expect(editor.statusKey).toBe('status.saving');

      backend.resume();
      await idle(editor);
      expect(editor.statusKey).toBe('status.saved');
      expect(editor.map?.title).toBe('B');
    } finally {
      watch();
    }
  });

  it('keeps asking for frames while a request is out, so its answer is painted at the next one', async () => {
    const { editor, backend } = await opened();
    const frames: FrameRequestCallback[] = [];
    const had = globalThis.requestAnimationFrame;
    globalThis.requestAnimationFrame = (run) => frames.push(run);
    try {
      backend.pause();
      const done = editor.edit(rename('A'));
      await settle();
      // One request at a time, renewed at each frame while the edit is out.
      for (let i = 0; i < 3; i++) {
        expect(frames).toHaveLength(1);
        frames.shift()!(0);
      }
      expect(frames).toHaveLength(1);
      backend.resume();
      expect(await done).toBe(true);
      await idle(editor);
      // Answered: the next frame asks for no other.
      frames.splice(0).forEach((run) => run(0));
      expect(frames).toHaveLength(0);
    } finally {
      globalThis.requestAnimationFrame = had;
    }
  });

  it('surfaces a refused edit, keeps the view, and drops the edits queued behind it', async () => {
    const { editor, backend } = await opened();
    const before = editor.view;
    backend.failNext('apply_edit', { code: 'conflict', message: 'busy' });

    const first = editor.edit(rename('A'));
    const second = editor.edit(rename('B'));
    await idle(editor);

    expect(await first).toBe(false);
    expect(await second).toBe(false);
    expect(editor.error).toEqual({ code: 'conflict', message: 'busy' });
    expect(editor.status).toBe('failed');
    expect(editor.view).toBe(before);
    // B was made on top of A, so it was never sent.
    expect(backend.callsOf('apply_edit')).toHaveLength(1);
    expect(editor.pending).toBe(0);
    expect(root.dataset.busy).toBeUndefined();
  });

  it('calls undo and redo with the map id and follows the history they answer with', async () => {
    const { editor, backend } = await opened();
    backend.nextView(answer('X', { can_undo: false, can_redo: true }));
    await editor.undo();
    expect(backend.callsOf('undo_edit')).toEqual([{ command: 'undo_edit', args: { id: 'map-1' } }]);
    expect([editor.canUndo, editor.canRedo]).toEqual([false, true]);

    backend.nextView(answer('Y', { can_undo: true, can_redo: false }));
    await editor.redo();
    expect(backend.callsOf('redo_edit')).toEqual([{ command: 'redo_edit', args: { id: 'map-1' } }]);
    expect([editor.canUndo, editor.canRedo]).toEqual([true, false]);
    expect(editor.map?.title).toBe('Y');
  });

  it('draws an undo at the key from the view before the step, and a redo from the view before the undo', async () => {
    const { editor, backend } = await opened();
    const first = editor.view!;
    backend.nextView(answer('Panadería de Rosa'));
    await editor.edit(rename('Panadería de Rosa'));
    await idle(editor);
    const edited = editor.view!;
    expect(edited.map.title).toBe('Panadería de Rosa');

    backend.pause();
    backend.nextView(answer('Panadería del barrio', { can_undo: false, can_redo: true }));
    const undone = editor.undo();
    // Before Rust answers: the map before the edit, drawn from that view's very Scene; a redo offered.
    expect(editor.view?.scene).toBe(first.scene);
    expect(editor.map?.title).toBe('Panadería del barrio');
    expect([editor.canUndo, editor.canRedo]).toEqual([first.history.can_undo, true]);
    expect(root.dataset.steppedAhead).toBe('undo');
    expect(editor.pending).toBe(1);
    backend.resume();
    await idle(editor);
    expect(await undone).toBe(true);
    expect(backend.callsOf('undo_edit')).toHaveLength(1);
    // The answer takes its place: the same map, the history as stored.
    expect(editor.view).not.toBe(first);
    expect(editor.map?.title).toBe('Panadería del barrio');
    expect([editor.canUndo, editor.canRedo]).toEqual([false, true]);

    delete root.dataset.steppedAhead;
    backend.pause();
    backend.nextView(answer('Panadería de Rosa'));
    const redone = editor.redo();
    expect(editor.view?.scene).toBe(edited.scene);
    expect(editor.map?.title).toBe('Panadería de Rosa');
    expect(root.dataset.steppedAhead).toBe('redo');
    backend.resume();
    await idle(editor);
    expect(await redone).toBe(true);
    expect(editor.map?.title).toBe('Panadería de Rosa');
    expect([editor.canUndo, editor.canRedo]).toEqual([true, false]);
  });

  it('draws undos one after another at their keys, and the redos back, as far as the views kept go', async () => {
    const { editor, backend } = await opened();
    const titles = Array.from({ length: STEPS_KEPT + 2 }, (_, i) => `Panadería ${i + 1}`);
    const views = [editor.view!];
    for (const title of titles) {
      backend.nextView(answer(title));
      await editor.edit(rename(title));
      await idle(editor);
      views.push(editor.view!);
    }
    /** Takes one step; answers the title shown at its key, before Rust's answer. */
    const step = async (kind: 'undo' | 'redo', title: string, flags = { can_undo: true, can_redo: true }) => {
      delete root.dataset.steppedAhead;
      backend.pause();
      backend.nextView(answer(title, flags));
      const done = kind === 'undo' ? editor.undo() : editor.redo();
      const shown = { title: editor.map?.title, ahead: root.dataset.steppedAhead, scene: editor.view?.scene };
      backend.resume();
      expect(await done).toBe(true);
      await idle(editor);
      expect(editor.map?.title).toBe(title);
      return shown;
    };
    // Each undo shows at its key the view before the step it takes back, with that view's Scene.
    for (let n = titles.length - 1; n > titles.length - 1 - STEPS_KEPT; n--) {
      const before = views[n]!;
      const shown = await step('undo', before.map.title);
      expect(shown).toEqual({ title: before.map.title, ahead: 'undo', scene: before.scene });
    }
    // Past the views kept, an undo waits for Rust.
    const waited = await step('undo', views[1]!.map.title);
    expect(waited.ahead).toBeUndefined();
    expect(waited.title).toBe(views[2]!.map.title);
    // The redos come back at their keys, the one after the undo that waited too.
    const again = await step('redo', views[2]!.map.title);
    expect(again).toMatchObject({ title: views[2]!.map.title, ahead: 'redo' });
    const redone = await step('redo', views[3]!.map.title);
    expect(redone).toMatchObject({ title: views[3]!.map.title, ahead: 'redo' });
    // A new edit leaves nothing to redo, and the undo shows the view before it.
    backend.nextView(answer('Otra'));
    await editor.edit(rename('Otra'));
    await idle(editor);
    const back = await step('undo', views[3]!.map.title);
    expect(back).toMatchObject({ title: views[3]!.map.title, ahead: 'undo' });
  });

  it('draws an undo ahead only while the view shown is the answer of the step it takes back', async () => {
    const { editor, backend } = await opened();
    backend.nextView(answer('Panadería de Rosa'));
    await editor.edit(rename('Panadería de Rosa'));
    await idle(editor);
    // Another view since (as one persona's journey shown): the undo waits for Rust.
    const other = { ...editor.view! };
    await editor.request(() => Promise.resolve(other));
    await idle(editor);
    expect(editor.view).toBe(other);
    backend.pause();
    backend.nextView(answer('Panadería del barrio', { can_undo: false, can_redo: true }));
    const undone = editor.undo();
    expect(editor.view).toBe(other);
    expect(root.dataset.steppedAhead).toBeUndefined();
    backend.resume();
    await idle(editor);
    expect(await undone).toBe(true);
    expect(editor.map?.title).toBe('Panadería del barrio');
  });

  it('puts the view back when Rust refuses an undo drawn ahead', async () => {
    const { editor, backend } = await opened();
    backend.nextView(answer('Panadería de Rosa'));
    await editor.edit(rename('Panadería de Rosa'));
    await idle(editor);
    const edited = editor.view!;
    backend.failNext('undo_edit', { code: 'conflict', message: 'busy' });
    const undone = editor.undo();
    expect(editor.map?.title).toBe('Panadería del barrio');
    await idle(editor);
    expect(await undone).toBe(false);
    expect(editor.view).toBe(edited);
    expect(editor.error).toEqual({ code: 'conflict', message: 'busy' });
  });

  it('measures the time from sending to the new Scene being drawn and puts it on <html>', async () => {
    const { editor } = await opened();
    expect(editor.lastDrawMs).toBeNull();
    await editor.edit(rename('A'));
    await idle(editor);
    expect(editor.lastDrawMs).toBeGreaterThanOrEqual(0);
    expect(root.dataset.lastEditMs).toBe(String(editor.lastDrawMs));
  });

  it('ignores answers for a map that was closed meanwhile', async () => {
    const { editor, backend } = await opened();
    backend.pause();
    void editor.edit(rename('late'));
    await settle();
    editor.close();
    backend.resume();
    await settle();
    await settle();
    expect(editor.view).toBeNull();
    expect(root.dataset.mapId).toBeUndefined();
  });

  it('is idle again when a map is closed before its queued edit went out', async () => {
    const tasks: (() => void)[] = [];
    const backend = new MockBackend({ views: [mapView()] });
    const editor = new Editor(backend, { schedule: (run) => tasks.push(run), frame: () => Promise.resolve() });
    await editor.open('map-1');
    const result = editor.edit(rename('never sent'));
    expect(root.dataset.busy).toBe('1');
    editor.close();
    tasks.shift()!();
    await settle();
    expect(await result).toBe(false);
    expect(editor.pending).toBe(0);
    expect(root.dataset.busy).toBeUndefined();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });
});

describe('Editor: typing a card', () => {
  it('makes a new card only when the text is done, as one insert_card', async () => {
    const { editor, backend } = await opened();
    editor.beginNewCard({ stage: 's3', lane: 'l-act' });
    expect(editor.editing).toMatchObject({ card: null, stage: 's3', lane: 'l-act' });
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    await editor.finishText('Vuelve cada sábado');
    const sent = backend.callsOf('apply_edit')[0]?.args.edit;
    expect(sent).toMatchObject({
      type: 'insert_card',
      card: { stage: 's3', lane: 'l-act', text: 'Vuelve cada sábado' },
      place: { in_cell: 0 },
    });
    const id = sent?.type === 'insert_card' ? sent.card.id : '';
    expect(id).toMatch(/^c-[0-9a-z]{12}$/);
    // The new card is selected and the map has it.
    expect(editor.selection).toEqual({ kind: 'cards', ids: [id] });
    expect(editor.map?.cards.find((c) => c.id === id)?.text).toBe('Vuelve cada sábado');
  });

  it('sends nothing for an empty new card or unchanged text, and update_card for changed text', async () => {
    const { editor, backend } = await opened();
    editor.beginNewCard({ stage: 's3', lane: 'l-act' });
    expect(await editor.finishText('   ')).toBe(false);
    editor.beginEditCard('a1');
    expect(await editor.finishText('Huele el pan al pasar')).toBe(false);
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    editor.beginEditCard('a1');
    await editor.finishText('Huele el pan recién hecho');
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'update_card', id: 'a1', patch: { text: 'Huele el pan recién hecho' } },
    ]);
    expect(editor.editing).toBeNull();
  });

  it('makes an emotion point even without words, with the score it was started with', async () => {
    const { editor, backend } = await opened();
    editor.beginNewCard({ stage: 's3', lane: 'l-emo' }, 2);
    await editor.finishText('');
    expect(backend.callsOf('apply_edit')[0]?.args.edit).toMatchObject({
      type: 'insert_card',
      card: { stage: 's3', lane: 'l-emo', text: '', score: 2 },
    });
  });

  it('edits the card of a one-card cell instead of making a second one', async () => {
    const { editor } = await opened();
    editor.beginNewCard({ stage: 's1', lane: 'l-emo' });
    expect(editor.editing).toMatchObject({ card: 'e1', original: 'Curiosidad' });
  });
});

describe('Editor: selection commands', () => {
  it('deletes the selected cards in one step and forgets them', async () => {
    const { editor, backend } = await opened();
    editor.select({ kind: 'cards', ids: ['a1', 'a2'] });
    await editor.deleteSelection();
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      {
        type: 'batch',
        edits: [
          { type: 'delete_card', id: 'a1' },
          { type: 'delete_card', id: 'a2' },
        ],
      },
    ]);
    expect(editor.selection).toEqual({ kind: 'none' });
  });

  it('copies and pastes into the selected cell, selecting the copies', async () => {
    const { editor, backend } = await opened();
    editor.select({ kind: 'cards', ids: ['a1'] });
    expect(editor.copySelection()).toBe(1);
    editor.select({ kind: 'cell', stage: 's3', lane: 'l-act' });
    await editor.paste();
    const edit = backend.callsOf('apply_edit')[0]?.args.edit;
    expect(edit).toMatchObject({ type: 'insert_card', card: { stage: 's3', lane: 'l-act', text: 'Huele el pan al pasar' } });
    expect(edit?.type === 'insert_card' && edit.card.id).not.toBe('a1');
    expect(editor.selection.kind === 'cards' && editor.selection.ids).toEqual([edit?.type === 'insert_card' && edit.card.id]);
  });

  it('moves the focus between cells with the arrows, and the selected cards with a move_card', async () => {
    const { editor, backend } = await opened();
    await editor.arrow('right');
    expect(editor.selection).toEqual({ kind: 'cell', stage: 's1', lane: 'l-act' });
    await editor.arrow('down');
    expect(editor.selection).toEqual({ kind: 'cell', stage: 's1', lane: 'l-tp' });
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    editor.select({ kind: 'cards', ids: ['a3'] });
    await editor.arrow('right');
    expect(backend.callsOf('apply_edit')[0]?.args.edit).toEqual({
      type: 'move_card',
      id: 'a3',
      stage: 's3',
      lane: 'l-act',
      place: { in_cell: 0 },
    });
  });

  it('shows the selection in the side panel a frame after the canvas, and only once no edit is out', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    const frames: (() => void)[] = [];
    const editor = new Editor(backend, { frame: () => new Promise<void>((done) => frames.push(done)) });
    await editor.open('map-1');
    const frame = async () => {
      for (const done of frames.splice(0)) done();
      // The task after the frame.
      await settle();
      await settle();
    };
    editor.select({ kind: 'cards', ids: ['a1'] });
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a1'] });
    await settle();
    // Not before the frame that draws the selection on the canvas.
    expect(editor.inspected).toEqual(NOTHING);
    await frame();
    expect(editor.inspected).toEqual({ kind: 'cards', ids: ['a1'] });
    // Changed twice before a frame: the panel is made once, for the last.
    editor.select({ kind: 'cards', ids: ['a2'] });
    editor.select({ kind: 'cards', ids: ['a3'] });
    await frame();
    expect(editor.inspected).toEqual({ kind: 'cards', ids: ['a3'] });
    // While an edit is out, the panel waits for it (its answer is drawn first).
    backend.pause();
    const stored = editor.edit(rename('Panadería de Rosa'));
    editor.select({ kind: 'cards', ids: ['a1'] });
    for (let i = 0; i < 3; i++) await frame();
    expect(editor.pending).toBe(1);
    expect(editor.inspected).toEqual({ kind: 'cards', ids: ['a3'] });
    backend.resume();
    for (let i = 0; i < 20 && editor.pending > 0; i++) await frame();
    expect(await stored).toBe(true);
    for (let i = 0; i < 3; i++) await frame();
    expect(editor.inspected).toEqual({ kind: 'cards', ids: ['a1'] });
  });

  it('adds stages and lanes at the end with fresh ids and selects them', async () => {
    const { editor, backend } = await opened();
    await editor.addStage('Nueva etapa');
    await editor.addLane('pains', 'Puntos de dolor', 1);
    const [stage, lane] = backend.callsOf('apply_edit').map((c) => c.args.edit);
    expect(stage).toMatchObject({ type: 'insert_stage', index: 3, stage: { title: 'Nueva etapa' } });
    expect(lane).toMatchObject({ type: 'insert_lane', index: 1, lane: { kind: 'pains', title: 'Puntos de dolor' } });
    expect(lane?.type === 'insert_lane' && lane.lane.id).toMatch(/^l-/);
    expect(editor.selection).toEqual({ kind: 'lane', id: lane?.type === 'insert_lane' ? lane.lane.id : '' });
  });
});

describe('Editor: a card grows in place while it is typed', () => {
  const rest = () => new Promise((r) => setTimeout(r, PREVIEW_MS + 30));

  it('lays the map out with the typed text, nothing stored, and what is below moves down', async () => {
    const { editor, backend } = await opened();
    const card = editor.map!.cards.find((c) => c.id === 'a1')!;
    const below = (scene: typeof editor.scene) => scene!.hits.find((h) => h.target.kind === 'lane' && h.target.id === 'l-tp')!.y;
    const before = below(editor.scene);
    editor.beginEditCard('a1');
    editor.previewText(`${card.text} y además una explicación larga que ocupa varias líneas en la tarjeta`);
    await rest();
    await settle();
    expect(backend.callsOf('preview_edit')).toHaveLength(1);
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    expect(editor.previewScene).not.toBeNull();
    expect(below(editor.scene)).toBeGreaterThan(before);
    // The stored map is as it was.
    expect(editor.map!.cards.find((c) => c.id === 'a1')!.text).toBe(card.text);

    // Cancelled: the stored layout is back.
    editor.cancelText();
    expect(editor.previewScene).toBeNull();
    expect(below(editor.scene)).toBe(before);
  });

  it('previews a new card under the id it will be stored with', async () => {
    const { editor, backend } = await opened();
    editor.beginNewCard({ stage: 's1', lane: 'l-act' });
    const id = editor.editing!.id!;
    editor.previewText('Pide por WhatsApp');
    await rest();
    await settle();
    expect(editor.scene!.hits.some((h) => h.target.kind === 'card' && h.target.id === id)).toBe(true);
    await editor.finishText('Pide por WhatsApp');
    const stored = backend.callsOf('apply_edit')[0]?.args.edit;
    expect(stored?.type === 'insert_card' && stored.card.id).toBe(id);
  });
});

describe('Editor: a side-panel field shown on the canvas as it is typed', () => {
  const rest = () => new Promise((r) => setTimeout(r, PREVIEW_MS + 30));
  const title = (t: string): Edit => ({ type: 'update_stage', id: 's1', patch: { title: t } });
  const drawn = (editor: Editor, text: string) => editor.scene!.items.some((i) => i.type === 'text' && i.text === text);

  it("lays the map out with the field's value after a rest, nothing stored, and keeps it until the edit's answer", async () => {
    const { editor, backend } = await opened();
    editor.previewField(title('Descubre'));
    editor.previewField(title('Descubre el pan'));
    // Nothing is asked while the keys come.
    expect(backend.callsOf('preview_edit')).toHaveLength(0);
    await rest();
    await settle();
    // Only the last value, laid out by Rust; the stored map is as it was.
    expect(backend.callsOf('preview_edit').map((c) => c.args.edit)).toEqual([title('Descubre el pan')]);
    expect(drawn(editor, 'Descubre el pan')).toBe(true);
    expect(editor.map!.stages.find((st) => st.id === 's1')!.title).toBe('Descubre');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    // Left changed: the edit is sent, and the canvas keeps the value it shows until the answer.
    backend.pause();
    const stored = editor.commitField(title('Descubre el pan'));
    // The field's blur comes after its change: it does not take the value off the canvas.
    editor.previewField(null);
    await settle();
    expect(drawn(editor, 'Descubre el pan')).toBe(true);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    expect(editor.previewScene).toBeNull();
    expect(editor.map!.stages.find((st) => st.id === 's1')!.title).toBe('Descubre el pan');
    expect(drawn(editor, 'Descubre el pan')).toBe(true);
  });

  it('shows the map as it is again when the field is left unchanged, and sends nothing', async () => {
    const { editor, backend } = await opened();
    editor.previewField(title('Descubre el pan'));
    await rest();
    await settle();
    expect(drawn(editor, 'Descubre el pan')).toBe(true);
    editor.previewField(null);
    expect(editor.previewScene).toBeNull();
    expect(drawn(editor, 'Descubre el pan')).toBe(false);
    await rest();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('shows the map as it was when Rust refuses the edit', async () => {
    const { editor, backend } = await opened();
    editor.previewField(title('Descubre el pan'));
    await rest();
    await settle();
    backend.failNext('apply_edit', { code: 'io', message: 'the disk is full' });
    expect(await editor.commitField(title('Descubre el pan'))).toBe(false);
    expect(editor.previewScene).toBeNull();
    expect(drawn(editor, 'Descubre el pan')).toBe(false);
    expect(editor.error?.message).toBe('the disk is full');
  });
});

describe('Editor: renaming in place', () => {
  it('opens a new stage for renaming, and renames it with one edit', async () => {
    const { editor, backend } = await opened();
    editor.size = { width: 800, height: 600 };
    await editor.addStage('Nueva etapa');
    const inserted = backend.callsOf('apply_edit')[0]?.args.edit;
    const id = inserted?.type === 'insert_stage' ? inserted.stage.id : '';
    expect(editor.renaming).toEqual({ kind: 'stage', id, original: 'Nueva etapa' });
    // The new stage, at the right end, is in sight.
    const hit = editor.scene!.hits.find((h) => h.target.kind === 'stage' && h.target.id === id)!;
    const right = (hit.x + hit.w) * editor.viewport.zoom + editor.viewport.x;
    expect(right).toBeLessThanOrEqual(800);

    await editor.finishRename('  Recogida en tienda ');
    expect(editor.renaming).toBeNull();
    expect(backend.callsOf('apply_edit')[1]?.args.edit).toEqual({ type: 'update_stage', id, patch: { title: 'Recogida en tienda' } });
  });

  it('sends nothing when the name is the same, or when the map would lose its title, or on cancel', async () => {
    const { editor, backend } = await opened();
    editor.beginRename({ kind: 'lane', id: 'l-act' });
    expect(editor.selection).toEqual({ kind: 'lane', id: 'l-act' });
    await editor.finishRename(editor.map!.lanes.find((l) => l.id === 'l-act')!.title);
    editor.beginRename({ kind: 'title' });
    await editor.finishRename('   ');
    editor.beginRename({ kind: 'stage', id: 's2' });
    editor.cancelRename();
    expect(editor.renaming).toBeNull();
    expect(backend.callsOf('apply_edit')).toEqual([]);
  });
});

describe('Editor: where the canvas looks', () => {
  it('brings a selected stage along the row, a lane down the column, a card both ways', async () => {
    const { editor } = await opened();
    editor.size = { width: 700, height: 420 };
    const hits = editor.scene!.hits;
    const inSight = (kind: string, id: string, axis: 'x' | 'y') => {
      const h = hits.find((t) => t.target.kind === kind && 'id' in t.target && t.target.id === id)!;
      const v = editor.viewport;
      const [start, size, room] = axis === 'x' ? [h.x * v.zoom + v.x, h.w * v.zoom, 700] : [h.y * v.zoom + v.y, h.h * v.zoom, 420];
      return start >= 0 && start + size <= room;
    };
    const before = editor.viewport;
    expect(inSight('stage', 's3', 'x')).toBe(false);
    editor.revealSelection({ kind: 'stage', id: 's3' });
    expect(inSight('stage', 's3', 'x')).toBe(true);
    expect(editor.viewport.y).toBe(before.y);
    editor.revealSelection({ kind: 'cards', ids: ['a1'] });
    expect(inSight('card', 'a1', 'x') && inSight('card', 'a1', 'y')).toBe(true);
    const x = editor.viewport.x;
    const lastLane = editor.map!.lanes.at(-1)!.id;
    expect(inSight('lane', lastLane, 'y')).toBe(false);
    editor.revealSelection({ kind: 'lane', id: lastLane });
    expect(inSight('lane', lastLane, 'y')).toBe(true);
    expect(editor.viewport.x).toBe(x);
  });


  it('zooms about a point, resets to the home view and fits the map', async () => {
    const { editor } = await opened();
    editor.size = { width: 800, height: 600 };
    editor.zoomTo(2, { x: 100, y: 100 });
    expect(editor.viewport).toEqual({ zoom: 2, x: -100, y: -100 });
    editor.resetZoom();
    expect(editor.viewport).toEqual({ zoom: 1, x: 0, y: 0 });
    editor.fit();
    const scene = editor.scene!;
    // Fitted: the whole Scene is inside the canvas.
    expect(scene.width * editor.viewport.zoom).toBeLessThanOrEqual(800);
    expect(scene.height * editor.viewport.zoom).toBeLessThanOrEqual(600);
    expect(editor.viewport.x).toBeGreaterThanOrEqual(0);
  });

  it('pans to keep the cell reached with the arrows in sight', async () => {
    const { editor } = await opened();
    editor.size = { width: 800, height: 600 };
    editor.select({ kind: 'cell', stage: 's2', lane: 'l-act' });
    await editor.arrow('right');
    // s3's cells span x 768..1016; their right edge is brought to 800 − 24.
    expect(editor.viewport).toEqual({ zoom: 1, x: 776 - 1016, y: 0 });
    // Back to s1 (x 248): its left edge must clear where the lane column (248 px) is stuck,
    // which is exactly the home view again.
    await editor.arrow('left');
    await editor.arrow('left');
    expect(editor.viewport.x).toBe(0);
  });

  it('does not let a pan lose the map', async () => {
    const { editor } = await opened();
    editor.size = { width: 800, height: 600 };
    editor.panBy(-100_000, 100_000);
    const scene = editor.scene!;
    // Limited so that the Scene's far edge stays 160 px inside the canvas (see panLimits).
    expect(editor.viewport.x).toBe(800 - scene.width - 160);
    expect(editor.viewport.y).toBe(160);
  });
});

describe('title', () => {
  it('is sent to the window only when it changes', async () => {
    const backend = new MockBackend();
    const editor = new Editor(backend);
    editor.showTitle('Mapa — Guardado — Travesía');
    editor.showTitle('Mapa — Guardado — Travesía');
    editor.showTitle('Mapa — Guardando… — Travesía');
    await Promise.resolve();
    expect(backend.callsOf('set_window_title').map((c) => c.args.title)).toEqual([
      'Mapa — Guardado — Travesía',
      'Mapa — Guardando… — Travesía',
    ]);
    expect(document.title).toBe('Mapa — Guardando… — Travesía');
  });
});

// --- export, versions: other requests answered with a view ---
describe('Editor: other requests', () => {
  it('sends a request in turn with the edits and shows its answer like an edit’s', async () => {
    const { editor, backend } = await opened();
    backend.pause();
    const edit = editor.edit(rename('Primero'));
    const next = answer('Restaurado');
    const request = editor.request(async (id) => {
      expect(id).toBe('map-1');
      // It leaves only once the edit before it has its answer.
      expect(editor.map?.title).toBe('Primero');
      return next;
    });
    expect(editor.pending).toBe(2);
    backend.resume();
    await idle(editor);
    expect(await edit).toBe(true);
    expect(await request).toBe(true);
    expect(editor.view).toEqual(next);
    expect(editor.status).toBe('saved');
  });

  it('keeps a failed request as the editor’s error', async () => {
    const { editor } = await opened();
    const ok = editor.request(() => Promise.reject({ code: 'not_found', message: 'no snapshot 3' }));
    await idle(editor);
    expect(await ok).toBe(false);
    expect(editor.error).toEqual({ code: 'not_found', message: 'no snapshot 3' });
    expect(editor.map?.title).toBe('Panadería del barrio');
  });
});

describe('Editor: a keyboard move drawn ahead', () => {
  /** A look for card a3 somewhere to the right, as Rust would give it. */
  const look: CardLook = {
    hit: { target: { kind: 'card', id: 'a3' }, x: 780, y: 200, w: 224, h: 64 },
    items: [
      { type: 'rect', x: 780, y: 200, w: 224, h: 64, r: 8, fill: '#FFFFFF', stroke: '#D0D5DD', stroke_width: 1 },
      { type: 'text', x: 792, y: 224, w: 120, text: 'Pide por teléfono', size: 14, weight: 400, color: '#1D2939', rtl: false },
    ],
  };

  /** `look` as card `id`'s (its hit region names it). */
  const lookOf = (id: string): CardLook => ({ ...look, hit: { ...look.hit, target: { kind: 'card', id } } });

  /** Lets the view and selection rest until the editor has asked for the looks ahead. */
  async function rest(editor: Editor) {
    editor.lookAhead();
    await new Promise((done) => setTimeout(done, AHEAD_MS + 30));
    await settle();
  }

  it('asks Rust how the one selected card looks after each arrow, then draws a move in its key press', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    const asked: Edit[][] = [];
    backend.answerAhead = (args, view) => {
      asked.push(args.edits);
      const right = (e: Edit) => e.type === 'move_card' && e.stage === 's3';
      return {
        base: view.rev,
        looks: args.edits.map((e) => (right(e) ? [look] : null)),
        patches: args.edits.map((e) => (right(e) ? aheadOf(view, e) : null)),
      };
    };
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    // One edit for each way the card can go, made as the arrow key would make it.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContainEqual({ type: 'move_card', id: 'a3', stage: 's3', lane: 'l-act', place: { in_cell: 0 } });
    // The card's looks after each move; none after its deletion.
    const looks = backend.callsOf('cards_ahead')[0]!.args.looks;
    asked[0]!.forEach((e, i) => expect(looks[i]).toEqual(e.type === 'move_card' ? ['a3'] : []));

    backend.pause();
    const stored = editor.arrow('right');
    // Drawn at once, before Rust has the edit: the card's items for its new place, and their region.
    expect(editor.moving).toHaveLength(1);
    const moving = editor.moving![0]!;
    expect(moving).toMatchObject({ card: 'a3', items: look.items, hit: { x: 780, y: 200, w: 224, h: 64 } });
    expect(root.dataset.movedAhead).toBe('a3');
    // The region to paint again takes in the box's stroke.
    expect(moving.box.x).toBeLessThan(780);
    expect(moving.box.x + moving.box.w).toBeGreaterThan(780 + 224);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    // The answer draws the whole map; the look is done with.
    expect(editor.moving).toBeNull();
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
  });

  it('does not use a look made from another view, nor one made before an edit still under way', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    let base = (v: MapView) => v.rev - 1;
    backend.answerAhead = (args, view) => ({
      base: base(view),
      looks: args.edits.map(() => [look]),
      patches: args.edits.map((e) => (e.type === 'move_card' ? aheadOf(view, e) : null)),
    });
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    backend.pause();
    const stale = editor.arrow('right');
    expect(editor.moving).toBeNull();
    backend.resume();
    await stale;
    await idle(editor);

    // Made from the view shown, but another edit is out: the move starts from where that one leaves the map.
    base = (v) => v.rev;
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    backend.pause();
    void editor.edit(rename('Otra'));
    const behind = editor.arrow('left');
    expect(editor.moving).toBeNull();
    backend.resume();
    await behind;
  });

  it('asks for the same move and its opposite at once after an arrow key, and for the other keys after the pause', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    const asked: Edit[][] = [];
    backend.answerAhead = (args, view) => {
      asked.push(args.edits);
      return {
        base: view.rev,
        looks: args.edits.map(() => [lookOf('a1')]),
        patches: args.edits.map((e) => (e.type === 'move_card' ? aheadOf(view, e) : null)),
      };
    };
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a1'] });
    await rest(editor);
    expect(asked).toHaveLength(1);

    expect(await editor.arrow('right')).toBe(true);
    await idle(editor);
    // The answer came (the canvas asks whenever the view changes): the next press of the same key,
    // and of its opposite, is laid out at once, before the pause.
    editor.lookAhead();
    await new Promise((done) => setTimeout(done, 5));
    await settle();
    expect(asked).toHaveLength(2);
    const moved = editor.map!.cards.find((c) => c.id === 'a1')!;
    expect(asked[1]).toEqual([moveCards(editor.map!, ['a1'], 'right'), moveCards(editor.map!, ['a1'], 'left')]);
    expect(moved.stage).toBe('s2');
    // After the pause the other keys, and not that one again.
    await new Promise((done) => setTimeout(done, AHEAD_MS + 30));
    await settle();
    expect(asked).toHaveLength(3);
    expect(asked[2]).toContainEqual({ type: 'delete_card', id: 'a1' });
    expect(asked[2]).toContainEqual(moveCards(editor.map!, ['a1'], 'down'));
    expect(asked[2]).not.toContainEqual(asked[1]![0]);
    expect(asked[2]).not.toContainEqual(asked[1]![1]);
    // Nothing more while the person rests.
    await new Promise((done) => setTimeout(done, AHEAD_MS + 30));
    await settle();
    expect(asked).toHaveLength(3);

    // The key pressed again is drawn ahead from what was asked at once: the whole view at the key
    // (a1 leaves a3 alone in its cell, and the row, as tall as that cell was, gets shorter: a1's
    // look alone would be wrong for a frame).
    backend.pause();
    const again = editor.arrow('right');
    expect(editor.moving).toBeNull();
    expect(editor.map?.cards.find((c) => c.id === 'a1')?.stage).toBe('s3');
    backend.resume();
    expect(await again).toBe(true);
    expect(editor.map?.cards.find((c) => c.id === 'a1')?.stage).toBe('s3');
  });

  it('asks nothing while a card is typed', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({ base: view.rev, looks: args.edits.map(() => [look]), patches: args.edits.map(() => null) });
    const { editor } = await opened(backend);
    editor.beginEditCard('a1');
    await rest(editor);
    expect(backend.callsOf('cards_ahead')).toHaveLength(0);
  });

  const aheadOf = aheadPatch;

  /** A backend that lays out ahead a3's move right (its look and Rust's view after it). */
  function aheadRight(): MockBackend {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.edits.map(() => [look]),
      patches: args.edits.map((e) => (e.type === 'move_card' && e.stage === 's3' ? aheadOf(view, e) : null)),
    });
    return backend;
  }

  /** Makes `backend` hold every edit sent; the answer calls it to refuse the last one (a full disk). */
  function refuseEdits(backend: MockBackend): () => void {
    let refuse: (() => void) | undefined;
    backend.apply_edit = () =>
      new Promise((_, reject) => {
        refuse = () => reject({ code: 'io', message: 'the disk is full' });
      });
    return () => refuse!();
  }

  /** A backend that lays out ahead the deletion of the card asked about (Rust's view after it; no other card moves). */
  function aheadDelete(): MockBackend {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.edits.map(() => []),
      patches: args.edits.map((e) => (e.type === 'delete_card' ? aheadOf(view, e) : null)),
    });
    return backend;
  }

  it('draws the whole view laid out ahead after the frame of the key, before the answer', async () => {
    const { editor, backend } = await opened(aheadRight());
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    backend.pause();
    const stored = editor.arrow('right');
    // In the key's frame only the card's look; the map is the one before.
    expect(editor.moving?.map((m) => m.card)).toEqual(['a3']);
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s2');
    await new Promise((done) => setTimeout(done, 10));
    // Then the whole view, while Rust has not answered yet.
    expect(backend.held).toBe(1);
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
    const hit = editor.scene?.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a3');
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    expect(editor.moving).toBeNull();
    expect(editor.scene?.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a3')).toEqual(hit);
    expect(editor.canUndo).toBe(true);
  });

  it("lays out several selected cards' moves and their deletion ahead: their looks at the key, the view after", async () => {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.looks.map((ids) => ids.map(lookOf)),
      patches: args.edits.map((e) => (e.type === 'batch' || e.type === 'delete_card' ? aheadOf(view, e) : null)),
    });
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['t1', 't2'] });
    await rest(editor);
    // Each key's edit is the one the key makes: both cards in one step, their looks asked for after a move.
    const call = backend.callsOf('cards_ahead')[0]!.args;
    const right = moveCards(editor.map!, ['t1', 't2'], 'right')!;
    expect(right.type).toBe('batch');
    expect(call.edits).toContainEqual(right);
    expect(call.looks[call.edits.findIndex((e) => JSON.stringify(e) === JSON.stringify(right))]).toEqual(['t1', 't2']);
    const deletion = call.edits.findIndex((e) => e.type === 'batch' && e.edits.every((x) => x.type === 'delete_card'));
    expect(deletion).toBeGreaterThanOrEqual(0);
    expect(call.looks[deletion]).toEqual([]);

    backend.pause();
    const before = editor.map!.cards.filter((c) => c.id === 't1' || c.id === 't2').map((c) => c.stage);
    const stored = editor.arrow('right');
    // In the key's frame both cards' looks, each at its own place; the map is the one before.
    expect(editor.moving?.map((m) => m.card)).toEqual(['t1', 't2']);
    expect(editor.moving?.map((m) => m.items)).toEqual([look.items, look.items]);
    expect(root.dataset.movedAhead).toBe('t1 t2');
    expect(editor.map!.cards.filter((c) => c.id === 't1' || c.id === 't2').map((c) => c.stage)).toEqual(before);
    // Then the whole view, before Rust has answered.
    await new Promise((done) => setTimeout(done, 10));
    expect(backend.held).toBe(1);
    const after = editor.map!.cards.filter((c) => c.id === 't1' || c.id === 't2').map((c) => c.stage);
    expect(after).not.toEqual(before);
    const hits = editor.scene!.hits.filter((h) => h.target.kind === 'card');
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    // The answer draws the same.
    expect(editor.moving).toBeNull();
    expect(editor.scene!.hits.filter((h) => h.target.kind === 'card')).toEqual(hits);
    expect(editor.map!.cards.filter((c) => c.id === 't1' || c.id === 't2').map((c) => c.stage)).toEqual(after);

    // Deleted (a3, and t1, whose rows keep their height), both are left out at the key and the
    // view follows; nothing is selected.
    editor.select({ kind: 'cards', ids: ['a3', 't1'] });
    await rest(editor);
    backend.pause();
    const deleted = editor.deleteSelection();
    expect(editor.moving?.map((m) => [m.card, m.items.length])).toEqual([
      ['a3', 0],
      ['t1', 0],
    ]);
    expect(editor.selection).toEqual(NOTHING);
    expect(root.dataset.deletedAhead).toBe('a3 t1');
    await new Promise((done) => setTimeout(done, 10));
    expect(editor.map!.cards.some((c) => c.id === 'a3' || c.id === 't1')).toBe(false);
    backend.resume();
    expect(await deleted).toBe(true);
    await idle(editor);
    expect(editor.moving).toBeNull();
    expect(editor.map!.cards.some((c) => c.id === 'a3' || c.id === 't1')).toBe(false);

    // Deleting the two cards of a row leaves it empty and shorter: the whole view at the key.
    editor.select({ kind: 'cards', ids: ['t2'] });
    await rest(editor);
    backend.pause();
    const emptied = editor.deleteSelection();
    expect(editor.moving).toBeNull();
    expect(editor.map!.cards.some((c) => c.id === 't2')).toBe(false);
    expect(root.dataset.deletedAhead).toBe('t2');
    backend.resume();
    expect(await emptied).toBe(true);
  });

  it('shows the whole view at the key when other cards move with the card (those left behind close up)', async () => {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.looks.map((ids) => ids.map(lookOf)),
      patches: args.edits.map((e) => (e.type === 'move_card' ? aheadOf(view, e) : null)),
    });
    const { editor } = await opened(backend);
    // a1 is above a2 in its cell: a2 moves up when a1 leaves.
    const a2 = editor.scene!.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a2')!;
    editor.select({ kind: 'cards', ids: ['a1'] });
    await rest(editor);
    backend.pause();
    const stored = editor.arrow('right');
    // No look alone: the view after the move, in the key's own frame.
    expect(editor.moving).toBeNull();
    expect(root.dataset.movedAhead).toBe('a1');
    expect(editor.map!.cards.find((c) => c.id === 'a1')!.stage).toBe('s2');
    expect(editor.scene!.hits.find((h) => h.target.kind === 'card' && h.target.id === 'a2')!.y).toBeLessThan(a2.y);
    backend.resume();
    expect(await stored).toBe(true);
  });

  it("shows the view laid out ahead at the key when Rust has no look for a card (one holding a picture)", async () => {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.edits.map(() => null),
      patches: args.edits.map((e) => (e.type === 'batch' ? aheadOf(view, e) : null)),
    });
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a1', 'a3'] });
    await rest(editor);
    backend.pause();
    const before = editor.map!.cards.filter((c) => c.id === 'a1' || c.id === 'a3').map((c) => c.stage);
    const stored = editor.arrow('right');
    // No looks: the view after the move, in the key's own task.
    expect(editor.moving).toBeNull();
    expect(editor.map!.cards.filter((c) => c.id === 'a1' || c.id === 'a3').map((c) => c.stage)).not.toEqual(before);
    expect(root.dataset.movedAhead).toBe('a1 a3');
    backend.resume();
    expect(await stored).toBe(true);
  });

  /** The cards an edit inserts (one insert_card, or a batch of them), in order. */
  const inserted = (e: Edit | undefined): string[] =>
    e?.type === 'insert_card' ? [e.card.id] : e?.type === 'batch' ? e.edits.flatMap((x) => (x.type === 'insert_card' ? [x.card.id] : [])) : [];

  /** A backend that lays out ahead the edits that insert cards (Ctrl+D, Ctrl+V): Rust's view after them. */
  function aheadCopies(): MockBackend {
    const backend = new MockBackend({ views: [mapView()] });
    backend.answerAhead = (args, view) => ({
      base: view.rev,
      looks: args.looks.map(() => []),
      patches: args.edits.map((e) => (inserted(e).length > 0 ? aheadOf(view, e) : null)),
    });
    return backend;
  }

  it('lays out Ctrl+D and Ctrl+V ahead: the view after them, the copies selected, at the key', async () => {
    const { editor, backend } = await opened(aheadCopies());
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    // Ctrl+D's edit is asked for with the moves (nothing copied yet: no Ctrl+V), with no looks.
    const call = backend.callsOf('cards_ahead')[0]!.args;
    const copies = call.edits.filter((e) => inserted(e).length > 0);
    expect(copies).toHaveLength(1);
    expect(call.looks[call.edits.indexOf(copies[0]!)]).toEqual([]);
    const [copy] = inserted(copies[0]);

    backend.pause();
    const stored = editor.duplicateSelection();
    // At the key: the copy in the view, right after its card, and selected; Rust has not stored it yet.
    expect(backend.held).toBe(0);
    const order = editor.map!.cards.map((c) => c.id);
    expect(order.indexOf(copy!)).toBe(order.indexOf('a3') + 1);
    expect(editor.scene!.hits.some((h) => h.target.kind === 'card' && h.target.id === copy)).toBe(true);
    expect(editor.selection).toEqual({ kind: 'cards', ids: [copy] });
    expect(root.dataset.madeAhead).toBe(copy);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    // The edit sent is the one laid out, the copy's id included.
    expect(backend.callsOf('apply_edit').at(-1)?.args.edit).toEqual(copies[0]);
    expect(editor.map!.cards.filter((c) => c.id === copy)).toHaveLength(1);
    expect(editor.selection).toEqual({ kind: 'cards', ids: [copy] });

    // Copied, then a cell selected: Ctrl+V's edit is asked for there, and drawn at the key.
    expect(editor.copySelection()).toBe(1);
    editor.select({ kind: 'cell', stage: 's1', lane: 'l-act' });
    await rest(editor);
    const pasteCall = backend.callsOf('cards_ahead').at(-1)!.args;
    expect(pasteCall.edits).toHaveLength(1);
    const [pastedId] = inserted(pasteCall.edits[0]);
    expect(pastedId).toBeDefined();
    backend.pause();
    const pasted = editor.paste();
    expect(editor.map!.cards.find((c) => c.id === pastedId)).toMatchObject({ stage: 's1', lane: 'l-act' });
    expect(editor.selection).toEqual({ kind: 'cards', ids: [pastedId] });
    expect(root.dataset.madeAhead).toBe(pastedId);
    backend.resume();
    expect(await pasted).toBe(true);
    await idle(editor);
    expect(backend.callsOf('apply_edit').at(-1)?.args.edit).toEqual(pasteCall.edits[0]);

    // What was laid out for another clipboard is not used: copied again, Ctrl+V waits for Rust.
    editor.select({ kind: 'cell', stage: 's1', lane: 'l-act' });
    await rest(editor);
    editor.select({ kind: 'cards', ids: ['a1'] });
    editor.copySelection();
    editor.select({ kind: 'cell', stage: 's1', lane: 'l-act' });
    const waited = editor.paste();
    expect(root.dataset.madeAhead).toBe(pastedId);
    expect(await waited).toBe(true);
  });

  it('gives back the view and the selection when a copy drawn ahead is refused', async () => {
    const backend = aheadCopies();
    const { editor } = await opened(backend);
    const before = editor.view;
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    const refuse = refuseEdits(backend);
    const stored = editor.duplicateSelection();
    const [copy] = inserted(backend.callsOf('cards_ahead')[0]!.args.edits.find((e) => inserted(e).length > 0));
    expect(editor.selection).toEqual({ kind: 'cards', ids: [copy] });
    expect(editor.map?.cards.some((c) => c.id === copy)).toBe(true);
    await new Promise((done) => setTimeout(done, 10));
    refuse();
    expect(await stored).toBe(false);
    expect(editor.view).toBe(before);
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a3'] });
    expect(editor.error?.message).toBe('the disk is full');
  });

  it("draws a deletion ahead too: the card gone in the key's frame, the view after it before the answer", async () => {
    const backend = aheadDelete();
    const { editor } = await opened(backend);
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    expect(backend.callsOf('cards_ahead')[0]?.args.edits).toContainEqual({ type: 'delete_card', id: 'a3' });
    backend.pause();
    const stored = editor.deleteSelection();
    // In the key's frame: the card left out where it was, nothing drawn elsewhere, nothing selected.
    expect(editor.moving).toHaveLength(1);
    expect(editor.moving?.[0]).toMatchObject({ card: 'a3', items: [] });
    expect(editor.moving?.[0]?.box).toEqual(editor.drawing?.byCard.get('a3')?.box);
    expect(editor.selection).toEqual(NOTHING);
    expect(root.dataset.deletedAhead).toBe('a3');
    expect(editor.map?.cards.some((c) => c.id === 'a3')).toBe(true);
    await new Promise((done) => setTimeout(done, 10));
    // Then the view after it, while Rust has not answered yet; the side panel still shows the
    // card (it follows once no edit is out, so it does not hold back the canvas's frames).
    expect(backend.held).toBe(1);
    expect(editor.map?.cards.some((c) => c.id === 'a3')).toBe(false);
    expect(editor.inspected).toEqual({ kind: 'cards', ids: ['a3'] });
    expect(editor.inspectedView?.map.cards.some((c) => c.id === 'a3')).toBe(true);
    backend.resume();
    expect(await stored).toBe(true);
    await idle(editor);
    expect(editor.inspected).toEqual(NOTHING);
    expect(editor.inspectedView).toBe(editor.view);
    expect(editor.moving).toBeNull();
    expect(editor.map?.cards.some((c) => c.id === 'a3')).toBe(false);
    expect(editor.canUndo).toBe(true);
  });

  it('gives the card back, selected, when a deletion drawn ahead is refused', async () => {
    const backend = aheadDelete();
    const { editor } = await opened(backend);
    const before = editor.view;
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    const refuse = refuseEdits(backend);
    const stored = editor.deleteSelection();
    expect(root.dataset.deletedAhead).toBe('a3');
    expect(editor.selection).toEqual(NOTHING);
    await new Promise((done) => setTimeout(done, 10));
    expect(editor.map?.cards.some((c) => c.id === 'a3')).toBe(false);
    refuse();
    expect(await stored).toBe(false);
    expect(editor.view).toBe(before);
    expect(editor.moving).toBeNull();
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a3'] });
    expect(editor.error?.message).toBe('the disk is full');
  });

  it('goes back to the view before when the edit drawn ahead is refused', async () => {
    const { editor, backend } = await opened(aheadRight());
    const before = editor.view;
    editor.select({ kind: 'cards', ids: ['a3'] });
    await rest(editor);
    // Refused once the view ahead is drawn.
    const refuse = refuseEdits(backend);
    const stored = editor.arrow('right');
    await new Promise((done) => setTimeout(done, 10));
    expect(editor.map?.cards.find((c) => c.id === 'a3')?.stage).toBe('s3');
    refuse();
    expect(await stored).toBe(false);
    expect(editor.view).toBe(before);
    expect(editor.moving).toBeNull();
    expect(editor.error?.message).toBe('the disk is full');
  });

  describe('an edit pointed at (a menu item, a colour, a drop)', () => {
    const colour: Edit = { type: 'update_card', id: 'a1', patch: { color: '#FFC9C9' } };
    const moveStage: Edit = { type: 'move_stage', id: 's1', index: 1 };

    /** A backend that lays out ahead any edit it is asked about. */
    function aheadAny(): MockBackend {
      const backend = new MockBackend({ views: [mapView()] });
      backend.answerAhead = (args, view) => ({
        base: view.rev,
        looks: args.edits.map(() => []),
        patches: args.edits.map((e) => aheadOf(view, e)),
      });
      return backend;
    }

    /** Points at `edit` and lets the pointer rest until Rust has laid it out. */
    async function pointAt(editor: Editor, edit: Edit | null) {
      editor.point(edit);
      await new Promise((done) => setTimeout(done, POINTED_MS + 20));
      await settle();
    }

    afterEach(() => delete root.dataset.pointedAhead);

    it('lays out the edit pointed at after a rest, and shows its view at the choice, before the answer', async () => {
      const { editor, backend } = await opened(aheadAny());
      editor.point(colour);
      // Nothing is asked while the pointer is only passing.
      expect(backend.callsOf('cards_ahead')).toHaveLength(0);
      await pointAt(editor, colour);
      expect(backend.callsOf('cards_ahead').map((c) => c.args)).toEqual([{ id: 'map-1', edits: [colour], looks: [[]] }]);

      backend.pause();
      const stored = editor.edit(structuredClone(colour));
      // In the choice's own frame: the card in its new colour, the same fill Rust's answer will draw.
      expect(editor.map?.cards.find((c) => c.id === 'a1')?.color).toBe('#FFC9C9');
      const shown = editor.scene;
      expect(root.dataset.pointedAhead).toBe('update_card');
      backend.resume();
      expect(await stored).toBe(true);
      await idle(editor);
      expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([colour]);
      expect(editor.scene?.items).toEqual(shown?.items);
      expect(editor.canUndo).toBe(true);
    });

    it('waits for the answer when the edit chosen is not the one laid out, or the pointer left', async () => {
      const { editor, backend } = await opened(aheadAny());
      await pointAt(editor, colour);
      backend.pause();
      const other = editor.edit(moveStage);
      expect(editor.map?.stages[0]?.id).toBe('s1');
      backend.resume();
      expect(await other).toBe(true);
      await idle(editor);
      expect(root.dataset.pointedAhead).toBeUndefined();

      await pointAt(editor, colour);
      await pointAt(editor, null);
      backend.pause();
      const left = editor.edit(colour);
      expect(editor.map?.cards.find((c) => c.id === 'a1')?.color).toBeUndefined();
      backend.resume();
      expect(await left).toBe(true);
      await idle(editor);
      expect(root.dataset.pointedAhead).toBeUndefined();
    });

    it('lays the edit pointed at out again once an edit made meanwhile has been answered', async () => {
      const { editor, backend } = await opened(aheadAny());
      await pointAt(editor, colour);
      // Another edit changes the view: what was laid out is from the view before it.
      expect(await editor.edit(moveStage)).toBe(true);
      await idle(editor);
      await new Promise((done) => setTimeout(done, POINTED_MS + 20));
      await settle();
      const asked = backend.callsOf('cards_ahead');
      expect(asked).toHaveLength(2);
      backend.pause();
      const stored = editor.edit(colour);
      // Laid out from the view after the stage moved: both show.
      expect(editor.map?.stages[1]?.id).toBe('s1');
      expect(editor.map?.cards.find((c) => c.id === 'a1')?.color).toBe('#FFC9C9');
      backend.resume();
      expect(await stored).toBe(true);
    });

    it('gives back the view and the selection when Rust refuses an edit drawn ahead', async () => {
      const backend = aheadAny();
      const { editor } = await opened(backend);
      const before = editor.view;
      editor.select({ kind: 'stage', id: 's1' });
      const remove: Edit = { type: 'delete_stage', id: 's1' };
      await pointAt(editor, remove);
      const refuse = refuseEdits(backend);
      const stored = editor.edit(remove);
      // The stage is gone at the choice, and so is its selection.
      expect(editor.map?.stages.some((s) => s.id === 's1')).toBe(false);
      expect(editor.selection).toEqual(NOTHING);
      await new Promise((done) => setTimeout(done, 10));
      refuse();
      expect(await stored).toBe(false);
      expect(editor.view).toBe(before);
      expect(editor.selection).toEqual({ kind: 'stage', id: 's1' });
      expect(editor.error?.message).toBe('the disk is full');
    });
  });
});
