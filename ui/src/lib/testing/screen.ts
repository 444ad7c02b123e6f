import { flushSync, mount, unmount } from 'svelte';
import { MockBackend } from './mock';
import type { MapView } from '../bindings';
import { Editor } from '../editor.svelte';
import { I18n, type Lang } from '../i18n.svelte';
import { MenuTable } from '../menu';
import EditorScreen from './EditorScreen.svelte';
import { settle } from './fixtures';

/** Lets the mock answer and Svelte draw, a few rounds (enough for an edit and its redraw). */
export async function flush(times = 4): Promise<void> {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

let mounted: ReturnType<typeof mount> | undefined;

/**
 * The editor screen (EditorView with the contexts App gives it) on `view`,
 * opened, with the native menu wired to the mock. One at a time; call
 * `closeEditorScreen` after each test.
 */
export async function openEditorScreen(view: MapView, lang: Lang = 'es') {
  const backend = new MockBackend({ views: [view] });
  const editor = new Editor(backend, { frame: () => Promise.resolve() });
  await editor.open(view.id);
  const menu = new MenuTable();
  await menu.listen(backend);
  mounted = mount(EditorScreen, { target: document.body, props: { i18n: new I18n(lang), editor, menu } });
  await flush();
  return { backend, editor, canvas: document.querySelector<HTMLElement>('[data-testid="canvas"]')! };
}

export function closeEditorScreen(): void {
  if (mounted) unmount(mounted);
  mounted = undefined;
  document.body.replaceChildren();
  for (const key of ['mapId', 'busy', 'lastEditMs']) delete document.documentElement.dataset[key];
}

/** A keydown sent to `target`, drawn at once; returned so its `defaultPrevented` can be read. */
export function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(e);
  flushSync();
  return e;
}

/** The element with this data-testid (the first), and all of them. */
export const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);
export const allByTestId = <T extends HTMLElement = HTMLElement>(id: string) => [...document.querySelectorAll<T>(`[data-testid="${id}"]`)];
