import { describe, expect, it } from 'vitest';
import { applyViewPatch } from '../backend/patch';
import type { Item, ListPatch, MapView, Scene } from '../bindings';
import { bigMap } from '../testing/bigmap';
import { mapView } from '../testing/fixtures';
import { buildDrawing, cardItems, FIELDS, movedBy, sameItem, type Drawing } from './segments';

const rect = (x: number, y: number, w: number, h: number, fill = '#FFFFFF'): Item => ({
  type: 'rect',
  x,
  y,
  w,
  h,
  r: 8,
  fill,
  stroke_width: 0,
});
const text = (x: number, y: number, t: string): Item => ({
  type: 'text',
  x,
  y,
  w: 50,
  text: t,
  size: 13,
  weight: 400,
  color: '#1F2933',
  rtl: false,
});

// A cell background, two cards (box, icon, text), an emotion face path and a route connector
// drawn after the cards, in paint order as the layout emits them.
function scene(): Scene {
  return {
    width: 800,
    height: 600,
    background: '#FFFFFF',
    items: [
      rect(248, 212, 248, 146, '#F8F9FA'),
      rect(256, 220, 232, 62),
      { type: 'icon', name: 'web', x: 266, y: 230, size: 16, color: '#1098AD' },
      text(266, 267, 'first'),
      rect(256, 290, 232, 38),
      text(266, 313, 'second'),
      { type: 'path', d: 'M600 400 C600 408 608 414 616 414 Z', fill: '#F59F00', stroke_width: 0, dash: [] },
      { type: 'path', d: 'M488 251 C520 251 520 309 488 309', stroke: '#1971C2', stroke_width: 3, dash: [] },
    ],
    hits: [
      { target: { kind: 'cell', stage: 's1', lane: 'l1' }, x: 248, y: 212, w: 248, h: 146 },
      { target: { kind: 'card', id: 'c1' }, x: 256, y: 220, w: 232, h: 62 },
      { target: { kind: 'card', id: 'c2' }, x: 256, y: 290, w: 232, h: 38 },
      { target: { kind: 'card', id: 'face' }, x: 584, y: 384, w: 32, h: 32 },
    ],
    warnings: [],
    min_font_size: 13,
    grid_left: 248,
    grid_top: 212,
  };
}

/** The scene with every card from `from` on moved down by `dy`, items and hit regions (as after a row above grew). */
function movedDown(base: Scene, dy: number): Scene {
  const moved = <T extends { y: number }>(v: T): T => ({ ...v, y: v.y + dy });
  return {
    ...base,
    items: base.items.map((item, i) => (i >= 1 && i <= 5 && item.type !== 'path' ? moved(item) : item)),
    hits: base.hits.map((h) => (h.target.kind === 'card' && h.target.id !== 'face' ? moved(h) : h)),
  };
}

describe('movedBy', () => {
  it('tells how far a run of items moved down when nothing else changed', () => {
    const a = [rect(0, 10, 50, 20), text(4, 24, 'uno')];
    expect(movedBy(a, [rect(0, 92, 50, 20), text(4, 106, 'uno')])).toBe(82);
    expect(movedBy(a, [rect(0, -10, 50, 20), text(4, 4, 'uno')])).toBe(-20);
    expect(movedBy(a, a)).toBeNull();
    // Not all by the same distance, something else changed, or a different run.
    expect(movedBy(a, [rect(0, 92, 50, 20), text(4, 107, 'uno')])).toBeNull();
    expect(movedBy(a, [rect(0, 92, 50, 20), text(4, 106, 'dos')])).toBeNull();
    expect(movedBy(a, [rect(1, 92, 50, 20), text(4, 106, 'uno')])).toBeNull();
    expect(movedBy(a, [rect(0, 92, 50, 20)])).toBeNull();
  });
});

describe('buildDrawing', () => {
  it('keeps the drawn items of a card that only moved down, with how far it moved', () => {
    const first = buildDrawing(scene());
    const c1 = first.byCard.get('c1')!;
    expect(c1.drawn).toBe(c1.items);
    expect(c1.dy).toBe(0);
    const second = buildDrawing(movedDown(scene(), 82), first);
    const moved = second.byCard.get('c1')!;
    expect(moved).not.toBe(c1);
    expect(moved.drawn).toBe(c1.drawn);
    expect(moved.dy).toBe(82);
    expect(moved.items[0]).toMatchObject({ type: 'rect', y: 302 });
    expect(moved.box.y).toBe(c1.box.y + 82);
    // Moved again: still the first drawing, moved by the sum.
    const third = buildDrawing(movedDown(movedDown(scene(), 82), -2), second);
    expect(third.byCard.get('c1')!.drawn).toBe(c1.drawn);
    expect(third.byCard.get('c1')!.dy).toBe(80);
    // A card whose text changed is drawn anew.
    const changed = scene();
    changed.items[3] = text(266, 267, 'cambiado');
    const fourth = buildDrawing(changed, first);
    expect(fourth.byCard.get('c1')!.drawn).toBe(fourth.byCard.get('c1')!.items);
    expect(fourth.byCard.get('c1')!.dy).toBe(0);
  });

  it('keeps a mark drawn wholly inside a card (its confidence badge) in the card, a line leaving it out', () => {
    const base = scene();
    const badge: Item = { type: 'path', d: 'M478 236 C478 239 475 242 472 242 C469 242 466 239 466 236 Z', fill: '#FFFFFF', stroke: '#D9480F', stroke_width: 1.6, dash: [] };
    const items = [...base.items.slice(0, 3), badge, ...base.items.slice(3)];
    const d = buildDrawing({ ...base, items });
    expect(cardItems(d, 'c1').map((i) => i.type)).toEqual(['rect', 'icon', 'path', 'text']);
    // The route's connector starts at c1's edge and leaves it: its own segment, as before.
    expect(d.segments.map((s) => s.card ?? s.items[0]!.type)).toEqual(['rect', 'c1', 'c2', 'path', 'path']);
  });

  it('groups each card with the items drawn inside its box, keeping the paint order', () => {
    const d = buildDrawing(scene());
    expect(d.segments.map((s) => s.card ?? s.items[0]!.type)).toEqual(['rect', 'c1', 'c2', 'path', 'path']);
    expect(cardItems(d, 'c1').map((i) => i.type)).toEqual(['rect', 'icon', 'text']);
    expect(cardItems(d, 'c2').map((i) => i.type)).toEqual(['rect', 'text']);
    // Flattened again, the segments are exactly the Scene's items.
    expect(d.segments.flatMap((s) => s.items)).toEqual(scene().items);
  });

  it('leaves cards without a box of their own (emotion faces) as loose hit regions', () => {
    expect(buildDrawing(scene()).loose.map((h) => h.target)).toEqual([{ kind: 'card', id: 'face' }]);
  });

  it('keys cards by id and other items by content, so an unchanged item keeps its key', () => {
    // Moving card c2 down changes its items but not its key; the cell background keeps its key too.
    const a = buildDrawing(scene());
    const moved = scene();
    moved.items[4] = rect(256, 300, 232, 38);
    moved.items[5] = text(266, 323, 'second');
    moved.hits[2] = { target: { kind: 'card', id: 'c2' }, x: 256, y: 300, w: 232, h: 38 };
    const b = buildDrawing(moved);
    expect(b.segments.map((s) => s.key)).toEqual(a.segments.map((s) => s.key));
    expect(new Set(a.segments.map((s) => s.key)).size).toBe(a.segments.length);
  });

  it('keeps the objects of unchanged segments and replaces changed ones', () => {
    const a = buildDrawing(scene());
    const moved = scene();
    moved.items[4] = rect(256, 300, 232, 38);
    moved.items[5] = text(266, 323, 'second');
    moved.hits[2] = { target: { kind: 'card', id: 'c2' }, x: 256, y: 300, w: 232, h: 38 };
    const b = buildDrawing(moved, a);
    const byKey = (d: typeof a, key: string) => d.segments.find((s) => s.key === key)!;
    // Same content: the very same object, so the canvas does not touch it.
    expect(byKey(b, 'card:c1')).toBe(byKey(a, 'card:c1'));
    expect(b.segments[0]).toBe(a.segments[0]);
    // Changed: a new object with the new items.
    expect(byKey(b, 'card:c2')).not.toBe(byKey(a, 'card:c2'));
    expect(byKey(b, 'card:c2').items[0]).toEqual(rect(256, 300, 232, 38));
  });

  it('gives identical items distinct keys', () => {
    const s = scene();
    s.items.push(s.items[0]!);
    const keys = buildDrawing(s).segments.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('takes back segments whose items are the same objects (a patched answer), with the same grouping', () => {
    const s = scene();
    const a = buildDrawing(s);
    // As a patch applies: the same item objects, one card's text replaced, one item added twice.
    const items = [...s.items];
    items[5] = text(266, 313, 'segunda, cambiada');
    items.push(items[6]!, items[0]!);
    const b = buildDrawing({ ...s, items }, a);
    expect(b.segments.flatMap((x) => x.items)).toEqual(items);
    expect(b.byCard.get('c1')).toBe(a.byCard.get('c1'));
    expect(b.byCard.get('c2')).not.toBe(a.byCard.get('c2'));
    expect(cardItems(b, 'c2').map((i) => (i.type === 'text' ? i.text : i.type))).toEqual(['rect', 'segunda, cambiada']);
    const keys = b.segments.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    // An item now drawn inside a card's box after it joins that card's group, as in a fresh drawing.
    const inside = [...s.items.slice(0, 4), text(270, 275, 'dentro'), ...s.items.slice(4)];
    const c = buildDrawing({ ...s, items: inside }, a);
    expect(cardItems(c, 'c1').length).toBe(4);
    expect(c.segments.map((x) => x.key)).toEqual(buildDrawing({ ...s, items: inside }).segments.map((x) => x.key));
    // The same rect object, now the box of a card (a card placed exactly there): grouped as that card.
    const cell = s.items[0]!;
    const hits = [...s.hits, { target: { kind: 'card' as const, id: 'c3' }, x: 248, y: 212, w: 248, h: 146 }];
    const d = buildDrawing({ ...s, hits }, a);
    expect(d.byCard.get('c3')?.items[0]).toBe(cell);
    expect(d.segments.map((x) => x.key)).toEqual(buildDrawing({ ...s, hits }).segments.map((x) => x.key));
    // A card whose hit region moved away from its box is grouped anew.
    const away = s.hits.map((h) => (h.target.kind === 'card' && h.target.id === 'c1' ? { ...h, x: 600 } : h));
    const e = buildDrawing({ ...s, hits: away }, a);
    expect(e.byCard.get('c1')).toBeUndefined();
    expect(e.segments.map((x) => x.key)).toEqual(buildDrawing({ ...s, hits: away }).segments.map((x) => x.key));
  });
});

describe('buildDrawing after a patch that moved rows down', () => {
  /** The scene as the page has it, patched as Rust patches it: `items` and `hits` runs. */
  function patched(base: Scene, items: ListPatch<Item>['runs'], hits: ListPatch<Scene['hits'][number]>['runs']): Scene {
    const view: MapView = { ...mapView(), rev: 1, scene: base };
    const { cards: _cards, personas: _personas, ...rest } = view.map;
    const { items: _items, hits: _hits, ...frame } = base;
    const next = applyViewPatch(view, {
      id: view.id,
      base: 1,
      rev: 2,
      map: { rest: { ...rest, cards: [] }, cards: { runs: [{ keep: [0, view.map.cards.length] }] } },
      scene: { frame: { ...frame, items: [], hits: [] }, items: { runs: items }, hits: { runs: hits } },
      history: view.history,
      hidden_routes: [],
      persona: null,
    });
    return next!.scene;
  }
  /** What a drawing made from nothing groups: each segment's card and items. */
  const grouping = (d: Drawing) => d.segments.map((x) => [x.card, x.items]);

  it('moves the groups of the cards that moved whole, keeping what they drew, as a fresh drawing groups them', () => {
    const s = scene();
    const a = buildDrawing(s);
    const next = patched(s, [{ keep: [0, 1] }, { moved: [1, 5], dy: 40 }, { keep: [6, 2] }], [
      { keep: [0, 1] },
      { moved: [1, 2], dy: 40 },
      { keep: [3, 1] },
    ]);
    const b = buildDrawing(next, a);
    expect(grouping(b)).toEqual(grouping(buildDrawing(next)));
    expect(b.segments.flatMap((x) => x.items)).toEqual(next.items);
    const c1 = b.byCard.get('c1')!;
    expect(c1.items[0]).toBe(next.items[1]);
    expect(c1.drawn).toBe(a.byCard.get('c1')!.drawn);
    expect(c1.dy).toBe(40);
    expect(c1.box.y).toBe(a.byCard.get('c1')!.box.y + 40);
    expect(b.byCard.get('c2')!.dy).toBe(40);
    // Moved again: the distances add up; what it drew is still the first drawing.
    const again = buildDrawing(
      patched(next, [{ keep: [0, 1] }, { moved: [1, 5], dy: -12.5 }, { keep: [6, 2] }], [
        { keep: [0, 1] },
        { moved: [1, 2], dy: -12.5 },
        { keep: [3, 1] },
      ]),
      b,
    );
    expect(again.byCard.get('c1')!.dy).toBe(27.5);
    expect(again.byCard.get('c1')!.drawn).toBe(a.byCard.get('c1')!.drawn);
  });

  it('checks a kept group against what follows its run and against other cards in the same place, as a fresh drawing does', () => {
    const s = scene();
    const a = buildDrawing(s);
    // The first card moved whole, then a new item inside its moved box: it joins the card.
    const joined = patched(s, [{ keep: [0, 1] }, { moved: [1, 3], dy: 40 }, { add: [text(270, 315, 'dentro')] }, { moved: [4, 2], dy: 40 }, { keep: [6, 2] }], [
      { keep: [0, 1] },
      { moved: [1, 2], dy: 40 },
      { keep: [3, 1] },
    ]);
    const b = buildDrawing(joined, a);
    expect(grouping(b)).toEqual(grouping(buildDrawing(joined)));
    expect(cardItems(b, 'c1').map((i) => (i.type === 'text' ? i.text : i.type))).toEqual(['rect', 'icon', 'first', 'dentro']);
    // Another card's hit region, earlier in the list, now exactly the first card's moved box: that card takes the group.
    const twin = { target: { kind: 'card' as const, id: 'c9' }, x: 256, y: 260, w: 232, h: 62 };
    const shared = patched(s, [{ keep: [0, 1] }, { moved: [1, 5], dy: 40 }, { keep: [6, 2] }], [
      { keep: [0, 1] },
      { add: [twin] },
      { moved: [1, 2], dy: 40 },
      { keep: [3, 1] },
    ]);
    const c = buildDrawing(shared, a);
    expect(grouping(c)).toEqual(grouping(buildDrawing(shared)));
    expect(c.byCard.get('c9')?.items.length).toBe(3);
    expect(c.byCard.get('c1')).toBeUndefined();
    expect(c.byCard.get('c2')?.dy).toBe(40);
  });

  it('groups anew a card only part of which moved, or whose hit region did not move with it', () => {
    const s = scene();
    const a = buildDrawing(s);
    // The first card's box and icon moved, its text came new: still one group, as fresh.
    const split = patched(s, [{ keep: [0, 1] }, { moved: [1, 2], dy: 40 }, { add: [text(266, 307, 'first')] }, { moved: [4, 2], dy: 40 }, { keep: [6, 2] }], [
      { keep: [0, 1] },
      { moved: [1, 2], dy: 40 },
      { keep: [3, 1] },
    ]);
    const b = buildDrawing(split, a);
    expect(grouping(b)).toEqual(grouping(buildDrawing(split)));
    expect(cardItems(b, 'c1').length).toBe(3);
    // The cards' items moved but not their hit regions: no longer the boxes of cards.
    const stray = patched(s, [{ keep: [0, 1] }, { moved: [1, 5], dy: 40 }, { keep: [6, 2] }], [{ keep: [0, 4] }]);
    const c = buildDrawing(stray, a);
    expect(grouping(c)).toEqual(grouping(buildDrawing(stray)));
    expect(c.byCard.get('c1')).toBeUndefined();
    const keys = c.segments.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('buildDrawing after patches of a large map', () => {
  /** Runs of `base` from `at` on: its paths kept (Rust never moves a path), the rest moved by `dy`. */
  function movedFrom(base: readonly Item[], at: number, dy: number): ListPatch<Item>['runs'] {
    const runs: ListPatch<Item>['runs'] = [];
    let i = at;
    while (i < base.length) {
      const path = base[i]!.type === 'path';
      let j = i;
      while (j < base.length && (base[j]!.type === 'path') === path) j++;
      runs.push(path ? { keep: [i, j - i] } : { moved: [i, j - i], dy });
      i = j;
    }
    return runs;
  }

  it('finds its old groups by place: kept ones are the same objects, moved ones move, as a fresh drawing groups them', () => {
    let view: MapView = mapView(bigMap(1500, 'big'));
    let drawing = buildDrawing(view.scene);
    // A row grew (everything below moved), one shrank back, and a card's items came new in between.
    const steps = [
      { at: 0.1, dy: 8, fresh: 0 },
      { at: 0.5, dy: -8, fresh: 0 },
      { at: 0.3, dy: 20.25, fresh: 3 },
    ];
    for (const { at, dy, fresh } of steps) {
      const items = view.scene.items;
      const hits = view.scene.hits;
      const cut = Math.floor(items.length * at);
      const hitCut = Math.floor(hits.length * at);
      // New copies of a few items where the cut falls (a card's text typed again, say).
      const added = items.slice(cut, cut + fresh).map((item) => structuredClone(item));
      const { items: _i, hits: _h, ...frame } = view.scene;
      const { cards, personas: _p, ...rest } = view.map;
      const next = applyViewPatch(view, {
        id: view.id,
        base: view.rev,
        rev: view.rev + 1,
        map: { rest: { ...rest, cards: [] }, cards: { runs: [{ keep: [0, cards.length] }] } },
        scene: {
          frame: { ...frame, items: [], hits: [] },
          items: { runs: [{ keep: [0, cut] }, { add: added }, ...movedFrom(items, cut + fresh, dy)] },
          hits: { runs: [{ keep: [0, hitCut] }, { moved: [hitCut, hits.length - hitCut], dy }] },
        },
        history: view.history,
        hidden_routes: [],
        persona: null,
      })!;
      const after = buildDrawing(next.scene, drawing);
      const fromNothing = buildDrawing(next.scene);
      // The same groups (a moved item keeps the key it had: its content where it was first drawn).
      expect(after.segments.map((x) => [x.card, x.items])).toEqual(fromNothing.segments.map((x) => [x.card, x.items]));
      expect(new Set(after.segments.map((x) => x.key)).size).toBe(after.segments.length);
      expect(after.segments.map((x) => x.box)).toEqual(fromNothing.segments.map((x) => x.box));
      // Above the cut every group is the very object it was; below, a card's group is moved, not drawn again.
      let kept = 0;
      let moved = 0;
      for (const segment of after.segments) {
        const was = segment.card === null ? undefined : drawing.byCard.get(segment.card);
        if (was === undefined) continue;
        if (segment === was) kept++;
        else if (segment.drawn === was.drawn && segment.dy === was.dy + dy) moved++;
      }
      expect(kept).toBeGreaterThan(0);
      expect(moved).toBeGreaterThan(0);
      expect(kept + moved).toBeGreaterThan(after.byCard.size - 5);
      for (const segment of after.segments.slice(0, 20)) expect(drawing.segments).toContain(segment);
      // Each segment is marked where it starts, and nothing else is.
      let first = 0;
      after.segments.forEach((segment, k) => {
        expect(after.starts[first]).toBe(k + 1);
        for (let j = first + 1; j < first + segment.items.length; j++) expect(after.starts[j]).toBe(0);
        first += segment.items.length;
      });
      view = next;
      drawing = after;
    }
  });
});

describe('drawing index', () => {
  it('knows where each segment is, and each card’s segment and hit region', () => {
    const d = buildDrawing(scene());
    const c1 = d.byCard.get('c1')!;
    expect(c1.items).toBe(cardItems(d, 'c1'));
    // The card's box holds all its items (text from above its baseline).
    expect(c1.box.x).toBeLessThanOrEqual(256);
    expect(c1.box.y).toBeLessThanOrEqual(220);
    expect(c1.box.x + c1.box.w).toBeGreaterThanOrEqual(488);
    expect(d.cardHits.get('face')).toEqual({ target: { kind: 'card', id: 'face' }, x: 584, y: 384, w: 32, h: 32 });
    // The other hit regions, in the Scene's order, without the cards'.
    expect(d.others).toEqual([scene().hits[0]]);
    expect(d.loose.map((h) => (h.target.kind === 'card' ? h.target.id : ''))).toEqual(['face']);
    // At the emotion face: its path and nothing else.
    const near = d.index.query({ x: 605, y: 405, w: 4, h: 4 }).map((i) => d.segments[i]!);
    expect(near.map((s) => s.items[0]!.type)).toEqual(['path']);
    const cell = d.index.query({ x: 300, y: 300, w: 1, h: 1 }).map((i) => d.segments[i]!.key);
    expect(cell).toEqual([d.segments[0]!.key, 'card:c2']);
  });
});

describe('sameItem', () => {
  const samples: Item[] = [
    { type: 'rect', x: 1, y: 2, w: 3, h: 4, r: 5, fill: '#FFF', stroke: '#000', stroke_width: 1 },
    { type: 'path', d: 'M0 0 L1 1', fill: '#F00', stroke: '#000', stroke_width: 2, dash: [2, 4] },
    { type: 'text', x: 1, y: 2, w: 30, text: 'ñandú', size: 13, weight: 400, color: '#111', rtl: false, face: 'serif' },
    { type: 'icon', name: 'web', x: 1, y: 2, size: 16, color: '#123' },
    { type: 'image', x: 1, y: 2, w: 3, h: 4, href: 'data:image/png;base64,AA', round: true },
  ];
  const other = (v: unknown): unknown =>
    typeof v === 'number' ? v + 1 : typeof v === 'string' ? `${v}x` : typeof v === 'boolean' ? !v : Array.isArray(v) ? [...v, 1] : 0;

  it('tells apart items that differ in any field, and only those', () => {
    for (const item of samples) {
      expect(sameItem(item, structuredClone(item))).toBe(true);
      for (const field of FIELDS[item.type]) {
        const changed = { ...item, [field]: other((item as unknown as Record<string, unknown>)[field]) } as Item;
        expect(sameItem(item, changed), `${item.type}.${field}`).toBe(false);
      }
    }
    expect(sameItem(samples[1]!, { ...samples[1]!, dash: [2, 5] } as Item)).toBe(false);
    // A field left out is a change too; another kind of item is never the same.
    expect(sameItem(samples[0]!, { ...samples[0]!, stroke: undefined } as Item)).toBe(false);
    expect(sameItem(samples[0]!, samples[4]!)).toBe(false);
  });
});
