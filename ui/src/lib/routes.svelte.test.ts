import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { Edit, Route, Target } from './bindings';
import { Editor } from './editor.svelte';
import {
  movedSteps,
  nameProblem,
  newRepeat,
  Routes,
  stepProblem,
  suggestColor,
} from './routes.svelte';
import { mapView, settle } from './testing/fixtures';
import { omnichannelMap, SHOWROOMING, WEBROOMING } from './testing/omnichannel';
import type { PickerKey } from './tool.svelte';

/** An editor on the shoe shop's map (webrooming already drawn, unless other routes are given) and its routes. */
async function setup(routes: Route[] = [WEBROOMING]) {
  // Laid out again after each edit, like Rust, so the Scene follows the routes.
  const backend = new MockBackend({ views: [mapView(omnichannelMap('map-1', routes))] });
  const editor = new Editor(backend, { frame: () => Promise.resolve(), root: null });
  await editor.open('map-1');
  return { backend, editor, routes: new Routes(editor) };
}

/** Lets queued requests run until the editor is idle. */
async function idle(editor: Editor) {
  for (let i = 0; i < 50 && editor.pending > 0; i++) await settle();
  await settle();
}

const card = (id: string): Target => ({ kind: 'card', id });
const key = (k: string, extra: Partial<PickerKey> = {}): PickerKey => ({ key: k, mod: false, shift: false, onCanvas: true, ...extra });
const edits = (backend: MockBackend): Edit[] => backend.callsOf('apply_edit').map((c) => c.args.edit);

describe('route rules', () => {
  const map = omnichannelMap();

  it('takes only touchpoint cards, never the same card twice in a row', () => {
    expect(stepProblem(map, 'tp-ad', null)).toBeNull();
    expect(stepProblem(map, 'tp-web', 'tp-ad')).toBeNull();
    // An action card is in the map but not a touchpoint (docs/FORMAT.md: a path through touchpoint cards).
    expect(stepProblem(map, 'a-see', 'tp-ad')).toBe('not_touchpoint');
    expect(stepProblem(map, 'e-see', null)).toBe('not_touchpoint');
    expect(stepProblem(map, 'tp-ad', 'tp-ad')).toBe('repeat');
    expect(stepProblem(map, 'nope', null)).toBe('missing');
  });

  it('wants a name of 1 to 200 characters, counting characters as Rust does', () => {
    expect(nameProblem('  ')).toBe('name_empty');
    expect(nameProblem('Webrooming')).toBeNull();
    // 200 emoji are 400 UTF-16 units but 200 characters: allowed.
    expect(nameProblem('🛒'.repeat(200))).toBeNull();
    expect(nameProblem('ñ'.repeat(201))).toBe('name_too_long');
  });

  it('spots a card put twice in a row by a change, not one a file brought already', () => {
    expect(movedSteps(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(newRepeat(['a', 'b', 'a'], movedSteps(['a', 'b', 'a'], 1, 0))).toBe('a');
    expect(newRepeat(['a', 'b', 'c'], ['a', 'c'])).toBeNull();
    // A route from a file with "b, b" in it can still be reordered elsewhere.
    expect(newRepeat(['a', 'b', 'b', 'c'], movedSteps(['a', 'b', 'b', 'c'], 3, 0))).toBeNull();
  });

  it('suggests a colour no route uses yet', () => {
    expect(suggestColor([])).toBe('#1971C2');
    // A route without a colour is drawn blue, so blue counts as used.
    expect(suggestColor([{ id: 'r', name: 'x', steps: [] }])).toBe('#0C8599');
    expect(suggestColor([WEBROOMING, { ...SHOWROOMING, color: '#1971c2' }])).toBe('#0C8599');
  });
});

describe('Routes: recording a new route', () => {
  it('records clicked touchpoints and stores them as ONE insert_route (one undo step)', async () => {
    const { backend, editor, routes } = await setup();
    expect(routes.start('Showrooming', '#7950f2')).toBe(true);
    expect(routes.recording).toMatchObject({ route: null, name: 'Showrooming', color: '#7950F2', steps: [] });

    for (const id of ['tp-window', 'tp-compare', 'tp-online']) routes.pick(card(id));
    expect(routes.recording?.steps).toEqual(['tp-window', 'tp-compare', 'tp-online']);
    // Nothing is sent while recording.
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    expect(await routes.finish()).toBe(true);
    const sent = edits(backend);
    expect(sent).toHaveLength(1);
    const edit = sent[0] as Extract<Edit, { type: 'insert_route' }>;
    expect(edit.type).toBe('insert_route');
    expect(edit.index).toBe(1);
    expect(edit.route).toMatchObject({ name: 'Showrooming', color: '#7950F2', steps: ['tp-window', 'tp-compare', 'tp-online'] });
    expect(edit.route.id).toMatch(/^r-[0-9a-z]{12}$/);
    expect(routes.recording).toBeNull();
    expect(routes.list.map((r) => r.name)).toEqual(['Webrooming', 'Showrooming']);
    expect(routes.made).toBe(edit.route.id);

    // One undo takes the whole route back.
    await editor.undo();
    await idle(editor);
    expect(routes.list.map((r) => r.name)).toEqual(['Webrooming']);
  });

  it('refuses, with a reason, what cannot be a step, and keeps the steps as they were', async () => {
    const { routes } = await setup([]);
    routes.start('Webrooming', null);
    routes.pick(card('a-see'));
    expect(routes.notice).toEqual({ kind: 'not_touchpoint', card: 'a-see' });
    routes.pick(card('tp-ad'));
    expect(routes.notice).toBeNull();
    routes.pick(card('tp-ad'));
    expect(routes.notice).toEqual({ kind: 'repeat', card: 'tp-ad' });
    routes.pick(null);
    expect(routes.notice).toEqual({ kind: 'not_card', card: null });
    routes.pick({ kind: 'stage', id: 's-see' });
    expect(routes.notice?.kind).toBe('not_card');
    expect(routes.recording?.steps).toEqual(['tp-ad']);
    expect(routes.accepts(card('tp-web'))).toBe(true);
    expect(routes.accepts(card('a-see'))).toBe(false);
  });

  it('needs two steps, a name, and sends nothing on Esc', async () => {
    const { backend, routes } = await setup([]);
    expect(routes.start('   ', null)).toBe(false);
    expect(routes.notice).toEqual({ kind: 'name_empty', card: null });
    expect(routes.recording).toBeNull();

    routes.start('Webrooming', null);
    routes.pick(card('tp-ad'));
    expect(await routes.finish()).toBe(false);
    expect(routes.notice?.kind).toBe('too_few');
    expect(routes.recording?.steps).toEqual(['tp-ad']);

    expect(routes.key(key('Escape', { onCanvas: false }))).toBe(true);
    expect(routes.recording).toBeNull();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('takes keys: Backspace and Ctrl+Z take back a step, Enter finishes (on the canvas only), redo waits', async () => {
    const { backend, routes } = await setup([]);
    routes.start('Webrooming', '#E8590C');
    for (const id of ['tp-ad', 'tp-web', 'tp-store', 'tp-online']) routes.pick(card(id));
    expect(routes.key(key('Backspace'))).toBe(true);
    expect(routes.key(key('z', { mod: true }))).toBe(true);
    expect(routes.recording?.steps).toEqual(['tp-ad', 'tp-web']);
    // Redo would replay an earlier edit under the route being drawn: swallowed, nothing changes.
    expect(routes.key(key('y', { mod: true }))).toBe(true);
    expect(routes.key(key('z', { mod: true, shift: true }))).toBe(true);
    expect(routes.recording?.steps).toEqual(['tp-ad', 'tp-web']);
    // On a button, Enter presses the button; the recording does not take it.
    expect(routes.key(key('Enter', { onCanvas: false }))).toBe(false);
    expect(routes.key(key('a'))).toBe(false);
    routes.pick(card('tp-store'));
    expect(routes.key(key('Enter'))).toBe(true);
    await settle();
    await settle();
    expect(edits(backend)).toEqual([
      {
        type: 'insert_route',
        index: 0,
        route: { id: expect.stringMatching(/^r-/), name: 'Webrooming', color: '#E8590C', steps: ['tp-ad', 'tp-web', 'tp-store'] },
      },
    ]);
    // Without a recording no key is taken.
    expect(routes.key(key('Escape'))).toBe(false);
  });

  it('keeps the recording when Rust refuses it, so nothing clicked is lost', async () => {
    const { backend, editor, routes } = await setup([]);
    routes.start('Webrooming', null);
    routes.pick(card('tp-ad'));
    routes.pick(card('tp-store'));
    backend.failNext('apply_edit', { code: 'invalid_input', message: 'route.name: too long' });
    expect(await routes.finish()).toBe(false);
    expect(editor.error?.code).toBe('invalid_input');
    expect(routes.recording?.steps).toEqual(['tp-ad', 'tp-store']);
    expect(routes.sending).toBe(false);
  });

  it('ends with the map: a recording never carries over to another map', async () => {
    const { editor, routes } = await setup();
    routes.start('Showrooming', null);
    routes.pick(card('tp-window'));
    editor.close();
    expect(routes.recording).toBeNull();
    expect(routes.key(key('Enter'))).toBe(false);
  });
});

describe('Routes: adding steps to a route', () => {
  it('continues after the last step and stores the added steps as one batch', async () => {
    const { backend, editor, routes } = await setup();
    expect(routes.addSteps('r-web')).toBe(true);
    expect(routes.offset).toBe(3);
    // The route ends at tp-store: it cannot be next again.
    routes.pick(card('tp-store'));
    expect(routes.notice?.kind).toBe('repeat');
    routes.pick(card('tp-online'));
    routes.pick(card('tp-compare'));
    expect(await routes.finish()).toBe(true);
    expect(edits(backend)).toEqual([
      {
        type: 'batch',
        edits: [
          { type: 'insert_route_step', route: 'r-web', index: 3, card: 'tp-online' },
          { type: 'insert_route_step', route: 'r-web', index: 4, card: 'tp-compare' },
        ],
      },
    ]);
    expect(routes.route('r-web')?.steps).toEqual(['tp-ad', 'tp-web', 'tp-store', 'tp-online', 'tp-compare']);
    expect(routes.view).toEqual({ kind: 'edit', id: 'r-web' });

    await editor.undo();
    await idle(editor);
    expect(routes.route('r-web')?.steps).toEqual(WEBROOMING.steps);
  });

  it('sends a single insert_route_step for one step, and nothing when none was added', async () => {
    const { backend, routes } = await setup();
    routes.addSteps('r-web');
    expect(await routes.finish()).toBe(false);
    expect(routes.recording).toBeNull();
    routes.addSteps('r-web');
    routes.pick(card('tp-online'));
    await routes.finish();
    expect(edits(backend)).toEqual([{ type: 'insert_route_step', route: 'r-web', index: 3, card: 'tp-online' }]);
  });
});

describe('Routes: editing', () => {
  it('renames, recolours, reorders and deletes routes with one edit each', async () => {
    const { backend, editor, routes } = await setup([WEBROOMING, SHOWROOMING]);
    expect(await routes.rename('r-web', '  ROPO  ')).toBe(true);
    expect(await routes.rename('r-web', '')).toBe(false);
    expect(routes.notice?.kind).toBe('name_empty');
    expect(await routes.rename('r-web', 'ROPO')).toBe(false);
    expect(await routes.recolor('r-web', '#2f9e44')).toBe(true);
    expect(await routes.recolor('r-web', null)).toBe(true);
    expect(await routes.recolor('r-web', 'green')).toBe(false);
    expect(await routes.moveRoute('r-show', -1)).toBe(true);
    expect(await routes.moveRoute('r-show', -1)).toBe(false);
    routes.edit('r-web');
    expect(await routes.deleteRoute('r-web')).toBe(true);
    await idle(editor);
    expect(edits(backend)).toEqual([
      { type: 'update_route', id: 'r-web', patch: { name: 'ROPO' } },
      { type: 'update_route', id: 'r-web', patch: { color: '#2F9E44' } },
      { type: 'update_route', id: 'r-web', patch: { color: null } },
      { type: 'move_route', id: 'r-show', index: 0 },
      { type: 'delete_route', id: 'r-web' },
    ]);
    expect(routes.list.map((r) => r.id)).toEqual(['r-show']);
    // The page of a deleted route gives way to the list.
    expect(routes.shown).toEqual({ kind: 'list' });
  });

  it('moves and removes steps, refusing a card twice in a row', async () => {
    const loop: Route = { id: 'r-loop', name: 'Vuelve a la web', steps: ['tp-web', 'tp-store', 'tp-web', 'tp-online'] };
    const { backend, routes } = await setup([loop]);
    expect(await routes.moveStep('r-loop', 3, 2)).toBe(true);
    expect(routes.route('r-loop')?.steps).toEqual(['tp-web', 'tp-store', 'tp-online', 'tp-web']);
    expect(await routes.moveStep('r-loop', 1, 0)).toBe(true);
    expect(await routes.moveStep('r-loop', 0, 1)).toBe(true);
    expect(await routes.removeStep('r-loop', 1)).toBe(true);
    expect(routes.route('r-loop')?.steps).toEqual(['tp-web', 'tp-online', 'tp-web']);
    expect(await routes.removeStep('r-loop', 1)).toBe(false);
    expect(routes.notice).toEqual({ kind: 'repeat', card: 'tp-web' });
    // Either tp-web next to the other one: refused; and a place past the end is no move at all.
    expect(await routes.moveStep('r-loop', 1, 0)).toBe(false);
    expect(await routes.moveStep('r-loop', 2, 1)).toBe(false);
    expect(await routes.moveStep('r-loop', 0, 5)).toBe(false);
    expect(routes.route('r-loop')?.steps).toEqual(['tp-web', 'tp-online', 'tp-web']);
    expect(edits(backend)).toEqual([
      { type: 'move_route_step', route: 'r-loop', from: 3, to: 2 },
      { type: 'move_route_step', route: 'r-loop', from: 1, to: 0 },
      { type: 'move_route_step', route: 'r-loop', from: 0, to: 1 },
      { type: 'delete_route_step', route: 'r-loop', index: 1 },
    ]);
  });
});

describe('Routes: visibility', () => {
  it('hides and shows a route through set_route_visible, taking the view it answers with', async () => {
    const { backend, editor, routes } = await setup([WEBROOMING, SHOWROOMING]);
    const legend = () => editor.scene!.hits.filter((h) => h.target.kind === 'route').map((h) => (h.target as { id: string }).id);
    expect(legend()).toEqual(['r-web', 'r-show']);

    expect(await routes.setVisible('r-web', false)).toBe(true);
    expect(backend.callsOf('set_route_visible')).toEqual([
      { command: 'set_route_visible', args: { id: 'map-1', route: 'r-web', visible: false } },
    ]);
    expect(editor.view?.hidden_routes).toEqual(['r-web']);
    expect(routes.isVisible('r-web')).toBe(false);
    // The answer's Scene no longer draws it.
    expect(legend()).toEqual(['r-show']);
    // Hiding is a way of looking, not an edit: there is nothing to undo.
    expect(backend.callsOf('apply_edit')).toHaveLength(0);

    // Asking for what already is sends nothing.
    expect(await routes.setVisible('r-web', false)).toBe(false);
    expect(await routes.setVisible('r-web', true)).toBe(true);
    expect(routes.isVisible('r-web')).toBe(true);
    expect(backend.callsOf('set_route_visible')).toHaveLength(2);
  });

  it('waits behind edits sent before it and is busy meanwhile', async () => {
    const { backend, editor, routes } = await setup();
    backend.pause();
    const renamed = routes.rename('r-web', 'ROPO');
    const hidden = routes.setVisible('r-web', false);
    expect(routes.toggling.has('r-web')).toBe(true);
    await settle();
    expect(backend.calls.at(-1)?.command).toBe('apply_edit');
    backend.resume();
    await Promise.all([renamed, hidden]);
    await idle(editor);
    expect(backend.calls.filter((c) => c.command !== 'open_map').map((c) => c.command)).toEqual(['apply_edit', 'set_route_visible']);
    expect(editor.map?.routes?.[0]?.name).toBe('ROPO');
    expect(editor.view?.hidden_routes).toEqual(['r-web']);
    expect(routes.toggling.size).toBe(0);
  });
});

describe('Routes: the panel', () => {
  it('opens only on an open map, and closing it cancels a recording', async () => {
    const { editor, routes } = await setup();
    routes.toggle();
    expect(routes.open).toBe(true);
    routes.showNew();
    routes.start('Showrooming', null);
    routes.pick(card('tp-window'));
    routes.toggle();
    expect(routes.open).toBe(false);
    expect(routes.recording).toBeNull();
    expect(routes.view).toEqual({ kind: 'list' });
    editor.close();
    routes.show();
    expect(routes.open).toBe(false);
  });
});
