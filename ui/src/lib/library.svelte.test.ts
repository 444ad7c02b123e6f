import { describe, expect, it } from 'vitest';
import { MockBackend } from './backend/mock';
import { Library } from './library.svelte';
import { MAPS, TEMPLATES } from './testing/fixtures';

describe('Library', () => {
  it('loads the maps and the templates in the asked language from the backend', async () => {
    // The mock holds two maps and answers list_templates by language, like the Rust side.
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    expect(library.status).toBe('idle');

    await library.load('es');

    expect(library.status).toBe('ready');
    expect(library.error).toBeNull();
    expect(library.maps).toEqual(MAPS);
    expect(library.templates.map((t) => `${t.lang}/${t.id}`)).toEqual(['es/classic', 'es/ecommerce']);
    expect(backend.callsOf('list_templates')).toEqual([{ command: 'list_templates', args: { lang: 'es' } }]);
    expect(library.isEmpty).toBe(false);
  });

  it('orders maps by the instant of their last change, not by the text of the timestamp', async () => {
    // m-older is 08:00Z written as 10:00+02:00; m-newer is 09:00Z. A string sort would put m-older first.
    const library = new Library(new MockBackend({ maps: MAPS, templates: TEMPLATES }));
    await library.load('es');
    expect(library.sortedMaps.map((m) => m.id)).toEqual(['m-newer', 'm-older']);
  });

  it('creates a map from a template with the right arguments, then lists it', async () => {
    // create_map gets the template id, its language and a null title (the backend names it);
    // the list is then re-read, so the new map is there because the backend has it.
    const backend = new MockBackend({ templates: TEMPLATES, now: () => new Date('2025-05-01T12:00:00Z') });
    const library = new Library(backend);
    await library.load('es');
    expect(library.isEmpty).toBe(true);

    const id = await library.createFromTemplate('classic', 'es');

    expect(backend.callsOf('create_map')).toEqual([
      { command: 'create_map', args: { template: 'classic', lang: 'es', title: null } },
    ]);
    expect(id).toBe('map-1');
    expect(library.createdId).toBe('map-1');
    expect(library.creatingFrom).toBeNull();
    expect(library.maps).toEqual([
      { id: 'map-1', title: 'Viaje clásico en cinco fases', updated_at: '2025-05-01T12:00:00.000Z', cards: 18, bytes: 1000 + 18 * 120 },
    ]);
    expect(library.isEmpty).toBe(false);
  });

  it('exposes a backend error with its code and keeps what did load', async () => {
    // list_maps fails once with too_new; list_templates is independent and still answers.
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.failNext('list_maps', { code: 'too_new', message: 'user_version 9 > 3' });
    const library = new Library(backend);

    await library.load('es');

    expect(library.error).toEqual({ code: 'too_new', message: 'user_version 9 > 3' });
    expect(library.templates).toHaveLength(2);
    expect(library.status).toBe('ready');
  });

  it('keeps the list as it was when creating fails, and clears the busy mark', async () => {
    // create_map rejects, so nothing was created and no re-read of the list is needed.
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');
    backend.failNext('create_map', { code: 'io', message: 'disk full' });

    const id = await library.createFromTemplate('classic', 'es');

    expect(id).toBeNull();
    expect(library.error?.code).toBe('io');
    expect(library.maps).toEqual(MAPS);
    expect(library.creatingFrom).toBeNull();
    expect(library.createdId).toBeNull();
  });

  it('deletes a map through the backend and re-reads the list', async () => {
    // delete_map removes it in the mock; the following list_maps no longer has it.
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');

    expect(await library.deleteMap('m-older')).toBe(true);

    expect(backend.callsOf('delete_map')).toEqual([{ command: 'delete_map', args: { id: 'm-older' } }]);
    expect(library.maps.map((m) => m.id)).toEqual(['m-newer']);
  });
});
