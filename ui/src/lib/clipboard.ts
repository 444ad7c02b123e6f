import type { Editor } from './editor.svelte';

/**
 * Copies the selected cards (Ctrl+C, the canvas menu, Edit → Copy): the editor keeps them to
 * paste with new ids, and the system clipboard gets their text for other apps (which it may
 * refuse; that is fine). Resolves nothing; returns how many cards were copied.
 */
export function copyCards(editor: Pick<Editor, 'copySelection' | 'clipboard'>): number {
  const n = editor.copySelection();
  if (n === 0) return 0;
  const text = editor.clipboard.map((c) => c.text).join('\n\n');
  void globalThis.navigator?.clipboard?.writeText(text).catch(() => undefined);
  return n;
}
