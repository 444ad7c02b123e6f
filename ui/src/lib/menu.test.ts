import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import { MenuTable } from './menu';

describe('MenuTable', () => {
  it('runs the action of the layer added last that has one, and stops after removal', () => {
    const table = new MenuTable();
    const ran: string[] = [];
    table.add({ undo: () => ran.push('editor undo'), personas: () => ran.push('personas') });
    const removeTop = table.add({ undo: () => ran.push('dialog undo') });
    expect(table.run('undo')).toBe(true);
    // The top layer has no `personas`, so the one below answers.
    expect(table.run('personas')).toBe(true);
    removeTop();
    expect(table.run('undo')).toBe(true);
    expect(ran).toEqual(['dialog undo', 'personas', 'editor undo']);
    expect(table.run('quit')).toBe(false);
  });

  it('lets a modal layer stop the ids it does not handle', () => {
    const table = new MenuTable();
    const ran: string[] = [];
    table.add({ undo: () => ran.push('undo') });
    const remove = table.add({ present: () => ran.push('end') }, { modal: true });
    expect(table.run('undo')).toBe(false);
    expect(table.run('present')).toBe(true);
    remove();
    expect(table.run('undo')).toBe(true);
    expect(ran).toEqual(['end', 'undo']);
  });

  it('removes exactly the layer it added, even when the same actions were added twice', () => {
    const table = new MenuTable();
    let n = 0;
    const actions = { personas: () => n++ };
    const first = table.add(actions);
    table.add(actions);
    first();
    table.run('personas');
    expect(n).toBe(1);
  });

  it('hears the native menu through the backend until told to stop', async () => {
    const backend = new MockBackend();
    const table = new MenuTable();
    const ran: string[] = [];
    table.add({ present: () => ran.push('present') });
    const stop = await table.listen(backend);
    backend.chooseMenu('present');
    stop();
    backend.chooseMenu('present');
    expect(ran).toEqual(['present']);
  });
});
