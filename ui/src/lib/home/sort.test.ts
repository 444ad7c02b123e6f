import { describe, expect, it } from 'vitest';
import type { MapSummary } from '../bindings';
import { parseSort, sortMaps } from './sort';

const map = (id: string, title: string, updated_at: string, cards: number, bytes: number): MapSummary => ({
  id,
  title,
  updated_at,
  cards,
  bytes,
});

const MAPS = [
  map('a', 'Óptica Sol', '2025-03-01T10:00:00+02:00', 3, 900), // 08:00Z
  map('b', 'mapa 10', '2025-03-01T09:00:00Z', 12, 5000),
  map('c', 'Mapa 2', '2025-02-01T09:00:00Z', 12, 12000),
  map('d', 'Zapatería', 'not a date', 1, 300),
];

const ids = (maps: MapSummary[]) => maps.map((m) => m.id);

describe('sortMaps', () => {
  it('puts the latest change first, by instant rather than by the text of the timestamp', () => {
    // a (08:00Z) reads later than b (09:00Z) as text; an unreadable date counts as the oldest.
    expect(ids(sortMaps(MAPS, 'recent', 'es'))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('orders titles as the language does: accents and case do not split, numbers count as numbers', () => {
    // "Óptica" sits between the "Mapa"s and "Zapatería"; "Mapa 2" comes before "mapa 10".
    expect(ids(sortMaps(MAPS, 'title', 'es'))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('puts the largest first by size and by cards, ties broken by title', () => {
    expect(ids(sortMaps(MAPS, 'size', 'es'))).toEqual(['c', 'b', 'a', 'd']);
    // b and c both have 12 cards: "Mapa 2" before "mapa 10".
    expect(ids(sortMaps(MAPS, 'cards', 'es'))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('returns a new array and leaves the given one alone', () => {
    const given = [...MAPS];
    const sorted = sortMaps(given, 'title', 'en');
    expect(sorted).not.toBe(given);
    expect(ids(given)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('parseSort', () => {
  it('takes the known keys and falls back to recent for anything else', () => {
    expect(parseSort('size')).toBe('size');
    expect(parseSort('cards')).toBe('cards');
    expect(parseSort(null)).toBe('recent');
    expect(parseSort('colour')).toBe('recent');
  });
});
