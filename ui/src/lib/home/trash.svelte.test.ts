import { describe, expect, it } from 'vitest';
import { MockBackend } from '../testing/mock';
import { Library } from '../library.svelte';
import { MAPS, TEMPLATES } from '../testing/fixtures';

async function loaded() {
  const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES, now: () => new Date('2025-05-01T12:00:00Z') });
  const library = new Library(backend);
  await library.load('es');
  return { backend, library, trash: library.trash };
}

describe('Trash', () => {
  it('receives a deleted map, and gives it back on restore', async () => {
    // delete_map is a move to the trash in Rust: the map leaves the list and the trash lists it.
    const { backend, library, trash } = await loaded();
    expect(trash.count).toBe(0);

    expect(await library.deleteMap('m-older')).toBe(true);
    expect(library.maps.map((m) => m.id)).toEqual(['m-newer']);
    expect(trash.items).toEqual([
      { id: 'm-older', title: 'Clínica dental', deleted_at: '2025-05-01T12:00:00.000Z', cards: 12 },
    ]);

    expect(await trash.restore('m-older')).toBe(true);
    expect(backend.callsOf('restore_map')).toEqual([{ command: 'restore_map', args: { id: 'm-older' } }]);
    expect(trash.count).toBe(0);
    expect(library.maps.map((m) => m.id).sort()).toEqual(['m-newer', 'm-older']);
    expect(trash.busy).toBeNull();
  });

  it('deletes one map for good, and empties the rest', async () => {
    const { backend, library, trash } = await loaded();
    await library.deleteMap('m-older');
    await library.deleteMap('m-newer');
    expect(trash.count).toBe(2);

    expect(await trash.deleteForever('m-older')).toBe(true);
    expect(trash.items.map((t) => t.id)).toEqual(['m-newer']);

    expect(await trash.empty()).toBe(true);
    expect(backend.callsOf('empty_trash')).toHaveLength(1);
    expect(trash.count).toBe(0);
    // Deleted for good: the library does not have them either.
    expect(library.maps).toEqual([]);
  });

  it('reports a failure in the library banner and keeps the trash as Rust has it', async () => {
    const { backend, library, trash } = await loaded();
    await library.deleteMap('m-older');
    backend.failNext('delete_forever', { code: 'io', message: 'read-only' });

    expect(await trash.deleteForever('m-older')).toBe(false);

    expect(library.error).toEqual({ code: 'io', message: 'read-only' });
    expect(trash.items.map((t) => t.id)).toEqual(['m-older']);
    expect(trash.busy).toBeNull();
  });

  it('does one thing at a time', async () => {
    // A second click while the first call is out is ignored rather than sent twice.
    const { backend, library, trash } = await loaded();
    await library.deleteMap('m-older');

    const first = trash.restore('m-older');
    expect(trash.busy).toBe('m-older');
    expect(await trash.empty()).toBe(false);
    await first;

    expect(backend.callsOf('empty_trash')).toEqual([]);
  });

  it('is read with the library, so its count shows from the start', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await backend.deleteMap('m-newer');
    const library = new Library(backend);
    await library.load('es');
    expect(library.trash.count).toBe(1);
  });
});
