import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
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
      { command: 'create_map', args: { template: 'classic', lang: 'es', title: null, example: true } },
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

  // --- home (library home) ---
  it('sorts as last chosen and remembers a new choice in home.sort', async () => {
    // The setting holds "size"; an unknown value would fall back to "recent".
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES, settings: { 'home.sort': 'size' } });
    const library = new Library(backend);
    await library.load('es');
    expect(library.sort).toBe('size');

    library.setSort('title');
    library.setSort('title');

    expect(library.sort).toBe('title');
    expect(backend.callsOf('set_setting')).toEqual([{ command: 'set_setting', args: { key: 'home.sort', value: 'title' } }]);
  });

  it('renames through the backend, re-reads the list, and refuses an empty title without asking', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');

    expect(await library.rename('m-older', '  Clínica dental Sonrisas ')).toBeNull();
    expect(backend.callsOf('rename_map')).toEqual([
      { command: 'rename_map', args: { id: 'm-older', title: 'Clínica dental Sonrisas' } },
    ]);
    expect(library.maps.find((m) => m.id === 'm-older')?.title).toBe('Clínica dental Sonrisas');

    expect((await library.rename('m-older', '   '))?.code).toBe('invalid_input');
    expect(backend.callsOf('rename_map')).toHaveLength(1);

    // A backend refusal comes back to the caller (the dialog shows it), not into the banner.
    backend.failNext('rename_map', { code: 'conflict', message: 'busy' });
    expect(await library.rename('m-older', 'Otro')).toEqual({ code: 'conflict', message: 'busy' });
    expect(library.error).toBeNull();
    expect(library.pending).toBeNull();
  });

  it('duplicates under the given title, points the copy out and asks for the focus on it', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');

    const copy = await library.duplicate('m-newer', 'Panadería del barrio (copia)');

    expect(copy).toBe('map-1');
    expect(backend.callsOf('duplicate_map')).toEqual([
      { command: 'duplicate_map', args: { id: 'm-newer', title: 'Panadería del barrio (copia)' } },
    ]);
    expect(library.maps.map((m) => m.title)).toContain('Panadería del barrio (copia)');
    expect(library.createdId).toBe('map-1');
    // The focus request is taken once: the copy's card focuses, and later draws do not steal focus.
    expect(library.takeFocus('map-1')).toBe(true);
    expect(library.takeFocus('map-1')).toBe(false);
  });

  it('cuts a copy title to the 200 characters Rust takes, counting characters', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');

    await library.duplicate('m-newer', 'ñ'.repeat(250));

    expect([...backend.callsOf('duplicate_map')[0]!.args.title]).toHaveLength(200);
  });

  it('puts the example map in the library and answers with its id', async () => {
    const backend = new MockBackend({ templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');
    expect(library.isEmpty).toBe(true);

    const id = await library.addExample();

    expect(id).toBe('map-1');
    expect(backend.callsOf('open_example')).toHaveLength(1);
    expect(library.isEmpty).toBe(false);
    expect(library.addingExample).toBe(false);
  });

  it('saves a map as a file through the Save dialog; cancelling is not an error', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');

    expect(await library.saveFile('m-older', 'Guardar')).toBeNull();
    expect(library.error).toBeNull();

    backend.dialogAnswers.push('/home/ana/clinica.travesia');
    expect(await library.saveFile('m-older', 'Guardar')).toBe('/home/ana/clinica.travesia');
    expect(backend.callsOf('save_map_file').at(-1)).toEqual({
      command: 'save_map_file',
      args: { id: 'm-older', title: 'Guardar' },
    });
  });

  it('searches again after the list is re-read, so renamed maps are found by their new title', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = new Library(backend);
    await library.load('es');
    library.search.set('sonrisas');
    await library.search.refresh();
    expect(library.search.hits).toEqual([]);

    await library.rename('m-older', 'Clínica Sonrisas');

    expect(library.search.hits?.map((h) => h.id)).toEqual(['m-older']);
    library.search.clear();
  });
  // --- end home ---
});
