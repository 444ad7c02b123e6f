import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../testing/mock';
import type { SearchHit } from '../bindings';
import { mapView } from '../testing/fixtures';
import { sampleMap } from '../testing/maps';
import { indexed, MapSearch, SEARCH_DELAY_MS } from './search.svelte';

/** A mock whose search answers wait until the test lets each one go, in any order. */
class HeldSearch extends MockBackend {
  waiting: { query: string; answer: () => void }[] = [];

  override async searchMaps(query: string): Promise<SearchHit[]> {
    const hits = await super.searchMaps(query);
    await new Promise<void>((answer) => this.waiting.push({ query, answer }));
    return hits;
  }

  release(query: string): void {
    const at = this.waiting.findIndex((w) => w.query === query);
    this.waiting.splice(at, 1)[0]!.answer();
  }
}

const settle = async () => {
  // Fake timers hold setTimeout; promises are microtasks and settle on their own.
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function library() {
  const map = { ...sampleMap(), id: 'm-1', title: 'Panadería del barrio' };
  return new MockBackend({ views: [mapView(map)] });
}

describe('MapSearch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('searches as it is typed when the index can answer, with one search on its way at a time', async () => {
    // "pan" goes at once; "pana" and "panad" are typed while it is out: only the latest text
    // is sent, when the "pan" answer is in, and that stale answer is never shown.
    const backend = new HeldSearch({ views: [mapView({ ...sampleMap(), id: 'm-1', title: 'Panadería' })] });
    const search = new MapSearch(backend);

    search.set('pan');
    await settle();
    expect(backend.waiting.map((w) => w.query)).toEqual(['pan']);
    search.set('pana');
    search.set('panad');
    await settle();
    expect(backend.waiting.map((w) => w.query)).toEqual(['pan']);
    expect(search.busy).toBe(true);

    backend.release('pan');
    await settle();
    expect(search.hits).toBeNull();
    expect(backend.waiting.map((w) => w.query)).toEqual(['panad']);
    expect(search.busy).toBe(true);

    backend.release('panad');
    await settle();
    expect(backend.callsOf('search_maps').map((c) => c.args.query)).toEqual(['pan', 'panad']);
    expect(search.hits?.map((h) => h.title)).toEqual(['Panadería']);
    expect(search.hits?.[0]?.in_title).toBe(true);
    expect(search.busy).toBe(false);
  });

  it('waits for a pause in the typing when every word is under three letters (every map is read)', async () => {
    // Two keystrokes 50 ms apart restart the 150 ms wait: only "pa" is searched.
    const backend = library();
    const search = new MapSearch(backend);

    search.set('p');
    vi.advanceTimersByTime(50);
    search.set('pa');
    expect(search.busy).toBe(true);
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    expect(backend.callsOf('search_maps')).toEqual([]);

    vi.advanceTimersByTime(1);
    await settle();
    expect(backend.callsOf('search_maps').map((c) => c.args.query)).toEqual(['pa']);
    expect(search.hits?.map((h) => h.id)).toEqual(['m-1']);
    expect(search.busy).toBe(false);
  });

  it('tells the searches the index answers from those that read every map, as Rust folds words', () => {
    expect(indexed('pan')).toBe(true);
    expect(indexed('ñu 7 día')).toBe(true);
    expect(indexed('ñu 7')).toBe(false);
    // "é" written as e + combining accent is one letter once folded.
    expect(indexed('te\u0301')).toBe(false);
    expect(indexed('  a  b ')).toBe(false);
  });

  it('drops an answer that arrives after the text changed, even if it comes last', async () => {
    // "uno" is out when the library changes and the search is sent again for "pan": "pan"
    // answers first, then the late "uno" answer arrives and must not replace it.
    const backend = new HeldSearch({ views: [mapView({ ...sampleMap(), id: 'm-1', title: 'Panadería' })] });
    const search = new MapSearch(backend);

    search.set('uno');
    await settle();
    search.set('pan');
    void search.refresh();
    await settle();
    expect(backend.waiting.map((w) => w.query)).toEqual(['uno', 'pan']);

    backend.release('pan');
    await settle();
    expect(search.hits?.map((h) => h.title)).toEqual(['Panadería']);

    backend.release('uno');
    await settle();
    expect(search.hits?.map((h) => h.title)).toEqual(['Panadería']);
    expect(backend.callsOf('search_maps').map((c) => c.args.query)).toEqual(['uno', 'pan']);
    expect(search.busy).toBe(false);
  });

  it('clears: no search for an empty box, the whole library again, and a late answer is dropped', async () => {
    const backend = new HeldSearch({ views: [mapView({ ...sampleMap(), id: 'm-1', title: 'Panadería' })] });
    const search = new MapSearch(backend);

    search.set('   ');
    vi.advanceTimersByTime(SEARCH_DELAY_MS * 2);
    expect(backend.callsOf('search_maps')).toEqual([]);
    expect(search.active).toBe(false);

    search.set('pan');
    await settle();
    search.clear();
    backend.release('pan');
    await settle();

    expect(search.query).toBe('');
    expect(search.hits).toBeNull();
    expect(search.busy).toBe(false);
  });

  it('keeps a failure with its code and searches again on refresh', async () => {
    const backend = library();
    const search = new MapSearch(backend);
    backend.failNext('search_maps', { code: 'io', message: 'disk' });

    search.set('pan');
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    await settle();
    expect(search.error?.code).toBe('io');
    expect(search.busy).toBe(false);

    // refresh() goes at once (the library changed), without the typing wait.
    await search.refresh();
    expect(search.error).toBeNull();
    expect(search.hits?.map((h) => h.id)).toEqual(['m-1']);
    expect(backend.callsOf('search_maps')).toHaveLength(2);
  });

  it('finds card text too, with the matching cards as snippets', async () => {
    // The sample map's cards hold text; a word from one of them is found outside the title.
    const map = sampleMap();
    const word = map.cards[0]!.text.split(/\s+/)[0]!;
    const backend = new MockBackend({ views: [mapView({ ...map, id: 'm-1', title: 'Título sin relación' })] });
    const search = new MapSearch(backend);

    search.set(word);
    vi.advanceTimersByTime(SEARCH_DELAY_MS);
    await settle();

    expect(search.hits?.[0]?.in_title).toBe(false);
    expect(search.hits?.[0]?.snippets).toContain(map.cards[0]!.text);
  });
});
