import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandClient, type MapView } from '../bindings';

const sent: { command: string; args: unknown }[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: async (command: string, args?: unknown) => {
    sent.push({ command, args });
    if (command === 'open_map') return { id: 'm', rev: 3 } as unknown as MapView;
    if (command === 'undo_edit') throw { code: 'not_found', message: 'no map m' };
    if (command === 'delete_map') throw 'command delete_map not allowed by ACL';
    return null;
  },
}));

describe('the generated command client', () => {
  it('sends each command under its registered name with its arguments as one object', async () => {
    const calls: [string, unknown][] = [];
    const client = commandClient(async (command, args) => {
      calls.push([command, args]);
      return null;
    });
    await client.set_menu_state({ lang: 'pt-BR', mapOpen: true, canUndo: false, canRedo: true });
    await client.list_maps();
    expect(calls).toEqual([
      ['set_menu_state', { lang: 'pt-BR', mapOpen: true, canUndo: false, canRedo: true }],
      ['list_maps', undefined],
    ]);
    // One method a registered command, and nothing else.
    expect(Object.keys(client).sort()).toEqual([...COMMAND_NAMES].sort());
  });
});

describe('TauriBackend', () => {
  it('invokes the declared names, keeps the views it was answered and turns refusals into AppErrors', async () => {
    const { TauriBackend } = await import('./tauri');
    const backend = new TauriBackend();
    expect((await backend.openMap('m')).rev).toBe(3);
    await expect(backend.undo('m')).rejects.toEqual({ code: 'not_found', message: 'no map m' });
    await expect(backend.deleteMap('m')).rejects.toEqual({
      code: 'internal',
      message: 'command delete_map not allowed by ACL',
    });
    await backend.setMenuState('es', false, false, false);
    expect(sent).toEqual([
      { command: 'open_map', args: { id: 'm' } },
      { command: 'undo_edit', args: { id: 'm' } },
      { command: 'delete_map', args: { id: 'm' } },
      { command: 'set_menu_state', args: { lang: 'es', mapOpen: false, canUndo: false, canRedo: false } },
    ]);
  });
});
