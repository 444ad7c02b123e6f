import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { Hit, Target } from './bindings';
import { cardHit, cellHit, headerHit, pointHit } from './canvas/hit';
import { plotBand, scoreY } from './canvas/snap';
import { Editor, POINTED_MS } from './editor.svelte';
import { mapView, settle } from './testing/fixtures';
import { aheadPatch } from './testing/answers';
import { sampleMap } from './testing/maps';
import { Tool, type Picker, type PointerInput } from './tool.svelte';

// The editor opens at 100 % with no pan, so screen px are Scene px in these tests.
async function setup() {
  const backend = new MockBackend({ views: [mapView()] });
  const editor = new Editor(backend, { frame: () => Promise.resolve(), root: null });
  await editor.open('map-1');
  editor.size = { width: 1400, height: 900 };
  return { backend, editor, tool: new Tool(editor), hits: editor.scene!.hits };
}

const at = (x: number, y: number, extra: Partial<PointerInput> = {}): PointerInput => ({
  x,
  y,
  button: 0,
  shift: false,
  ctrl: false,
  ...extra,
});
const mid = (h: Hit) => ({ x: h.x + h.w / 2, y: h.y + h.h / 2 });

/** Press at `from`, move in steps to `to`, release: what a user's drag (or WebDriver's) does. */
async function drag(tool: Tool, from: { x: number; y: number }, to: { x: number; y: number }, extra = {}) {
  tool.down(at(from.x, from.y, extra));
  for (let i = 1; i <= 5; i++) tool.move(at(from.x + ((to.x - from.x) * i) / 5, from.y + ((to.y - from.y) * i) / 5, extra));
  return tool.up();
}

describe('Tool: cards', () => {
  it('drags a card into another cell below its card and sends one move_card', async () => {
    const { backend, tool, hits } = await setup();
    const a3 = cardHit(hits, 'a3')!;
    // Dropped under a3 in s2: one card (a3) is above, so in_cell 1.
    await drag(tool, mid(cardHit(hits, 'a1')!), { x: a3.x + 20, y: a3.y + a3.h + 6 });
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'move_card', id: 'a1', stage: 's2', lane: 'l-act', place: { in_cell: 1 } },
    ]);
  });

  it('lays out the drop where the card rests, and shows it at the release before Rust answers', async () => {
    const { backend, editor, tool, hits } = await setup();
    backend.answerAhead = (args, view) => ({ base: view.rev, looks: args.edits.map(() => []), patches: args.edits.map((e) => aheadPatch(view, e)) });
    const a3 = cardHit(hits, 'a3')!;
    const from = mid(cardHit(hits, 'a1')!);
    const to = { x: a3.x + 20, y: a3.y + a3.h + 6 };
    tool.down(at(from.x, from.y));
    for (let i = 1; i <= 5; i++) tool.move(at(from.x + ((to.x - from.x) * i) / 5, from.y + ((to.y - from.y) * i) / 5));
    // The pointer rests over the place: Rust lays the drop out there.
    await new Promise((done) => setTimeout(done, POINTED_MS + 20));
    await settle();
    const drop = { type: 'move_card', id: 'a1', stage: 's2', lane: 'l-act', place: { in_cell: 1 } };
    expect(backend.callsOf('cards_ahead').map((c) => c.args.edits)).toEqual([[drop]]);
    backend.pause();
    const stored = tool.up();
    // At the release, the card is where it was dropped, before Rust has stored it.
    expect(editor.map?.cards.find((c) => c.id === 'a1')).toMatchObject({ stage: 's2', lane: 'l-act' });
    backend.resume();
    expect(await stored).toBe(true);
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([drop]);
  });

  it('shows the ghost and the drop target while dragging, and Esc cancels without an edit', async () => {
    const { backend, tool, hits } = await setup();
    const from = mid(cardHit(hits, 'a1')!);
    const target = mid(cellHit(hits, 's3', 'l-act')!);
    tool.down(at(from.x, from.y));
    tool.move(at(target.x, target.y));
    expect(tool.gesture).toMatchObject({ kind: 'card', id: 'a1', drop: { stage: 's3', lane: 'l-act', index: 0 } });
    expect(tool.cancel()).toBe(true);
    await tool.up();
    expect(tool.gesture.kind).toBe('idle');
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('a click selects without sending; a drop where the card already is sends nothing', async () => {
    const { backend, editor, tool, hits } = await setup();
    const a2 = mid(cardHit(hits, 'a2')!);
    tool.down(at(a2.x, a2.y));
    tool.move(at(a2.x + 2, a2.y + 1));
    await tool.up();
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a2'] });
    await drag(tool, a2, { x: a2.x + 30, y: a2.y + 2 });
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('adds and removes cards with Shift or Ctrl held', async () => {
    const { editor, tool, hits } = await setup();
    for (const [id, extra] of [
      ['a1', {}],
      ['a3', { shift: true }],
      ['t1', { ctrl: true }],
      ['a1', { shift: true }],
    ] as const) {
      const p = mid(cardHit(hits, id)!);
      tool.down(at(p.x, p.y, extra));
      await tool.up();
    }
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a3', 't1'] });
  });

  it('selects with a rubber band dragged from an empty spot of a cell', async () => {
    const { backend, editor, tool, hits } = await setup();
    const cell = cellHit(hits, 's1', 'l-act')!;
    const a3 = cardHit(hits, 'a3')!;
    // From the empty bottom-left corner of cell s1 up over a1 and a2, then on right into a3 in s2.
    const start = { x: cell.x + 2, y: cell.y + cell.h - 2 };
    tool.down(at(start.x, start.y));
    tool.move(at(cell.x + 100, cell.y + 12));
    expect(tool.band).not.toBeNull();
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a1', 'a2'] });
    tool.move(at(a3.x + 10, cell.y + 12));
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a1', 'a2', 'a3'] });
    await tool.up();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });
});

describe('Tool: emotion points', () => {
  it('drags a point to the nearest score and sends set_score for its card', async () => {
    const { backend, editor, tool, hits } = await setup();
    const face = mid(cardHit(hits, 'e1')!);
    const band = plotBand(editor.scene!.items, pointHit(hits, 's1', 'l-emo')!);
    // e1 is at +1; let go a little off the −1 line.
    await drag(tool, face, { x: face.x + 5, y: scoreY(band, -1) + 6 });
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'set_score', lane: 'l-emo', stage: 's1', score: -1, card_id: 'e1' },
    ]);
  });

  it('takes a drag anywhere in the stage\'s column, and makes the point of an empty one', async () => {
    const { backend, editor, tool, hits } = await setup();
    const region = pointHit(hits, 's3', 'l-emo')!;
    const band = plotBand(editor.scene!.items, region);
    // s3 has no emotion card yet: the drag ends near +1, and set_score names the card to make.
    await drag(tool, { x: region.x + 40, y: region.y + region.h - 10 }, { x: region.x + 60, y: scoreY(band, 1) - 4 });
    const sent = backend.callsOf('apply_edit')[0]?.args.edit;
    expect(sent).toMatchObject({ type: 'set_score', lane: 'l-emo', stage: 's3', score: 1 });
    const id = sent?.type === 'set_score' ? sent.card_id : '';
    expect(id).toMatch(/^c-[0-9a-z]{12}$/);
    expect(editor.map?.cards.find((c) => c.id === id)).toMatchObject({ stage: 's3', lane: 'l-emo', score: 1 });
    expect(editor.selection).toEqual({ kind: 'cards', ids: [id] });
  });

  it('sends nothing when the point ends at its own score', async () => {
    const { backend, tool, hits } = await setup();
    const face = mid(cardHit(hits, 'e2')!);
    await drag(tool, face, { x: face.x, y: face.y + 8 });
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });
});

/** The sample map with two personas; Leo has a point of his own at s1. */
function personasMap() {
  const map = sampleMap();
  map.personas = [
    { id: 'p-ana', name: 'Ana' },
    { id: 'p-leo', name: 'Leo' },
  ];
  map.cards.push({ id: 'leo1', stage: 's1', lane: 'l-emo', text: 'Prisa', score: -2, persona: 'p-leo' });
  return map;
}

async function setupPersonas() {
  const backend = new MockBackend({ views: [mapView(personasMap())] });
  const editor = new Editor(backend, { frame: () => Promise.resolve(), root: null });
  await editor.open('map-1');
  editor.size = { width: 1400, height: 900 };
  return { backend, editor, tool: new Tool(editor) };
}

describe('Tool: several personas\' curves', () => {
  it('drags a face on its own curve: Leo\'s point moves, the general one stays', async () => {
    const { backend, editor, tool } = await setupPersonas();
    const hits = editor.scene!.hits;
    const leo = mid(cardHit(hits, 'leo1')!);
    const band = plotBand(editor.scene!.items, pointHit(hits, 's1', 'l-emo')!);
    await drag(tool, leo, { x: leo.x, y: scoreY(band, 0) });
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([
      { type: 'set_score', lane: 'l-emo', stage: 's1', score: 0, card_id: 'leo1', persona: 'p-leo' },
    ]);
    expect(editor.map?.cards.find((c) => c.id === 'e1')?.score).toBe(1);
    expect(editor.map?.cards.find((c) => c.id === 'leo1')?.score).toBe(0);
  });

  it('shows one persona\'s journey, and a drag in a column goes to that persona\'s curve', async () => {
    const { backend, editor, tool } = await setupPersonas();
    await editor.setPersonaFilter('p-ana');
    expect(backend.callsOf('set_persona_filter').map((c) => c.args)).toEqual([{ id: 'map-1', persona: 'p-ana' }]);
    expect(editor.view?.persona).toBe('p-ana');
    // Leo's point is not drawn in Ana's journey; the general curve is.
    expect(cardHit(editor.scene!.hits, 'leo1')).toBeUndefined();
    expect(cardHit(editor.scene!.hits, 'e1')).toBeDefined();
    const region = pointHit(editor.scene!.hits, 's2', 'l-emo')!;
    const band = plotBand(editor.scene!.items, region);
    await drag(tool, { x: region.x + 30, y: region.y + region.h - 10 }, { x: region.x + 30, y: scoreY(band, 2) });
    const sent = backend.callsOf('apply_edit')[0]?.args.edit;
    // Ana has no point at s2: a new card on her curve, beside the general point e2.
    expect(sent).toMatchObject({ type: 'set_score', stage: 's2', score: 2, persona: 'p-ana' });
    expect(sent).not.toHaveProperty('to_be');
    expect(editor.map?.cards.find((c) => c.id === 'e2')?.score).toBe(-1);
  });

  it('puts new points on the to-be curve when it is chosen', async () => {
    const { backend, editor, tool } = await setupPersonas();
    await editor.setPersonaFilter('p-leo');
    editor.drawToBe = true;
    expect(editor.activeCurve).toEqual({ persona: 'p-leo', toBe: true });
    const region = pointHit(editor.scene!.hits, 's1', 'l-emo')!;
    const band = plotBand(editor.scene!.items, region);
    // Leo's as-is point is at s1, but his to-be curve has none there yet.
    await drag(tool, { x: region.x + 10, y: region.y + region.h - 10 }, { x: region.x + 10, y: scoreY(band, 1) });
    const sent = backend.callsOf('apply_edit')[0]?.args.edit;
    expect(sent).toMatchObject({ type: 'set_score', stage: 's1', score: 1, persona: 'p-leo', to_be: true });
    expect(sent?.type === 'set_score' && sent.card_id).not.toBe('leo1');
    expect(editor.map?.cards.find((c) => c.id === 'leo1')?.score).toBe(-2);
  });
});

describe('Tool: stages and lanes', () => {
  it('drags a stage header along the row and sends move_stage', async () => {
    const { backend, tool, hits } = await setup();
    const s3 = headerHit(hits, 'stage', 's3')!;
    await drag(tool, mid(headerHit(hits, 'stage', 's1')!), { x: s3.x + s3.w - 10, y: s3.y + 10 });
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'move_stage', id: 's1', index: 2 }]);
  });

  it('drags a lane title down the column and sends move_lane', async () => {
    const { backend, tool, hits } = await setup();
    const emo = headerHit(hits, 'lane', 'l-emo')!;
    await drag(tool, mid(headerHit(hits, 'lane', 'l-act')!), { x: 60, y: emo.y + emo.h - 5 });
    expect(backend.callsOf('apply_edit').map((c) => c.args.edit)).toEqual([{ type: 'move_lane', id: 'l-act', index: 2 }]);
  });
});

describe('Tool: panning and double-click', () => {
  it('pans when dragging empty paper, or anywhere with Space held, without an edit', async () => {
    const { backend, editor, tool, hits } = await setup();
    // Paper below the title band, left of the stage row: no region there.
    await drag(tool, { x: 20, y: 130 }, { x: 10, y: 100 });
    expect(editor.viewport).toEqual({ zoom: 1, x: -10, y: -30 });
    tool.space = true;
    await drag(tool, mid(cardHit(hits, 'a1')!), { x: 300, y: 300 });
    expect(editor.viewport.x).not.toBe(-10);
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('opens the text editor for a double-clicked card or for a new card in an empty cell', async () => {
    const { editor, tool, hits } = await setup();
    const a1 = mid(cardHit(hits, 'a1')!);
    tool.doubleClick(a1);
    expect(editor.editing).toMatchObject({ card: 'a1', original: 'Huele el pan al pasar' });
    const empty = mid(cellHit(hits, 's3', 'l-tp')!);
    tool.doubleClick(empty);
    expect(editor.editing).toMatchObject({ card: null, stage: 's3', lane: 'l-tp' });
  });

  it('starts a new emotion point at the score under the double-click', async () => {
    const { editor, tool, hits } = await setup();
    const region = pointHit(hits, 's3', 'l-emo')!;
    const band = plotBand(editor.scene!.items, region);
    tool.doubleClick({ x: region.x + 50, y: scoreY(band, 2) + 3 });
    expect(editor.editing).toMatchObject({ card: null, stage: 's3', lane: 'l-emo', score: 2 });
  });

  it('finds the stage under a stuck header row after panning down', async () => {
    const { editor, tool, hits } = await setup();
    editor.setViewport({ zoom: 1, x: 0, y: -400 });
    const s2 = headerHit(hits, 'stage', 's2')!;
    // The row is drawn at the top of the canvas now; a press there is on the stage it shows.
    expect(tool.locate({ x: s2.x + 10, y: 30 }).hit?.target).toEqual({ kind: 'stage', id: 's2' });
  });
});

// --- route (picking cards while a route is recorded) ---
describe('Tool: picking', () => {
  /** A picker that records what it was given and takes only touchpoint cards. */
  function picker() {
    const picked: (Target | null)[] = [];
    const p: Picker = {
      pick: (t) => picked.push(t),
      accepts: (t) => t?.kind === 'card' && t.id.startsWith('t'),
      key: () => false,
    };
    return { p, picked };
  }

  it('hands a clicked card to the picker instead of selecting or dragging it', async () => {
    const { editor, tool, hits, backend } = await setup();
    const { p, picked } = picker();
    tool.picker = p;
    const t1 = mid(cardHit(hits, 't1')!);
    tool.down(at(t1.x, t1.y));
    expect(tool.gesture.kind).toBe('pick');
    await tool.up();
    expect(picked).toEqual([{ kind: 'card', id: 't1' }]);
    // Nothing was selected, so nothing else (Delete, the inspector) acts on the card.
    expect(editor.selection).toEqual({ kind: 'none' });
    // Empty paper is a pick of nothing: the picker says why it is not a step.
    tool.down(at(5, 5));
    await tool.up();
    expect(picked.at(-1)).toBeNull();
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
  });

  it('pans on a drag while picking, picks nothing then, and leaves double-click alone', async () => {
    const { editor, tool, hits, backend } = await setup();
    const { p, picked } = picker();
    tool.picker = p;
    const a1 = mid(cardHit(hits, 'a1')!);
    await drag(tool, a1, { x: a1.x + 40, y: a1.y + 30 });
    expect(picked).toEqual([]);
    expect(editor.viewport).toMatchObject({ x: 40, y: 30 });
    // A card drag would have sent a move_card.
    expect(backend.callsOf('apply_edit')).toHaveLength(0);
    tool.doubleClick(mid(cardHit(editor.scene!.hits, 'a1')!));
    expect(editor.editing).toBeNull();
  });

  it('works as before once the picker is gone', async () => {
    const { editor, tool, hits } = await setup();
    tool.picker = picker().p;
    tool.picker = null;
    const a1 = mid(cardHit(hits, 'a1')!);
    tool.down(at(a1.x, a1.y));
    await tool.up();
    expect(editor.selection).toEqual({ kind: 'cards', ids: ['a1'] });
  });
});
// --- end route ---
