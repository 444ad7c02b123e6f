import { afterEach, describe, expect, it } from 'vitest';
import { TINY_PNG, type MockBackend } from '../../testing/mock';
import type { JourneyMap, MapView, Persona } from '../../bindings';
import { mapView } from '../../testing/fixtures';
import { allByTestId as all, byTestId as one, closeEditorScreen, flush, openEditorScreen, press } from '../../testing/screen';
import { sampleMap } from '../../testing/maps';

afterEach(closeEditorScreen);

const ANA: Persona = { id: 'p-ana', name: 'Ana', role: 'Dueña', goals: ['Vender más'], channels: ['store'] };
const LUIS: Persona = { id: 'p-luis', name: 'Luis' };

/** The editor screen with the sample map (and these personas) open. */
async function openEditor(personas: Persona[] = [structuredClone(ANA), structuredClone(LUIS)], edit?: (view: MapView) => void) {
  const map: JourneyMap = { ...sampleMap(), personas };
  const view = mapView(map);
  edit?.(view);
  return openEditorScreen(view);
}

const edits = (backend: MockBackend) => backend.callsOf('apply_edit').map((c) => c.args.edit);

async function openPanel() {
  one<HTMLButtonElement>('open-personas')!.click();
  await flush();
  return one('personas-panel')!;
}

/** Types into a field and leaves it (the `change` a browser sends on blur or Enter). */
async function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  field.focus();
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  await flush();
}

describe('personas drawer', () => {
  it('opens from the toolbar on the first persona, in place of the inspector, and closes back to the button', async () => {
    await openEditor();
    const button = one<HTMLButtonElement>('open-personas')!;
    button.focus();
    const panel = await openPanel();
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelector('.inspector')).toBeNull();
    const items = all('persona-item');
    expect(items.map((i) => i.dataset.personaId)).toEqual(['p-ana', 'p-luis']);
    expect(items[0]!.textContent).toContain('Dueña');
    // The form shows the first persona, and the focus is on it in the list.
    expect(one<HTMLInputElement>('persona-name')!.value).toBe('Ana');
    expect(document.activeElement?.closest('[data-persona-id]')?.getAttribute('data-persona-id')).toBe('p-ana');

    one<HTMLButtonElement>('personas-close')!.click();
    await flush();
    expect(one('personas-panel')).toBeNull();
    expect(document.querySelector('.inspector')).not.toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('opens and closes from the native menu', async () => {
    const { backend } = await openEditor();
    backend.chooseMenu('personas');
    await flush();
    expect(one('personas-panel')).not.toBeNull();
    backend.chooseMenu('personas');
    await flush();
    expect(one('personas-panel')).toBeNull();
  });

  it('opens on the persona double-clicked in the map’s header', async () => {
    // The sketch layout draws no personas; the Scene Rust makes has a hit region for each.
    await openEditor(undefined, (view) => view.scene.hits.push({ target: { kind: 'persona', id: 'p-luis' }, x: 600, y: 84, w: 200, h: 40 }));
    const canvas = one('canvas')!;
    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: 700, clientY: 100, button: 0, detail: 2 }));
    await flush();
    expect(one('personas-panel')).not.toBeNull();
    expect(one<HTMLInputElement>('persona-name')!.value).toBe('Luis');
  });

  it('sends a field when it is left, with only that field; Esc puts back what was typed', async () => {
    const { backend } = await openEditor();
    await openPanel();
    const role = one<HTMLInputElement>('persona-role')!;
    role.focus();
    role.value = 'Panad';
    role.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    // Typing sends nothing.
    expect(edits(backend)).toEqual([]);
    // Esc with something typed reverts the field and leaves the drawer open.
    press(role, 'Escape');
    expect(role.value).toBe('Dueña');
    expect(one('personas-panel')).not.toBeNull();

    await type(role, '  Panadera  ');
    expect(edits(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { role: 'Panadera' } }]);
    expect(role.value).toBe('Panadera');
    expect(all('persona-item')[0]!.textContent).toContain('Panadera');

    // Leaving a field unchanged sends nothing.
    await type(one<HTMLInputElement>('persona-name')!, 'Ana');
    await type(one<HTMLTextAreaElement>('persona-quote')!, 'Quiero pan a las siete');
    expect(edits(backend).slice(1)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { quote: 'Quiero pan a las siete' } }]);

    // Esc with nothing typed closes the drawer.
    press(one<HTMLInputElement>('persona-role')!, 'Escape');
    await flush();
    expect(one('personas-panel')).toBeNull();
  });

  it('keeps the old name when the name is emptied, and says why', async () => {
    const { backend } = await openEditor();
    await openPanel();
    const name = one<HTMLInputElement>('persona-name')!;
    await type(name, '   ');
    expect(edits(backend)).toEqual([]);
    expect(name.value).toBe('Ana');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('no puede quedar vacío');
  });

  it('edits goals line by line: add, change, empty to remove, remove button', async () => {
    const { backend } = await openEditor();
    await openPanel();
    one<HTMLButtonElement>('persona-goal-add')!.click();
    await flush();
    const fresh = all<HTMLInputElement>('persona-goal').at(-1)!;
    expect(document.activeElement).toBe(fresh);
    await type(fresh, 'Abrir antes');
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { goals: ['Vender más', 'Abrir antes'] } });
    expect(all<HTMLInputElement>('persona-goal').map((i) => i.value)).toEqual(['Vender más', 'Abrir antes']);

    await type(all<HTMLInputElement>('persona-goal')[0]!, 'Vender más pan');
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { goals: ['Vender más pan', 'Abrir antes'] } });

    await type(all<HTMLInputElement>('persona-goal')[0]!, '');
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { goals: ['Abrir antes'] } });

    all<HTMLButtonElement>('persona-goal-remove')[0]!.click();
    await flush();
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { goals: null } });
    expect(all('persona-goal')).toHaveLength(0);
    expect(edits(backend)).toHaveLength(4);
  });

  it('adds frustrations one after another with Enter, and drops an empty new line', async () => {
    const { backend } = await openEditor();
    await openPanel();
    one<HTMLButtonElement>('persona-frustration-add')!.click();
    await flush();
    const line = all<HTMLInputElement>('persona-frustration')[0]!;
    line.value = 'Colas largas';
    press(line, 'Enter');
    await flush();
    expect(edits(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { frustrations: ['Colas largas'] } }]);
    // Another empty line is open, with the focus, for the next one.
    const next = all<HTMLInputElement>('persona-frustration').at(-1)!;
    expect(next.value).toBe('');
    expect(document.activeElement).toBe(next);
    next.dispatchEvent(new FocusEvent('blur'));
    await flush();
    expect(all<HTMLInputElement>('persona-frustration').map((i) => i.value)).toEqual(['Colas largas']);
    expect(edits(backend)).toHaveLength(1);
  });

  it('ticks the channels they use', async () => {
    const { backend } = await openEditor();
    await openPanel();
    expect(one<HTMLInputElement>('persona-channel-store')!.checked).toBe(true);
    const web = one<HTMLInputElement>('persona-channel-web')!;
    expect(web.closest('label')?.querySelector('use')?.getAttribute('href')).toBe('#icon-web');
    web.click();
    await flush();
    expect(edits(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { channels: ['web', 'store'] } }]);
    one<HTMLInputElement>('persona-channel-store')!.click();
    await flush();
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { channels: ['web'] } });
  });

  it('picks a photo through the native dialog, shows it round, and removes it', async () => {
    const { backend } = await openEditor();
    await openPanel();
    expect(one('persona-photo')).toBeNull();
    expect(one('persona-photo-remove')).toBeNull();
    backend.dialogAnswers.push(TINY_PNG);
    one<HTMLButtonElement>('persona-photo-pick')!.click();
    await flush();
    expect(backend.callsOf('pick_photo')[0]?.args.title).toBe('Elegir la foto de Ana');
    expect(edits(backend)).toEqual([{ type: 'update_persona', id: 'p-ana', patch: { photo: TINY_PNG } }]);
    const img = one<HTMLImageElement>('persona-photo')!;
    // Rust stores the photo re-encoded (store/src/photo.rs): a PNG still.
    expect(img.getAttribute('src')).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(img.alt).toBe('Foto de Ana');

    one<HTMLButtonElement>('persona-photo-remove')!.click();
    await flush();
    expect(edits(backend).at(-1)).toEqual({ type: 'update_persona', id: 'p-ana', patch: { photo: null } });
    expect(one('persona-photo')).toBeNull();
  });

  it('shows why a photo could not be used, and changes nothing', async () => {
    const { backend } = await openEditor();
    const panel = await openPanel();
    backend.failNext('pick_photo', { code: 'invalid_input', message: 'not an image' });
    one<HTMLButtonElement>('persona-photo-pick')!.click();
    await flush();
    expect(panel.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('invalid_input');
    expect(edits(backend)).toEqual([]);
  });

  it('adds a persona and puts the focus on its name, ready to type', async () => {
    const { backend } = await openEditor([]);
    const panel = await openPanel();
    expect(panel.textContent).toContain('aún no tiene personas');
    one<HTMLButtonElement>('persona-add')!.click();
    await flush();
    const sent = edits(backend);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'insert_persona', index: 0, persona: { name: 'Nueva persona' } });
    const name = one<HTMLInputElement>('persona-name')!;
    expect(name.value).toBe('Nueva persona');
    expect(document.activeElement).toBe(name);
  });

  it('reorders with the up and down buttons, keeping the focus on the persona moved', async () => {
    const { backend } = await openEditor();
    await openPanel();
    const [, luis] = all('persona-item');
    expect(luis!.querySelector<HTMLButtonElement>('[data-testid="persona-down"]')!.disabled).toBe(true);
    luis!.querySelector<HTMLButtonElement>('[data-testid="persona-up"]')!.click();
    await flush();
    expect(edits(backend)).toEqual([{ type: 'move_persona', id: 'p-luis', index: 0 }]);
    expect(all('persona-item').map((i) => i.dataset.personaId)).toEqual(['p-luis', 'p-ana']);
    // At the top now, so the focus moves to its other button.
    expect(document.activeElement?.getAttribute('data-testid')).toBe('persona-down');
    expect(document.activeElement?.closest('[data-persona-id]')?.getAttribute('data-persona-id')).toBe('p-luis');
  });

  it('deletes only after confirming, then shows the next persona', async () => {
    const { backend } = await openEditor();
    await openPanel();
    one<HTMLButtonElement>('persona-delete')!.click();
    await flush();
    const confirm = one<HTMLButtonElement>('persona-delete-confirm')!;
    expect(document.activeElement).toBe(confirm);
    one<HTMLButtonElement>('persona-delete-cancel')!.click();
    await flush();
    expect(edits(backend)).toEqual([]);

    one<HTMLButtonElement>('persona-delete')!.click();
    await flush();
    one<HTMLButtonElement>('persona-delete-confirm')!.click();
    await flush();
    expect(edits(backend)).toEqual([{ type: 'delete_persona', id: 'p-ana' }]);
    expect(all('persona-item').map((i) => i.dataset.personaId)).toEqual(['p-luis']);
    expect(one<HTMLInputElement>('persona-name')!.value).toBe('Luis');
  });
});
