import { describe, expect, it } from 'vitest';
import { Screens } from './screens.svelte';

describe('Screens', () => {
  it('loads the editor screen once, on the first ask, and keeps it', async () => {
    const screens = new Screens();
    expect(screens.editorView).toBeNull();

    const first = screens.loadEditor();
    const again = screens.loadEditor();
    expect(again).toBe(first);

    const component = await first;
    expect(typeof component).toBe('function');
    expect(screens.editorView).toBe(component);
  });
});
