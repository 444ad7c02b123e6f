import { describe, expect, it } from 'vitest';
import { MockBackend, TINY_PNG } from './testing/mock';
import type { JourneyMap, Persona } from './bindings';
import { Editor } from './editor.svelte';
import { idMaker } from './edits';
import {
  initials,
  insertPersona,
  isPhoto,
  movePersona,
  personaPatch,
  PersonaPanel,
  removeLine,
  setLine,
  toggleChannel,
  updatePersona,
} from './personas.svelte';
import { mapView, settle } from './testing/fixtures';
import { sampleMap } from './testing/maps';

const ANA: Persona = {
  id: 'p-ana',
  name: 'Ana',
  role: 'Dueña de la panadería',
  quote: null,
  goals: ['Vender más por la mañana'],
  frustrations: null,
  channels: ['store'],
};

function withPersonas(personas: Persona[] = [structuredClone(ANA)]): JourneyMap {
  return { ...sampleMap(), personas };
}

describe('personaPatch', () => {
  it('keeps only the fields that change', () => {
    // The name and the goals are what they were; only the role differs.
    expect(personaPatch(ANA, { name: 'Ana', role: 'Panadera', goals: ['Vender más por la mañana'] })).toEqual({
      role: 'Panadera',
    });
    expect(updatePersona(ANA, { quote: '«Pan recién hecho»' })).toEqual({
      type: 'update_persona',
      id: 'p-ana',
      patch: { quote: '«Pan recién hecho»' },
    });
  });

  it('is null when nothing changes, whitespace and empty-for-missing included', () => {
    expect(personaPatch(ANA, { name: '  Ana ', quote: '   ', frustrations: [], channels: ['store'] })).toBeNull();
    expect(updatePersona(ANA, {})).toBeNull();
  });

  it('stores emptied text and lists as null, and never an empty name', () => {
    expect(personaPatch(ANA, { role: '  ', goals: [], channels: [] })).toEqual({ role: null, goals: null, channels: null });
    expect(personaPatch(ANA, { name: '   ' })).toBeNull();
    expect(personaPatch(ANA, { name: ' Ana María ' })).toEqual({ name: 'Ana María' });
  });

  it('sets and clears the colour of the persona\'s curves', () => {
    expect(personaPatch(ANA, { color: '#1971C2' })).toEqual({ color: '#1971C2' });
    expect(personaPatch({ ...ANA, color: '#1971C2' }, { color: '#1971C2' })).toBeNull();
    expect(personaPatch({ ...ANA, color: '#1971C2' }, { color: null })).toEqual({ color: null });
  });

  it('sets and removes the photo', () => {
    expect(personaPatch(ANA, { photo: TINY_PNG })).toEqual({ photo: TINY_PNG });
    expect(personaPatch({ ...ANA, photo: TINY_PNG }, { photo: null })).toEqual({ photo: null });
    expect(personaPatch(ANA, { photo: null })).toBeNull();
  });
});

describe('list lines', () => {
  it('edits, adds at the end and takes out emptied lines', () => {
    expect(setLine(['a', 'b'], 1, ' B ')).toEqual(['a', 'B']);
    expect(setLine(['a'], 1, 'c')).toEqual(['a', 'c']);
    expect(setLine(null, 0, 'primera')).toEqual(['primera']);
    expect(setLine(['a', 'b'], 0, '  ')).toEqual(['b']);
    // An empty new line adds nothing; a list left empty is stored as null.
    expect(setLine(['a'], 1, '')).toEqual(['a']);
    expect(setLine(['a'], 0, '')).toBeNull();
    expect(removeLine(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(removeLine(['a'], 0)).toBeNull();
  });

  it('does not grow past the format’s limit of 100 lines', () => {
    const full = Array.from({ length: 100 }, (_, i) => `línea ${i}`);
    expect(setLine(full, 100, 'una más')).toHaveLength(100);
  });

  it('toggles channels in the order of the channel list, keeping unknown ones', () => {
    expect(toggleChannel(['store', 'custom'], 'web', true)).toEqual(['web', 'store', 'custom']);
    expect(toggleChannel(['web', 'store'], 'web', false)).toEqual(['store']);
    expect(toggleChannel(['web'], 'web', false)).toBeNull();
  });
});

describe('personas in the map', () => {
  it('makes a new persona at the end with a fresh, valid id', () => {
    const map = withPersonas();
    const { edit, id } = insertPersona(map, 'Nueva persona');
    // Ids follow the format: 1..64 of [A-Za-z0-9_-], unique across kinds.
    expect(id).toMatch(/^p-[a-z0-9]{12}$/);
    expect(edit).toEqual({ type: 'insert_persona', index: 1, persona: { id, name: 'Nueva persona' }, cards: [], steps: [] });
    // An id already in the map (of any kind) is drawn again.
    const crowded = withPersonas([{ id: 'p-000000000000', name: 'Cero' }]);
    let draw = 0;
    const random = (n: number) => new Uint8Array(n).fill(draw++ === 0 ? 0 : 1);
    expect(insertPersona(crowded, 'Otra', idMaker(crowded, random)).id).toBe('p-111111111111');
  });

  it('moves one place up or down, and not past either end', () => {
    const map = withPersonas([ANA, { id: 'p-luis', name: 'Luis' }]);
    expect(movePersona(map, 'p-luis', -1)).toEqual({ type: 'move_persona', id: 'p-luis', index: 0 });
    expect(movePersona(map, 'p-ana', 1)).toEqual({ type: 'move_persona', id: 'p-ana', index: 1 });
    expect(movePersona(map, 'p-ana', -1)).toBeNull();
    expect(movePersona(map, 'p-luis', 1)).toBeNull();
    expect(movePersona(map, 'nadie', 1)).toBeNull();
  });

  it('makes initials and accepts only PNG and JPEG photos', () => {
    expect(initials('ana pérez garcía')).toBe('AG');
    expect(initials('Ñandú')).toBe('Ñ');
    expect(initials('  ')).toBe('');
    expect(isPhoto(TINY_PNG)).toBe(true);
    expect(isPhoto('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isPhoto('https://example.com/a.png')).toBe(false);
  });
});

/** A panel on an editor with the sample map and its personas open. */
async function panelOn(map = withPersonas()) {
  const backend = new MockBackend({ views: [mapView(map)] });
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open('map-1');
  return { backend, editor, panel: new PersonaPanel(editor) };
}

const editsSent = (backend: MockBackend) => backend.callsOf('apply_edit').map((c) => c.args.edit);

describe('PersonaPanel', () => {
  it('opens on the persona asked for, else the one shown last, else the first', async () => {
    const { panel } = await panelOn(withPersonas([ANA, { id: 'p-luis', name: 'Luis' }]));
    panel.show();
    expect([panel.open, panel.selected]).toEqual([true, 'p-ana']);
    panel.show('p-luis');
    panel.close();
    panel.show();
    expect(panel.selected).toBe('p-luis');
    panel.toggle();
    expect(panel.open).toBe(false);
  });

  it('adds a persona as one insert_persona and shows it', async () => {
    const { backend, editor, panel } = await panelOn();
    const id = await panel.add('Nueva persona');
    expect(editsSent(backend)).toEqual([{ type: 'insert_persona', index: 1, persona: { id, name: 'Nueva persona' }, cards: [], steps: [] }]);
    expect(panel.selected).toBe(id);
    expect(editor.map?.personas?.map((p) => p.name)).toEqual(['Ana', 'Nueva persona']);
  });

  it('sends an update with only the changed fields, and nothing when nothing changed', async () => {
    const { backend, editor, panel } = await panelOn();
    expect(await panel.update('p-ana', { role: 'Dueña de la panadería' })).toBe(true);
    expect(editsSent(backend)).toEqual([]);
    await panel.update('p-ana', { role: 'Panadera', name: 'Ana' });
    expect(editsSent(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { role: 'Panadera' } }]);
    expect(editor.map?.personas?.[0]?.role).toBe('Panadera');
  });

  it('puts the picked photo on the persona, and sends nothing when the dialog is cancelled', async () => {
    const { backend, editor, panel } = await panelOn();
    backend.dialogAnswers.push(null);
    expect(await panel.pickPhoto('p-ana', 'Elegir la foto de Ana')).toBe(false);
    expect(editsSent(backend)).toEqual([]);

    backend.dialogAnswers.push(TINY_PNG);
    const picking = panel.pickPhoto('p-ana', 'Elegir la foto de Ana');
    expect(panel.picking).toBe(true);
    expect(await picking).toBe(true);
    expect(panel.picking).toBe(false);
    expect(backend.callsOf('pick_photo').map((c) => c.args.title)).toEqual(['Elegir la foto de Ana', 'Elegir la foto de Ana']);
    expect(editsSent(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { photo: TINY_PNG } }]);
    // Rust stores the photo re-encoded (store/src/photo.rs): a PNG still.
    expect(editor.map?.personas?.[0]?.photo).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  });

  it('keeps the reason when the photo cannot be read', async () => {
    const { backend, panel } = await panelOn();
    backend.failNext('pick_photo', { code: 'invalid_input', message: 'not an image' });
    expect(await panel.pickPhoto('p-ana', 'Foto')).toBe(false);
    expect(panel.error).toEqual({ code: 'invalid_input', message: 'not an image' });
    expect(editsSent(backend)).toEqual([]);
  });

  it('moves and deletes; after a delete the neighbour is shown', async () => {
    const luis = { id: 'p-luis', name: 'Luis' };
    const eva = { id: 'p-eva', name: 'Eva' };
    const { backend, editor, panel } = await panelOn(withPersonas([ANA, luis, eva]));
    await panel.move('p-eva', -1);
    expect(editor.map?.personas?.map((p) => p.id)).toEqual(['p-ana', 'p-eva', 'p-luis']);
    panel.show('p-eva');
    await panel.remove('p-eva');
    expect(editsSent(backend).at(-1)).toEqual({ type: 'delete_persona', id: 'p-eva' });
    expect(panel.selected).toBe('p-luis');
    await panel.remove('p-luis');
    await panel.remove('p-ana');
    expect(panel.selected).toBeNull();
    await settle();
    // Rust keeps no empty list: the map has no personas.
    expect(editor.map?.personas ?? []).toEqual([]);
  });
});
