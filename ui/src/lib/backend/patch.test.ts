import { describe, expect, it, vi } from 'vitest';
import type { Card, Hit, Item, MapView, ViewPatch } from '../bindings';
import { mapView } from '../testing/fixtures';
import { applyList, applyViewPatch, provenance, provenanceAlong, sameScene, shiftDown, stepLink, ViewCache } from './patch';

const keep = (start: number, length: number) => ({ keep: [start, length] as [number, number] });

describe('applyList', () => {
  it('puts kept runs and new items together in order', () => {
    const old = ['a', 'b', 'c', 'd', 'e'];
    expect(applyList(old, { runs: [keep(3, 2), { add: ['x'] }, keep(0, 2)] })).toEqual(['d', 'e', 'x', 'a', 'b']);
    expect(applyList(old, { runs: [] })).toEqual([]);
    expect(applyList([], { runs: [{ add: ['n'] }] })).toEqual(['n']);
  });

  it('keeps the very objects of the old list', () => {
    const old = [{ n: 1 }, { n: 2 }];
    const out = applyList(old, { runs: [keep(1, 1), { add: [{ n: 3 }] }, keep(0, 1)] })!;
    expect(out[0]).toBe(old[1]);
    expect(out[2]).toBe(old[0]);
  });

  it('refuses a run outside the old list', () => {
    expect(applyList(['a'], { runs: [keep(0, 2)] })).toBeNull();
    expect(applyList(['a'], { runs: [keep(-1, 1)] })).toBeNull();
    expect(applyList(['a'], { runs: [{ moved: [0, 2], dy: 4 }] }, (s) => s)).toBeNull();
  });

  it('moves runs of Scene items down, and nothing else', () => {
    const items: Item[] = [
      { type: 'rect', x: 10, y: 20, w: 100, h: 40, r: 8, fill: '#FFFFFF', stroke_width: 1 },
      { type: 'text', x: 16, y: 44.25, w: 80, text: 'Señal débil', size: 13, weight: 400, color: '#1F2933', rtl: false },
      { type: 'path', d: 'M0 0 L10 10', stroke_width: 2, dash: [] },
    ];
    const out = applyList(items, { runs: [keep(2, 1), { moved: [0, 2], dy: 82.5 }] }, shiftDown)!;
    expect(out[0]).toBe(items[2]);
    expect(out[1]).toEqual({ ...items[0], y: 102.5 });
    expect(out[2]).toEqual({ ...items[1], y: 126.75 });
    // The old items are left as they were.
    expect(items[1]!.type === 'text' && items[1]!.y).toBe(44.25);
    // A path carries its places in its data: it never comes moved.
    expect(applyList(items, { runs: [{ moved: [2, 1], dy: 10 }] }, shiftDown)).toBeNull();
    // A list with nothing to move (cards) refuses a moved run.
    expect(applyList(['a'], { runs: [{ moved: [0, 1], dy: 1 }] })).toBeNull();
  });

  it('moves every kind of item with every field it has, and no field it lacks', () => {
    const items: Exclude<Item, { type: 'path' }>[] = [
      { type: 'rect', x: 10, y: 20, w: 100, h: 40, r: 8, fill: '#FFFFFF', stroke: '#D0D5DD', stroke_width: 1 },
      { type: 'rect', x: 10, y: 20, w: 100, h: 40, r: 0, stroke_width: 0 },
      { type: 'text', x: 16, y: 44.25, w: 80, text: 'Señal débil', size: 13, weight: 400, color: '#1F2933', rtl: false },
      { type: 'text', x: 16, y: 44.25, w: 80, text: 'שלום', size: 13, weight: 700, color: '#1F2933', rtl: true, face: 'serif' },
      { type: 'icon', name: 'whatsapp', x: 4, y: 8, size: 16, color: '#475467' },
      { type: 'image', x: 4, y: 8, w: 64, h: 64, href: 'data:image/png;base64,AAAA', round: true },
    ];
    for (const item of items) expect(shiftDown(item, 12.25)).toStrictEqual({ ...item, y: item.y + 12.25 });
  });

  it('moves hit regions with their cards', () => {
    const hit: Hit = { target: { kind: 'card', id: 'c1' }, x: 1, y: 2, w: 3, h: 4 };
    expect(shiftDown(hit, -2)).toStrictEqual({ ...hit, y: 0 });
  });
});

/** A patch that changes the text of the map's first card, made by hand as Rust would. */
function textPatch(base: MapView, rev: number, text: string): ViewPatch {
  const cards = base.map.cards;
  const changed: Card = { ...cards[0]!, text };
  const { cards: _cards, personas: _personas, ...rest } = base.map;
  const { items, hits, ...frame } = base.scene;
  return {
    id: base.id,
    base: base.rev,
    rev,
    map: { rest: { ...rest, cards: [] }, cards: { runs: [{ add: [changed] }, keep(1, cards.length - 1)] } },
    scene: { frame: { ...frame, items: [], hits: [] }, items: { runs: [keep(0, items.length)] }, hits: { runs: [keep(0, hits.length)] } },
    history: { can_undo: true, can_redo: false, undo: null, redo: null },
    hidden_routes: [],
    persona: null,
  };
}

describe('applyViewPatch', () => {
  it('makes the new view from its base, reusing what did not change', () => {
    const base = { ...mapView(), rev: 7 };
    const next = applyViewPatch(base, textPatch(base, 8, 'Señal débil: ¿duda? ñandú €'))!;
    expect(next.rev).toBe(8);
    expect(next.map.cards[0]!.text).toBe('Señal débil: ¿duda? ñandú €');
    expect(next.map.cards.length).toBe(base.map.cards.length);
    expect(next.map.cards[1]).toBe(base.map.cards[1]);
    expect(next.scene.items.every((item, i) => item === base.scene.items[i])).toBe(true);
    expect(next.map.title).toBe(base.map.title);
    expect(next.history.can_undo).toBe(true);
    expect('personas' in next.map).toBe(false);
  });

  it('tells where the new items came from, for the last step only', () => {
    const base = { ...mapView(), rev: 7 };
    const next = applyViewPatch(base, textPatch(base, 8, 'uno'))!;
    const n = base.scene.items.length;
    expect(provenance(next.scene.items)).toEqual({ base: base.scene.items, runs: [{ at: 0, from: 0, length: n, dy: 0 }] });
    const last = applyViewPatch(next, textPatch(next, 9, 'dos'))!;
    expect(provenance(last.scene.items)?.base).toBe(next.scene.items);
    // The step before is forgotten, so the lists of older views are not kept alive through it.
    expect(provenance(next.scene.items)).toBeUndefined();
  });

  it('refuses a patch made for another view', () => {
    const base = { ...mapView(), rev: 7 };
    expect(applyViewPatch({ ...base, rev: 6 }, textPatch(base, 8, 'x'))).toBeNull();
    expect(applyViewPatch({ ...base, id: 'other' }, textPatch(base, 8, 'x'))).toBeNull();
  });
});

describe('ViewCache', () => {
  it('applies patches to the view they name, even out of order', async () => {
    const cache = new ViewCache();
    const first = cache.remember({ ...mapView(), rev: 1 });
    const whole = vi.fn(async () => first);
    const second = await cache.resolve({ kind: 'patch', patch: textPatch(first, 2, 'dos') }, whole);
    // An answer based on the first view that arrives after the second.
    const late = await cache.resolve({ kind: 'patch', patch: textPatch(first, 3, 'tres') }, whole);
    const third = await cache.resolve({ kind: 'patch', patch: textPatch(second, 4, 'cuatro') }, whole);
    expect([second, late, third].map((v) => v.map.cards[0]!.text)).toEqual(['dos', 'tres', 'cuatro']);
    expect(whole).not.toHaveBeenCalled();
  });

  it('keeps the Scene of the view drawn ahead of an answer that draws the same one, and only then', async () => {
    const cache = new ViewCache();
    const first = cache.remember({ ...mapView(), rev: 1 });
    const whole = vi.fn(async () => first);
    // Laid out ahead by Rust: the same change, numbered 0.
    const patch = textPatch(first, 0, 'dos');
    const drawn = applyViewPatch(first, patch)!;
    const answer = await cache.resolve({ kind: 'patch', patch: textPatch(first, 2, 'dos') }, whole, { patch, view: drawn });
    expect(answer.rev).toBe(2);
    expect(answer.scene).toBe(drawn.scene);
    expect(answer.history.can_undo).toBe(true);
    // The next answer is a patch of it, made from the lists that were drawn.
    const next = await cache.resolve({ kind: 'patch', patch: textPatch(answer, 3, 'tres') }, whole);
    expect(provenance(next.scene.items)?.base).toBe(drawn.scene.items);

    // Another Scene, or nothing drawn yet: the answer's own.
    const wider = { ...patch, scene: { ...patch.scene, frame: { ...patch.scene.frame, width: patch.scene.frame.width + 1 } } };
    const other = await cache.resolve({ kind: 'patch', patch: textPatch(next, 4, 'x') }, whole, {
      patch: { ...wider, base: next.rev },
      view: drawn,
    });
    expect(other.scene).not.toBe(drawn.scene);
    const notYet = await cache.resolve({ kind: 'patch', patch: textPatch(other, 5, 'y') }, whole, { patch: textPatch(other, 0, 'y'), view: null });
    expect(notYet.scene).not.toBe(drawn.scene);
    expect(whole).not.toHaveBeenCalled();
  });

  it('asks for the whole view when the base is not known', async () => {
    const cache = new ViewCache();
    const known = { ...mapView(), rev: 20 };
    const whole = vi.fn(async () => known);
    const view = await cache.resolve({ kind: 'patch', patch: textPatch({ ...mapView(), rev: 5 }, 6, 'x') }, whole);
    expect(whole).toHaveBeenCalledOnce();
    expect(view).toBe(known);
    // Whole answers are taken as they come.
    const full = { ...mapView(), rev: 30 };
    expect(await cache.resolve({ kind: 'full', view: full }, whole)).toBe(full);
  });
});

describe('a view shown again (an undo drawn at the key)', () => {
  const rect = (y: number): Item => ({ type: 'rect', x: 0, y, w: 10, h: 8, r: 0, stroke_width: 0, fill: '#ffffff' });
  /** A view whose Scene is four boxes, 10 apart. */
  const boxes = (rev: number): MapView => {
    const view = mapView();
    return { ...view, rev, scene: { ...view.scene, items: [0, 10, 20, 30].map(rect), hits: [] } };
  };
  /** A patch of `base`'s Scene items (the map and the rest kept). */
  function itemsPatch(base: MapView, rev: number, runs: ViewPatch['scene']['items']['runs']): ViewPatch {
    const { cards: _cards, personas: _personas, ...rest } = base.map;
    const { items: _items, hits: _hits, ...frame } = base.scene;
    return {
      id: base.id,
      base: base.rev,
      rev,
      map: { rest: { ...rest, cards: [] }, cards: { runs: [keep(0, base.map.cards.length)] } },
      scene: { frame: { ...frame, items: [], hits: [] }, items: { runs }, hits: { runs: [] } },
      history: base.history,
      hidden_routes: [],
      persona: null,
    };
  }
  // The second box taken away, the two under it moved up into its place.
  const deletion = (base: MapView) => itemsPatch(base, 2, [keep(0, 1), { moved: [2, 2], dy: -10 }]);

  it('says how the view before a patch comes from the view after it, and back again, after the lists forgot', () => {
    const before = boxes(1);
    const after = applyViewPatch(before, deletion(before))!;
    expect(after.scene.items.map((i) => (i.type === 'rect' ? i.y : null))).toEqual([0, 10, 20]);
    const link = stepLink(before.scene.items, after.scene.items)!;
    expect(link.runs).toEqual(provenance(after.scene.items)!.runs);
    // A later patch forgets how `after` was made; the link still knows.
    applyViewPatch(after, itemsPatch(after, 3, [keep(0, 3)]));
    expect(provenance(after.scene.items)).toBeUndefined();
    // An undo: the view before, from the one after, the runs turned round.
    provenanceAlong(link, after.scene.items, before.scene.items);
    expect(provenance(before.scene.items)).toEqual({
      base: after.scene.items,
      runs: [
        { at: 0, from: 0, length: 1, dy: 0 },
        { at: 2, from: 1, length: 2, dy: 10 },
      ],
    });
    // A redo: the view after, from the one before, the runs as they were.
    provenanceAlong(link, before.scene.items, after.scene.items);
    expect(provenance(after.scene.items)).toEqual({ base: before.scene.items, runs: link.runs });
    // Lists the link does not join: nothing is said.
    const other = [rect(5)];
    provenanceAlong(link, after.scene.items, other);
    expect(provenance(other)).toBeUndefined();
    expect(stepLink(other, after.scene.items)).toBeUndefined();
  });

  it('tells Scenes that draw the same from those that do not', () => {
    const a = boxes(1).scene;
    const copy = { ...a, items: a.items.map((i) => ({ ...i })) };
    expect(sameScene(a, copy)).toBe(true);
    expect(sameScene(a, { ...copy, items: [...copy.items.slice(0, 3), rect(31)] })).toBe(false);
    expect(sameScene(a, { ...copy, items: copy.items.slice(0, 3) })).toBe(false);
    expect(sameScene(a, { ...copy, height: a.height + 1 })).toBe(false);
  });

  it('keeps the Scene drawn at the key when the answer draws the same, and only then', async () => {
    const cache = new ViewCache();
    const before = boxes(1);
    const after = cache.remember(applyViewPatch(before, deletion(before))!);
    const whole = vi.fn(async () => after);
    // The undo's answer: the box back, the two under it moved down again.
    const undo = (rev: number, dy: number) =>
      itemsPatch(after, rev, [keep(0, 1), { add: [rect(10)] }, { moved: [1, 2], dy }]);
    const answer = await cache.resolve({ kind: 'patch', patch: undo(3, 10) }, whole, { patch: null, view: before });
    expect(answer.rev).toBe(3);
    expect(answer.scene).toBe(before.scene);
    // An answer that draws otherwise (a box a pixel lower) is drawn as it comes.
    const other = await cache.resolve({ kind: 'patch', patch: undo(4, 11) }, whole, { patch: null, view: before });
    expect(other.scene).not.toBe(before.scene);
    expect(whole).not.toHaveBeenCalled();
  });
});
