import { describe, expect, it, vi } from 'vitest';
import { MockBackend } from './testing/mock';
import type { OpenedFile } from './bindings';
import { Library } from './library.svelte';
import { MAPS, settle, TEMPLATES } from './testing/fixtures';
import { refusedFile } from './testing/fileErrors';

const refused = (path: string): OpenedFile => ({ ...refusedFile('broken.es'), path });

/** A library whose import of `id` is already done in Rust (the mock only needs it listed after). */
async function setUp(opened: OpenedFile[] = []) {
  const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
  backend.openedFiles.push(...opened);
  const library = new Library(backend);
  await library.load('es');
  const open = vi.fn(async (_id: string) => true);
  return { backend, library, files: library.files, open };
}

describe('Files', () => {
  it('takes the files given before the page was up, once, and opens the imported one', async () => {
    const imported: OpenedFile = { path: '/home/ana/viaje.travesia', id: 'm-newer', error: null };
    const { backend, files, open } = await setUp([imported]);

    await files.start(open);

    expect(backend.callsOf('take_opened_files')).toHaveLength(1);
    expect(open).toHaveBeenCalledWith('m-newer');
    // The list is read again first, so the imported map is in it when the editor comes back.
    expect(backend.callsOf('list_maps')).toHaveLength(2);
    expect(files.refused).toEqual([]);
  });

  it('asks for the waiting files at once, but opens them only once the home is ready (after the map reopened)', async () => {
    const imported: OpenedFile = { path: '/home/ana/viaje.travesia', id: 'm-newer', error: null };
    const { backend, files, open } = await setUp([imported]);
    let homeReady!: () => void;
    const ready = new Promise<void>((resolve) => (homeReady = resolve));

    const started = files.start(open, ready);
    await settle();
    expect(backend.callsOf('take_opened_files')).toHaveLength(1);
    expect(open).not.toHaveBeenCalled();

    // A file announced meanwhile waits too.
    backend.announceOpenedFiles([{ path: '/tmp/a.travesia', id: 'm-older', error: null }]);
    await settle();
    expect(open).not.toHaveBeenCalled();

    homeReady();
    await started;
    await settle();
    expect(open.mock.calls.map((c) => c[0])).toEqual(['m-newer', 'm-older']);
  });

  it('handles files announced later (dropped, or from a second start) the same way', async () => {
    const { backend, files, open } = await setUp();
    await files.start(open);
    expect(open).not.toHaveBeenCalled();

    backend.announceOpenedFiles([{ path: '/tmp/a.travesia', id: 'm-older', error: null }]);
    await settle();

    expect(backend.callsOf('take_opened_files')).toHaveLength(2);
    expect(open).toHaveBeenCalledWith('m-older');
  });

  it('keeps what a file made of its map (a score brought into range) for the editor to say once', async () => {
    const notes = ['Línea 4: la puntuación 9 está fuera de 1 a 5; se toma 5.'];
    const { files, open } = await setUp([{ path: '/home/ana/viaje.mmd', id: 'm-newer', error: null, notes }]);

    await files.start(open);

    expect(open).toHaveBeenCalledWith('m-newer');
    expect(files.noted).toEqual({ id: 'm-newer', notes });
    // A later file without notes leaves nothing to say.
    await files.handle([{ path: '/home/ana/otro.travesia', id: 'm-older', error: null }]);
    expect(files.noted).toBeNull();
  });

  it('keeps every refused file in full, and leaves the library and the screen as they were', async () => {
    const { backend, files, open } = await setUp([refused('/home/ana/roto.travesia')]);

    await files.start(open);

    expect(open).not.toHaveBeenCalled();
    expect(backend.callsOf('list_maps')).toHaveLength(1);
    expect(files.refused).toEqual([{ path: '/home/ana/roto.travesia', error: refused('').error! }]);
    expect(files.imported).toBe(0);

    files.dismiss();
    expect(files.refused).toEqual([]);
  });

  it('with several files opens the last good one and lists all the refused ones', async () => {
    const { files, open } = await setUp();
    await files.start(open);

    const id = await files.handle([
      { path: '/a.travesia', id: 'm-older', error: null },
      refused('/b.travesia'),
      { path: '/c.travesia', id: 'm-newer', error: null },
      refused('/d.travesia'),
    ]);

    expect(id).toBe('m-newer');
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('m-newer');
    expect(files.refused.map((f) => f.path)).toEqual(['/b.travesia', '/d.travesia']);
    expect(files.imported).toBe(2);
  });

  it('opens a file from the Open dialog, and does nothing when it is cancelled', async () => {
    const { backend, files, open } = await setUp();
    await files.start(open);

    // Cancelled: the dialog answers null.
    await files.openFile('Abrir un mapa', 'es');
    expect(backend.callsOf('open_file')).toEqual([{ command: 'open_file', args: { title: 'Abrir un mapa', lang: 'es' } }]);
    expect(open).not.toHaveBeenCalled();

    backend.dialogAnswers.push('/home/ana/viaje.travesia');
    backend.openedFiles.push({ path: '/home/ana/viaje.travesia', id: 'm-older', error: null });
    await files.openFile('Abrir un mapa', 'es');
    expect(open).toHaveBeenCalledWith('m-older');
    expect(files.busy).toBe(false);
  });

  it('shows a file the Open dialog could not import in the same list', async () => {
    // The mock answers a chosen path it has no outcome for as "not a .travesia file".
    const { backend, files, open } = await setUp();
    await files.start(open);
    backend.dialogAnswers.push('/home/ana/foto.png');

    await files.openFile('Abrir', 'es');

    expect(files.refused).toEqual([
      { path: '/home/ana/foto.png', error: { code: 'invalid_input', message: 'not a .travesia file', issues: [], summary: null, valid_part: null } },
    ]);
  });

  it('imports the valid part of a refused file by its token, drops it from the list and opens the new map', async () => {
    const { backend, files, open } = await setUp([refused('/home/ana/roto.travesia'), refusedFile('not_travesia.es')]);
    await files.start(open);
    expect(files.refused).toHaveLength(2);

    const id = await files.importValidPart(files.refused[0]!, 'es');

    expect(backend.callsOf('import_valid_part')).toEqual([{ command: 'import_valid_part', args: { token: 1, lang: 'es' } }]);
    expect(id).not.toBeNull();
    expect(open).toHaveBeenCalledWith(id);
    expect(files.refused.map((f) => f.path)).toEqual(['/home/ana/Descargas/foto.travesia']);
    // A file with no valid part offers nothing to import.
    expect(await files.importValidPart(files.refused[0]!, 'es')).toBeNull();
    expect(backend.callsOf('import_valid_part')).toHaveLength(1);
  });

  it('keeps the file listed when its valid part can no longer be imported', async () => {
    const { backend, library, files, open } = await setUp([refused('/home/ana/roto.travesia')]);
    await files.start(open);
    backend.failNext('import_valid_part', { code: 'not_found', message: 'open the file again' });

    expect(await files.importValidPart(files.refused[0]!, 'es')).toBeNull();

    expect(library.error).toEqual({ code: 'not_found', message: 'open the file again' });
    expect(files.refused).toHaveLength(1);
    expect(files.busy).toBe(false);
  });

  it('puts a failure of the call itself in the library banner', async () => {
    const { backend, library, files, open } = await setUp();
    await files.start(open);
    backend.failNext('take_opened_files', { code: 'internal', message: 'no state' });

    await files.take();

    expect(library.error).toEqual({ code: 'internal', message: 'no state' });
    expect(files.refused).toEqual([]);
  });

  it('stops listening when asked', async () => {
    const { backend, files, open } = await setUp();
    const stop = await files.start(open);
    stop();

    backend.announceOpenedFiles([{ path: '/a.travesia', id: 'm-older', error: null }]);
    await settle();

    expect(backend.callsOf('take_opened_files')).toHaveLength(1);
    expect(open).not.toHaveBeenCalled();
  });
});
