import type { Card, Edit, JourneyMap, Lane, LaneKind } from './bindings';
import { CHANNELS } from './icons';
import { oneCardPerStage } from './kinds';
import { neighbour, type Cell, type Direction } from './canvas/nav';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random bytes; tests pass their own. */
export type Random = (n: number) => Uint8Array;

const cryptoRandom: Random = (n) => crypto.getRandomValues(new Uint8Array(n));

/**
 * Where the ids of copies laid out before their key (Ctrl+D and Ctrl+V asked ahead) come from: a
 * source of random bytes for each time they are asked, apart from the one every other id comes
 * from, so that when and how often copies are asked ahead (a matter of timing) changes no id made
 * after them. The unit tests give each ask the same numbers (testing/setup.ts).
 */
export const aheadIds: { random: () => Random } = { random: () => cryptoRandom };

/**
 * A fresh id such as `c-k3v9x0q2mzt1`, like `ids::new_id` in Rust: the prefix
 * says what it names (c card, s stage, l lane) and 12 base-36 characters make
 * collisions practically impossible; one already in the map is drawn again.
 */
export function newId(prefix: string, taken: ReadonlySet<string>, random: Random = cryptoRandom): string {
  for (;;) {
    const id = `${prefix}-${[...random(12)].map((b) => ALPHABET[b % 36]).join('')}`;
    if (!taken.has(id)) return id;
  }
}

/** Every id in the map (ids are unique across kinds, docs/FORMAT.md). */
export function idsOf(map: JourneyMap): Set<string> {
  const ids = new Set<string>();
  for (const list of [map.stages, map.lanes, map.cards, map.personas ?? [], map.routes ?? [], map.channels ?? []]) {
    for (const x of list) ids.add(x.id);
  }
  return ids;
}

/** An id maker that also avoids the ids it made itself (several new cards in one batch). */
export function idMaker(map: JourneyMap, random?: Random): (prefix: string) => string {
  const taken = idsOf(map);
  return (prefix) => {
    const id = newId(prefix, taken, random);
    taken.add(id);
    return id;
  };
}

export function cellCards(map: JourneyMap, stage: string, lane: string): Card[] {
  return map.cards.filter((c) => c.stage === stage && c.lane === lane);
}

export function laneOf(map: JourneyMap, id: string): Lane | undefined {
  return map.lanes.find((l) => l.id === id);
}

/** One edit for several: the edit itself when there is one, a batch (one undo step) otherwise. */
export function combine(edits: Edit[]): Edit | null {
  if (edits.length === 0) return null;
  if (edits.length === 1) return edits[0]!;
  return { type: 'batch', edits };
}

/** A new card at the end of a cell. */
export function insertCard(map: JourneyMap, card: Card): Edit {
  return {
    type: 'insert_card',
    card,
    place: { in_cell: cellCards(map, card.stage, card.lane).length },
    steps: [],
  };
}

export function deleteCards(map: JourneyMap, ids: readonly string[]): Edit | null {
  const wanted = new Set(ids);
  const present = map.cards.filter((c) => wanted.has(c.id));
  return combine(present.map((c) => ({ type: 'delete_card', id: c.id })));
}

/**
 * A card copied to another place of `map`: new id, same content; a channel of
 * another map's own (copied there, or deleted since) is left out, as the map
 * does not have it.
 */
function copyOf(card: Card, id: string, cell: Cell, map: JourneyMap): Card {
  const copy: Card = { ...structuredClone(card), id, stage: cell.stage, lane: cell.lane };
  const ch = copy.channel;
  if (ch != null && !(CHANNELS as readonly string[]).includes(ch) && !(map.channels ?? []).some((c) => c.id === ch)) {
    delete copy.channel;
  }
  return copy;
}

function canTake(map: JourneyMap, lane: string, count: number): boolean {
  const l = laneOf(map, lane);
  return l !== undefined && (!oneCardPerStage(l.kind) || count === 0);
}

/** Pastes copies of `cards` at the end of `cell`; a one-card-per-stage cell takes one if empty. */
export function pasteCards(
  map: JourneyMap,
  cards: readonly Card[],
  cell: Cell,
  makeId: (prefix: string) => string,
): { edit: Edit; ids: string[] } | null {
  let count = cellCards(map, cell.stage, cell.lane).length;
  const edits: Edit[] = [];
  const ids: string[] = [];
  for (const card of cards) {
    if (!canTake(map, cell.lane, count)) break;
    const id = makeId('c');
    edits.push({ type: 'insert_card', card: copyOf(card, id, cell, map), place: { in_cell: count }, steps: [] });
    ids.push(id);
    count++;
  }
  const edit = combine(edits);
  return edit ? { edit, ids } : null;
}

/** A copy of each card right after it, in its own cell (not in one-card-per-stage lanes). */
export function duplicateCards(
  map: JourneyMap,
  ids: readonly string[],
  makeId: (prefix: string) => string,
): { edit: Edit; ids: string[] } | null {
  const edits: Edit[] = [];
  const made: string[] = [];
  const wanted = new Set(ids);
  map.cards.forEach((card, index) => {
    if (!wanted.has(card.id)) return;
    const lane = laneOf(map, card.lane);
    if (!lane || oneCardPerStage(lane.kind)) return;
    const id = makeId('c');
    // Each copy before this one shifted it one place down the list.
    edits.push({
      type: 'insert_card',
      card: copyOf(card, id, card, map),
      place: { at: index + made.length + 1 },
      steps: [],
    });
    made.push(id);
  });
  const edit = combine(edits);
  return edit ? { edit, ids: made } : null;
}

/**
 * Moves each card to the next cell in `dir`, at the end of that cell. The
 * moves are worked out one after the other on a copy of the card order, as
 * Rust applies a batch, so several cards moving together land in order.
 */
export function moveCards(map: JourneyMap, ids: readonly string[], dir: Direction): Edit | null {
  const order = map.cards.map((c) => ({ id: c.id, stage: c.stage, lane: c.lane }));
  const edits: Edit[] = [];
  const wanted = new Set(ids);
  for (const card of map.cards) {
    if (!wanted.has(card.id)) continue;
    const at = order.findIndex((c) => c.id === card.id);
    const current = order[at]!;
    const target = neighbour(map, current, dir);
    if (!target) continue;
    const count = order.filter((c) => c.id !== card.id && c.stage === target.stage && c.lane === target.lane).length;
    if (!canTake(map, target.lane, count)) continue;
    order.splice(at, 1);
    let last = -1;
    order.forEach((c, i) => {
      if (c.stage === target.stage && c.lane === target.lane) last = i;
    });
    order.splice(last >= 0 ? last + 1 : order.length, 0, { id: card.id, ...target });
    edits.push({ type: 'move_card', id: card.id, stage: target.stage, lane: target.lane, place: { in_cell: count } });
  }
  return combine(edits);
}

export function insertStage(index: number, id: string, title: string): Edit {
  return { type: 'insert_stage', index, stage: { id, title }, cards: [], steps: [] };
}

export function insertLane(index: number, id: string, kind: LaneKind, title: string): Edit {
  return { type: 'insert_lane', index, lane: { id, kind, title }, cards: [], steps: [] };
}
