import { describe, expect, it } from 'vitest';
import type { Edit, JourneyMap } from './bindings';
import { deleteCards, duplicateCards, idMaker, moveCards, newId, pasteCards } from './edits';
import { applied } from './testing/answers';
import { sampleMap } from './testing/maps';

/** Ids c-1, c-2, … so expectations can name them. */
function counter() {
  let n = 0;
  return () => `c-${++n}`;
}

/** The map after an edit, as Rust applies it (answers.ts). */
function after(map: JourneyMap, edit: Edit | null): JourneyMap {
  return edit ? applied(map, edit) : structuredClone(map);
}

const cell = (map: JourneyMap, stage: string, lane: string) =>
  map.cards.filter((c) => c.stage === stage && c.lane === lane).map((c) => c.id);

describe('newId', () => {
  it('makes ids in the format of the Rust side: prefix, dash, 12 base-36 characters', () => {
    const id = newId('c', new Set());
    expect(id).toMatch(/^c-[0-9a-z]{12}$/);
  });

  it('draws again when the id is taken', () => {
    // The first draw is all zero bytes (c-000000000000), which the map already uses.
    const draws = [new Uint8Array(12), new Uint8Array(12).fill(1)];
    const id = newId('c', new Set(['c-000000000000']), () => draws.shift()!);
    expect(id).toBe('c-111111111111');
  });

  it('never hands out the same id twice in one batch', () => {
    const same = () => new Uint8Array(12).fill(7);
    let i = 0;
    const make = idMaker(sampleMap(), (n) => (i++ === 0 ? same() : new Uint8Array(n).fill(8)));
    expect(make('c')).not.toBe(make('c'));
  });
});

describe('deleteCards', () => {
  it('deletes one card with one edit and several with one batch', () => {
    expect(deleteCards(sampleMap(), ['a1'])).toEqual({ type: 'delete_card', id: 'a1' });
    expect(deleteCards(sampleMap(), ['a2', 'a1', 'gone'])).toEqual({
      type: 'batch',
      edits: [
        { type: 'delete_card', id: 'a1' },
        { type: 'delete_card', id: 'a2' },
      ],
    });
    expect(deleteCards(sampleMap(), [])).toBeNull();
  });
});

describe('pasteCards', () => {
  it('adds copies at the end of the target cell, in order, with new ids', () => {
    const map = sampleMap();
    const copies = map.cards.filter((c) => c.id === 'a1' || c.id === 'a2');
    const made = pasteCards(map, copies, { stage: 's2', lane: 'l-act' }, counter())!;
    expect(made.ids).toEqual(['c-1', 'c-2']);
    const next = after(map, made.edit);
    expect(cell(next, 's2', 'l-act')).toEqual(['a3', 'c-1', 'c-2']);
    expect(next.cards.find((c) => c.id === 'c-2')?.text).toBe('Mira el escaparate');
  });

  it('puts at most one card into an empty emotion cell and none into a full one', () => {
    const map = sampleMap();
    const two = map.cards.filter((c) => c.id === 'e1' || c.id === 'e2');
    const made = pasteCards(map, two, { stage: 's3', lane: 'l-emo' }, counter())!;
    expect(made.edit).toMatchObject({ type: 'insert_card', card: { id: 'c-1', stage: 's3', lane: 'l-emo', score: 1 } });
    expect(pasteCards(map, two, { stage: 's1', lane: 'l-emo' }, counter())).toBeNull();
  });

  it("keeps a built-in or this map's own channel, and leaves out one this map does not have", () => {
    const map = sampleMap();
    map.channels = [{ id: 'ch-bizum', name: 'Bizum' }];
    const t1 = map.cards.find((c) => c.id === 't1')!;
    const cards = [
      { ...t1, channel: 'store' },
      { ...t1, channel: 'ch-bizum' },
      // Copied from another map, or its channel deleted since.
      { ...t1, channel: 'ch-whatsapp' },
    ];
    const made = pasteCards(map, cards, { stage: 's2', lane: 'l-tp' }, counter())!;
    const pasted = (made.edit as Extract<Edit, { type: 'batch' }>).edits.map(
      (e) => (e as Extract<Edit, { type: 'insert_card' }>).card.channel,
    );
    expect(pasted).toEqual(['store', 'ch-bizum', undefined]);
  });
});

describe('duplicateCards', () => {
  it('puts each copy right after its card, as one batch', () => {
    const map = sampleMap();
    const made = duplicateCards(map, ['a1', 't1'], counter())!;
    expect(made.edit.type).toBe('batch');
    const next = after(map, made.edit);
    expect(cell(next, 's1', 'l-act')).toEqual(['a1', 'c-1', 'a2']);
    expect(cell(next, 's1', 'l-tp')).toEqual(['t1', 'c-2']);
    expect(next.cards.find((c) => c.id === 'c-2')).toMatchObject({ channel: 'search', online: true });
  });

  it('does not duplicate in a lane that holds one card per stage', () => {
    expect(duplicateCards(sampleMap(), ['e1', 'f1'], counter())).toBeNull();
  });
});

describe('moveCards', () => {
  it('moves the chosen cards to the next cell, at its end', () => {
    // a1 goes right into s2 (after a3); a2 stays selected and goes along, in order.
    const map = sampleMap();
    const next = after(map, moveCards(map, ['a1', 'a2'], 'right'));
    expect(cell(next, 's2', 'l-act')).toEqual(['a3', 'a1', 'a2']);
    expect(cell(next, 's1', 'l-act')).toEqual([]);
  });

  it('chains moves in one direction so neighbours do not collide', () => {
    // a1 (s1) and a3 (s2) both move right: a1 lands in s2 while a3 goes on to s3.
    const map = sampleMap();
    const next = after(map, moveCards(map, ['a1', 'a3'], 'right'));
    expect(cell(next, 's2', 'l-act')).toEqual(['a1']);
    expect(cell(next, 's3', 'l-act')).toEqual(['a3']);
  });

  it('moves down a lane, and skips moves off the grid or into a full one-card cell', () => {
    const map = sampleMap();
    expect(after(map, moveCards(map, ['t2'], 'up')).cards.find((c) => c.id === 't2')?.lane).toBe('l-act');
    expect(moveCards(map, ['a1'], 'up')).toBeNull();
    // t1 moving down would land in s1/l-emo, which already holds e1.
    expect(moveCards(map, ['t1'], 'down')).toBeNull();
  });
});
