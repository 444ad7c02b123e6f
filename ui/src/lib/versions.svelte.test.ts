import { afterEach, describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import { Editor } from './editor.svelte';
import { mapView, settle } from './testing/fixtures';
import { sampleMap } from './testing/maps';
import { NAME_MAX, Versions } from './versions.svelte';

const root = document.documentElement;

afterEach(() => {
  delete root.dataset.mapId;
  delete root.dataset.busy;
  delete root.dataset.lastEditMs;
});

/** A mock whose version pictures answer only when told. */
class HeldPictures extends MockBackend {
  asked: { snapshot: number; answer: () => void }[] = [];

  override snapshotPreview(id: string, snapshot: number): Promise<string> {
    const real = super.snapshotPreview(id, snapshot).then((uri) => `${uri}#${snapshot}`);
    return new Promise((resolve, reject) => {
      this.asked.push({ snapshot, answer: () => void real.then(resolve, reject) });
    });
  }
}

/** The editor on the sample map, opened, and the versions panel on it (closed). */
async function setUp(backend = new MockBackend({ views: [mapView()], now: clock() })) {
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  return { backend, editor, versions: new Versions(editor) };
}

/** A clock that moves on a minute per reading, so versions sort by time. */
function clock() {
  let t = Date.parse('2026-11-23T09:42:00Z');
  return () => new Date((t += 60_000));
}

/** Lets queued requests run until the editor is idle. */
async function idle(editor: Editor) {
  for (let i = 0; i < 50 && editor.pending > 0; i++) await settle();
  await settle();
}

describe('Versions', () => {
  it('lists nothing for a map without versions', async () => {
    const { backend, versions } = await setUp();
    versions.open('map-1');
    expect(versions.isOpen).toBe(true);
    expect(versions.loading).toBe(true);
    await settle();
    expect(backend.callsOf('list_snapshots')).toEqual([{ command: 'list_snapshots', args: { id: 'map-1' } }]);
    expect(versions.list).toEqual([]);
    expect(versions.loading).toBe(false);
    expect(versions.selected).toBeNull();
  });

  it('saves a version under the trimmed name, lists it first and shows its picture', async () => {
    const { backend, versions } = await setUp();
    versions.open('map-1');
    await settle();
    expect(await versions.save('  Antes del taller  ')).toBe(true);
    expect(await versions.save('Después del taller')).toBe(true);
    await settle();

    expect(backend.callsOf('take_snapshot').map((c) => c.args)).toEqual([
      { id: 'map-1', name: 'Antes del taller' },
      { id: 'map-1', name: 'Después del taller' },
    ]);
    // Newest first, with the card count of the map when it was taken.
    expect(versions.list.map((s) => s.name)).toEqual(['Después del taller', 'Antes del taller']);
    expect(versions.list[0]!.cards).toBe(sampleMap().cards.length);
    // The one just saved is chosen, and its picture asked for.
    expect(versions.chosen?.name).toBe('Después del taller');
    expect(backend.callsOf('snapshot_preview').at(-1)?.args).toEqual({ id: 'map-1', snapshot: versions.selected });
    expect(versions.preview).toMatch(/^data:image\/png;base64,/);
  });

  it('does not save an empty or too long name', async () => {
    const { backend, versions } = await setUp();
    versions.open('map-1');
    await settle();
    expect(await versions.save('   ')).toBe(false);
    expect(await versions.save('x'.repeat(NAME_MAX + 1))).toBe(false);
    expect(backend.callsOf('take_snapshot')).toEqual([]);
  });

  it('shows a failed save as an error and keeps the list', async () => {
    const { backend, versions } = await setUp();
    versions.open('map-1');
    await versions.save('Primera');
    backend.failNext('take_snapshot', { code: 'io', message: 'disk full' });
    expect(await versions.save('Segunda')).toBe(false);
    expect(versions.error).toEqual({ code: 'io', message: 'disk full' });
    expect(versions.list.map((s) => s.name)).toEqual(['Primera']);
    expect(versions.saving).toBe(false);
  });

  it('chooses the newest version on open, and keeps only the picture of the one chosen last', async () => {
    const backend = new HeldPictures({ views: [mapView()], now: clock() });
    const { versions } = await setUp(backend);
    await backend.takeSnapshot('map-1', 'Uno');
    await backend.takeSnapshot('map-1', 'Dos');
    versions.open('map-1');
    await settle();
    const [two, one] = versions.list;
    expect(versions.selected).toBe(two!.id);

    void versions.select(one!.id);
    expect(backend.asked.map((h) => h.snapshot)).toEqual([two!.id, one!.id]);
    // "Uno" answers, then the older ask for "Dos": the picture stays that of "Uno".
    backend.asked[1]!.answer();
    await settle();
    expect(versions.preview).toMatch(new RegExp(`#${one!.id}$`));
    backend.asked[0]!.answer();
    await settle();
    expect(versions.preview).toMatch(new RegExp(`#${one!.id}$`));
    expect(versions.previewLoading).toBe(false);
  });

  it('restores through the editor: the canvas shows it and Undo takes it back', async () => {
    const { backend, editor, versions } = await setUp();
    versions.open('map-1');
    await versions.save('Original');
    await editor.edit({ type: 'set_title', title: 'Panadería renovada' });
    await idle(editor);
    expect(editor.map?.title).toBe('Panadería renovada');

    versions.askRestore();
    expect(versions.confirming).toBe(true);
    const restored = versions.restore();
    expect(versions.restoring).toBe(true);
    expect(await restored).toBe(true);

    expect(backend.callsOf('restore_snapshot').map((c) => c.args)).toEqual([{ id: 'map-1', snapshot: versions.selected }]);
    // The editor's view is Rust's answer: the map as the version had it.
    expect(editor.map?.title).toBe('Panadería del barrio');
    expect(editor.canUndo).toBe(true);
    expect(versions.isOpen).toBe(false);

    // One undo step: the restore goes, the edit made before it is back.
    await editor.undo();
    await idle(editor);
    expect(editor.map?.title).toBe('Panadería renovada');
  });

  it('restores after the edits still on their way, never before them', async () => {
    const { backend, editor, versions } = await setUp();
    versions.open('map-1');
    await versions.save('Original');
    backend.pause();
    const edit = editor.edit({ type: 'set_title', title: 'Otra' });
    const restore = versions.restore();
    for (let i = 0; i < 5; i++) await settle();
    backend.resume();
    expect(await edit).toBe(true);
    expect(await restore).toBe(true);
    const order = backend.calls.map((c) => c.command).filter((c) => c === 'apply_edit' || c === 'restore_snapshot');
    expect(order).toEqual(['apply_edit', 'restore_snapshot']);
    expect(editor.map?.title).toBe('Panadería del barrio');
  });

  it('shows a failed restore in the panel, which stays open', async () => {
    const { backend, editor, versions } = await setUp();
    versions.open('map-1');
    await versions.save('Original');
    backend.failNext('restore_snapshot', { code: 'not_found', message: 'no snapshot 9' });
    versions.askRestore();
    expect(await versions.restore()).toBe(false);
    expect(versions.isOpen).toBe(true);
    expect(versions.error).toEqual({ code: 'not_found', message: 'no snapshot 9' });
    expect(versions.confirming).toBe(false);
    // Shown once, here: not again in the editor's banner behind the panel.
    expect(editor.error).toBeNull();
  });

  it('asks for the name field each time it is opened to save, even when already open', async () => {
    const { backend, versions } = await setUp();
    versions.open('map-1', true);
    versions.open('map-1', true);
    versions.open('map-1');
    expect(versions.nameRequests).toBe(2);
    await settle();
    // Opened once: one read of the list.
    expect(backend.callsOf('list_snapshots')).toHaveLength(1);
    versions.close();
    expect(versions.isOpen).toBe(false);
  });
});
