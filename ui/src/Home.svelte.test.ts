import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend, TINY_PNG } from './lib/testing/mock';
import type { OpenedFile } from './lib/bindings';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';
import { HOME_PAGE } from './lib/home/paging';
import { mapView, MAPS, settle, TEMPLATES } from './lib/testing/fixtures';
import { sampleMap } from './lib/testing/maps';
import { refusedFile } from './lib/testing/fileErrors';
import { screens } from './lib/screens.svelte';

// The editor's screen loads apart in the app (screens.svelte.ts); here it is read before the tests.
beforeAll(async () => {
  await screens.loadEditor();
});

let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.replaceChildren();
});

async function flush(times = 3) {
  for (let i = 0; i < times; i++) {
    await settle();
    flushSync();
  }
}

/** Waits out the search box's pause (150 ms) and the answer. */
async function afterTyping() {
  await new Promise((r) => setTimeout(r, 200));
  await flush();
}

/** Mounts the app on `backend`; answers its library. */
async function render(backend: MockBackend, lang: Lang = 'es'): Promise<Library> {
  const library = new Library(backend);
  app = mount(App, {
    target: document.body,
    props: { i18n: new I18n(lang), library, editor: new Editor(backend), settings: new Settings(backend) },
  });
  await flush();
  return library;
}

const one = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const all = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const titles = () => all('li[data-map-id] h3').map((h) => h.textContent?.trim());
const card = (id: string) => one(`li[data-map-id="${id}"]`)!;

function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function key(target: Element, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
}

/** A library with a map that has cards, so the search can find card text. */
function withCards() {
  const map = { ...sampleMap(), id: 'm-pan', title: 'Panadería del barrio' };
  return new MockBackend({
    maps: [MAPS[0]!],
    views: [mapView(map)],
    templates: TEMPLATES,
  });
}

async function chooseInMenu(id: string, action: string) {
  one<HTMLButtonElement>(`[data-testid="map-menu"][data-map-id="${id}"]`)!.click();
  flushSync();
  one<HTMLButtonElement>(`[data-testid="map-action-${action}"]`)!.click();
  await flush();
}

describe('library home: cards', () => {
  it('shows each map as a card with its thumbnail, and opens it on click', async () => {
    // jsdom has no IntersectionObserver, so every thumbnail is asked for at once.
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    expect(backend.callsOf('map_thumbnail').map((c) => c.args.id).sort()).toEqual(['m-newer', 'm-older']);
    expect(card('m-older').querySelector('img')?.getAttribute('src')).toBe(TINY_PNG);
    // Template previews come in the template's language, one per template.
    expect(backend.callsOf('template_preview').map((c) => c.args)).toEqual([
      { template: 'classic', lang: 'es' },
      { template: 'ecommerce', lang: 'es' },
    ]);
    expect(one('[data-testid="template-preview-classic"] img')).not.toBeNull();

    one<HTMLButtonElement>('[data-testid="open-map"][data-map-id="m-older"]')!.click();
    await flush();
    expect(document.documentElement.dataset.mapId).toBe('m-older');

    // Back in the library, the keyboard focus is on the card of the map that was open.
    one<HTMLButtonElement>('[data-testid="back"]')!.click();
    await flush();
    expect(document.activeElement).toBe(one('[data-testid="open-map"][data-map-id="m-older"]'));
  });

  it('shimmers only the pictures on their way: those out of sight, not asked for yet, stand still', async () => {
    // An IntersectionObserver that tells of nothing in view until the test says so.
    const observers: { callback: IntersectionObserverCallback; nodes: Element[] }[] = [];
    class Watcher {
      nodes: Element[] = [];
      constructor(readonly callback: IntersectionObserverCallback) {
        observers.push(this);
      }
      observe(node: Element) {
        this.nodes.push(node);
      }
      disconnect() {
        this.nodes = [];
      }
    }
    const had = (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = Watcher;
    try {
      const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
      const answer: ((png: string) => void)[] = [];
      backend.template_preview = () => new Promise<string>((resolve) => answer.push(resolve));
      await render(backend);
      const skeletons = () => all('[data-testid^="template-preview-"] .skeleton');
      expect(answer).toHaveLength(0);
      expect(skeletons().length).toBe(2);
      // Out of sight: a still placeholder (a shimmer out of sight still costs WebKit a frame each time).
      expect(skeletons().every((s) => !s.classList.contains('loading'))).toBe(true);
      // Scrolled into sight: asked for, and shimmering while they come.
      for (const o of observers) {
        const entries = o.nodes.map((target) => ({ target, isIntersecting: true }) as unknown as IntersectionObserverEntry);
        if (entries.length > 0) o.callback(entries, o as unknown as IntersectionObserver);
      }
      await flush();
      expect(answer.length).toBe(2);
      expect(skeletons().length).toBe(2);
      expect(skeletons().every((s) => s.classList.contains('loading'))).toBe(true);
      for (const resolve of answer) resolve(TINY_PNG);
      await flush();
      expect(skeletons()).toHaveLength(0);
      expect(one('[data-testid="template-preview-classic"] img')).not.toBeNull();
    } finally {
      (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = had;
    }
  });

  it('draws a thumbnail again once the map has changed', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    const library = await render(backend);
    expect(backend.callsOf('map_thumbnail').filter((c) => c.args.id === 'm-older')).toHaveLength(1);

    // An edit elsewhere moved its last change on; the re-read list carries the new instant.
    backend.maps.find((m) => m.id === 'm-older')!.updated_at = '2025-06-01T10:00:00Z';
    await library.refresh();
    await flush();

    expect(backend.callsOf('map_thumbnail').filter((c) => c.args.id === 'm-older')).toHaveLength(2);
    expect(card('m-older').querySelector('img')?.getAttribute('src')).toBe(TINY_PNG);
  });

  it('sorts by title, size or cards, and remembers the choice', async () => {
    const backend = new MockBackend({
      maps: [...MAPS, { id: 'm-big', title: 'Agencia de viajes', updated_at: '2024-01-01T00:00:00Z', cards: 40, bytes: 90_000 }],
      templates: TEMPLATES,
    });
    await render(backend);
    expect(titles()).toEqual(['Panadería del barrio', 'Clínica dental', 'Agencia de viajes']);

    const select = one<HTMLSelectElement>('[data-testid="home-sort"]')!;
    select.value = 'title';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(titles()).toEqual(['Agencia de viajes', 'Clínica dental', 'Panadería del barrio']);

    select.value = 'size';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(titles()).toEqual(['Agencia de viajes', 'Clínica dental', 'Panadería del barrio']);
    expect(backend.settings.get('home.sort')).toBe('size');

    // A restart comes back sorted the same way.
    unmount(app!);
    document.body.replaceChildren();
    await render(backend);
    expect(one<HTMLSelectElement>('[data-testid="home-sort"]')!.value).toBe('size');
  });
});

describe('library home: a long library', () => {
  const many = Array.from({ length: 130 }, (_, i) => ({
    id: `m-${i}`,
    title: `Recorrido ${String(i).padStart(3, '0')}`,
    updated_at: new Date(Date.UTC(2025, 0, 1, 0, 0, 130 - i)).toISOString(),
    cards: 4,
    bytes: 1_000,
  }));

  it('draws the first page of maps, and the next with "show more"', async () => {
    await render(new MockBackend({ maps: many, templates: TEMPLATES }));
    expect(titles()).toHaveLength(HOME_PAGE);
    expect(titles()[0]).toBe('Recorrido 000');
    expect(one('[data-testid="home-page"]')!.textContent).toContain(`${HOME_PAGE} de 130`);

    one<HTMLButtonElement>('[data-testid="home-more"]')!.click();
    flushSync();
    expect(titles()).toHaveLength(2 * HOME_PAGE);
    one<HTMLButtonElement>('[data-testid="home-more"]')!.click();
    flushSync();
    // All of them: no "show more" any longer.
    expect(titles()).toHaveLength(130);
    expect(one('[data-testid="home-more"]')).toBeNull();

    // Another order starts from the first page again.
    const select = one<HTMLSelectElement>('[data-testid="home-sort"]')!;
    select.value = 'title';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(titles()).toHaveLength(HOME_PAGE);
  });

  it('draws as far as a card that is to take the focus', async () => {
    const backend = new MockBackend({ maps: many, templates: TEMPLATES });
    const library = await render(backend);
    library.requestFocus('m-120');
    await flush();
    expect(titles()).toHaveLength(3 * HOME_PAGE > 130 ? 130 : 3 * HOME_PAGE);
    expect(document.activeElement?.closest('li[data-map-id]')?.getAttribute('data-map-id')).toBe('m-120');
  });
});

describe('library home: search', () => {
  it('filters by card text, marks what matched, and clears with Esc', async () => {
    const backend = withCards();
    await render(backend);
    expect(titles()).toHaveLength(2);

    const input = one<HTMLInputElement>('[data-testid="home-search"]')!;
    type(input, 'huele');
    await afterTyping();

    expect(backend.callsOf('search_maps').map((c) => c.args.query)).toEqual(['huele']);
    expect(titles()).toEqual(['Panadería del barrio']);
    const snippet = card('m-pan').querySelector('[data-testid="map-snippets"] li')!;
    expect(snippet.textContent).toBe('Huele el pan al pasar');
    expect(snippet.querySelector('mark')?.textContent).toBe('Huele');
    expect(one('[data-testid="home-search-status"]')?.textContent).toBe('1 mapa contiene «huele»');
    // The templates step aside while searching.
    expect(one('#start-title')).toBeNull();

    key(input, 'Escape');
    flushSync();
    expect(input.value).toBe('');
    expect(titles()).toHaveLength(2);
    expect(one('#start-title')).not.toBeNull();
  });

  it('marks a title match, ignoring accents', async () => {
    await render(withCards());
    type(one<HTMLInputElement>('[data-testid="home-search"]')!, 'panaderia');
    await afterTyping();
    expect(card('m-pan').querySelector('h3 mark')?.textContent).toBe('Panadería');
  });

  it('says when nothing matches, and the clear button brings the maps back', async () => {
    await render(withCards());
    const input = one<HTMLInputElement>('[data-testid="home-search"]')!;
    type(input, 'zzz');
    await afterTyping();

    expect(one('[data-testid="home-search-none"]')?.textContent).toContain('Ningún mapa contiene «zzz»');
    expect(titles()).toEqual([]);

    one<HTMLButtonElement>('[data-testid="home-search-clear"]')!.click();
    flushSync();
    expect(titles()).toHaveLength(2);
    expect(document.activeElement).toBe(input);
  });

  it('puts found card text into the page as text, never as markup', async () => {
    const map = sampleMap();
    map.cards[0]!.text = '<img src=x onerror="alert(1)"> pan';
    const backend = new MockBackend({ views: [mapView({ ...map, id: 'm-x', title: 'X' })], templates: TEMPLATES });
    await render(backend);
    type(one<HTMLInputElement>('[data-testid="home-search"]')!, 'pan');
    await afterTyping();

    const snippet = card('m-x').querySelector('[data-testid="map-snippets"]')!;
    expect(snippet.textContent).toContain('<img src=x onerror="alert(1)"> pan');
    expect(snippet.querySelector('img')).toBeNull();
  });

  it('goes to the search box with Ctrl+F', async () => {
    await render(withCards());
    key(document.body, 'f', { ctrlKey: true });
    expect(document.activeElement).toBe(one('[data-testid="home-search"]'));
  });
});

describe('library home: actions on a map', () => {
  it('renames from the card menu in a dialog; Enter confirms and the focus comes back', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    await chooseInMenu('m-older', 'rename');
    const input = one<HTMLInputElement>('[data-testid="rename-input"]')!;
    expect(input.value).toBe('Clínica dental');
    expect(document.activeElement).toBe(input);

    // An empty title is refused here, with a message, before anything is sent.
    type(input, '   ');
    input.form!.requestSubmit();
    flushSync();
    expect(one('[data-testid="rename-dialog"] [role="alert"]')?.textContent).toBe('El título no puede quedar vacío.');
    expect(backend.callsOf('rename_map')).toEqual([]);

    type(input, 'Clínica Sonrisas');
    input.form!.requestSubmit();
    await flush();

    expect(backend.callsOf('rename_map')).toEqual([{ command: 'rename_map', args: { id: 'm-older', title: 'Clínica Sonrisas' } }]);
    expect(one('[data-testid="rename-dialog"]')).toBeNull();
    expect(card('m-older').querySelector('h3')?.textContent?.trim()).toBe('Clínica Sonrisas');
    expect(document.activeElement).toBe(one('[data-testid="map-menu"][data-map-id="m-older"]'));
  });

  it('opens the card menu from the keyboard, Esc closes it, and its button toggles it', async () => {
    await render(new MockBackend({ maps: MAPS, templates: TEMPLATES }));
    const more = one<HTMLButtonElement>('[data-testid="map-menu"][data-map-id="m-older"]')!;

    more.click();
    flushSync();
    expect(more.getAttribute('aria-expanded')).toBe('true');
    // The first item has the focus, so arrows and Enter work at once.
    expect(document.activeElement).toBe(one('[data-testid="map-action-open"]'));
    key(document.activeElement!, 'Escape');
    flushSync();
    expect(one('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(more);

    // A press on the button of an open menu closes it and does not open it again.
    more.click();
    flushSync();
    more.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    flushSync();
    more.click();
    flushSync();
    expect(one('[role="menu"]')).toBeNull();
    expect(more.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens the rename dialog with F2 on a card, and Esc closes it without renaming', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);
    const open = one<HTMLButtonElement>('[data-testid="open-map"][data-map-id="m-newer"]')!;
    open.focus();

    key(open, 'F2');
    flushSync();
    const dialog = one('[data-testid="rename-dialog"]')!;
    expect(dialog).not.toBeNull();

    key(dialog, 'Escape');
    flushSync();
    expect(one('[data-testid="rename-dialog"]')).toBeNull();
    expect(backend.callsOf('rename_map')).toEqual([]);
    expect(document.activeElement).toBe(open);
  });

  it('duplicates as "<title> (copia)", points the copy out and focuses it', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    await chooseInMenu('m-newer', 'duplicate');

    expect(backend.callsOf('duplicate_map')).toEqual([
      { command: 'duplicate_map', args: { id: 'm-newer', title: 'Panadería del barrio (copia)' } },
    ]);
    const copy = card('map-1');
    expect(copy.querySelector('h3')?.textContent).toContain('Panadería del barrio (copia)');
    expect(copy.querySelector('.badge')?.textContent).toBe('Nuevo');
    expect(document.activeElement).toBe(copy.querySelector('[data-testid="open-map"]'));
    expect(one('[data-testid="toast"]')?.textContent).toContain('Se creó «Panadería del barrio (copia)»');
  });

  it('names the copy in English when the UI is in English', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend, 'en');
    await chooseInMenu('m-newer', 'duplicate');
    expect(backend.callsOf('duplicate_map')[0]?.args.title).toBe('Panadería del barrio (copy)');
  });

  it('moves a map to the trash with an Undo that brings it back', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    await chooseInMenu('m-newer', 'delete');

    expect(backend.callsOf('delete_map')).toEqual([{ command: 'delete_map', args: { id: 'm-newer' } }]);
    expect(titles()).toEqual(['Clínica dental']);
    expect(one('[data-testid="home-trash-count"]')?.textContent).toBe('1');
    // The focus moves on to the card that was next to it.
    expect(document.activeElement).toBe(one('[data-testid="open-map"][data-map-id="m-older"]'));
    const toast = one('[data-testid="toast"]')!;
    expect(toast.textContent).toContain('«Panadería del barrio» se movió a la papelera');

    one<HTMLButtonElement>('[data-testid="toast-action"]')!.click();
    await flush();

    expect(backend.callsOf('restore_map')).toEqual([{ command: 'restore_map', args: { id: 'm-newer' } }]);
    expect(titles()).toEqual(['Panadería del barrio', 'Clínica dental']);
    expect(one('[data-testid="home-trash-count"]')).toBeNull();
    expect(document.activeElement).toBe(one('[data-testid="open-map"][data-map-id="m-newer"]'));
  });

  it('moves a focused card to the trash with the Delete key', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);
    const open = one<HTMLButtonElement>('[data-testid="open-map"][data-map-id="m-older"]')!;
    open.focus();

    key(open, 'Delete');
    await flush();

    expect(backend.callsOf('delete_map')).toEqual([{ command: 'delete_map', args: { id: 'm-older' } }]);
    expect(titles()).toEqual(['Panadería del barrio']);
  });

  it('saves a map as a .travesia file and says where', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.dialogAnswers.push('/home/ana/clinica.travesia');
    await render(backend);

    await chooseInMenu('m-older', 'save');

    expect(backend.callsOf('save_map_file')).toEqual([
      { command: 'save_map_file', args: { id: 'm-older', title: 'Guardar «Clínica dental» como archivo .travesia' } },
    ]);
    expect(one('[data-testid="toast"]')?.textContent).toContain('Guardado en /home/ana/clinica.travesia');
  });

  it('says where a photo dropped on the home goes, and changes nothing', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);
    const calls = backend.calls.length;

    backend.dropImage({ token: 7, name: 'lucía.png', x: 300, y: 200 }, TINY_PNG);
    await flush();

    expect(one('[data-testid="toast"]')?.textContent).toContain(
      '«lucía.png» es una imagen: abre un mapa y suéltala sobre una persona para ponerle foto.',
    );
    expect(backend.calls.slice(calls).map((c) => c.command)).toEqual([]);
  });

  it('shows a failed action in the banner and keeps the card', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.failNext('delete_map', { code: 'io', message: 'read-only' });
    await render(backend);

    await chooseInMenu('m-older', 'delete');

    expect(one('[role="alert"]')?.getAttribute('data-code')).toBe('io');
    expect(titles()).toEqual(['Panadería del barrio', 'Clínica dental']);
    expect(one('[data-testid="toast"]')).toBeNull();
  });
});

describe('library home: trash', () => {
  async function withTrash() {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await backend.deleteMap('m-older');
    await backend.deleteMap('m-newer');
    await render(backend);
    return backend;
  }

  it('lists what is in the trash and restores a map', async () => {
    const backend = await withTrash();
    // Every map is in the trash: the first-start home shows, with the trash still reachable.
    expect(one('[data-testid="example-map"]')).not.toBeNull();
    expect(one('[data-testid="home-trash-count"]')?.textContent).toBe('2');

    one<HTMLButtonElement>('[data-testid="home-trash"]')!.click();
    await flush();
    expect(one('[data-testid="trash-view"]')).not.toBeNull();
    expect(document.activeElement).toBe(one('#trash-title'));
    expect(all('[data-trash-id] h3').map((h) => h.textContent)).toEqual(['Panadería del barrio', 'Clínica dental']);

    one<HTMLButtonElement>('[data-testid="trash-restore"][data-map-id="m-older"]')!.click();
    await flush();
    expect(backend.callsOf('restore_map')).toEqual([{ command: 'restore_map', args: { id: 'm-older' } }]);
    expect(all('[data-trash-id]').map((r) => r.dataset.trashId)).toEqual(['m-newer']);

    one<HTMLButtonElement>('[data-testid="trash-back"]')!.click();
    await flush();
    expect(titles()).toEqual(['Clínica dental']);
  });

  it('deletes a map for good only after a yes, and cancelling sends nothing', async () => {
    const backend = await withTrash();
    one<HTMLButtonElement>('[data-testid="home-trash"]')!.click();
    await flush();

    one<HTMLButtonElement>('[data-testid="trash-delete"][data-map-id="m-older"]')!.click();
    flushSync();
    expect(one('[data-testid="confirm-dialog"] h2')?.textContent).toBe('¿Eliminar «Clínica dental» para siempre?');
    // The safe answer has the focus.
    expect(document.activeElement).toBe(one('[data-testid="confirm-no"]'));
    one<HTMLButtonElement>('[data-testid="confirm-no"]')!.click();
    flushSync();
    expect(backend.callsOf('delete_forever')).toEqual([]);

    one<HTMLButtonElement>('[data-testid="trash-delete"][data-map-id="m-older"]')!.click();
    flushSync();
    one<HTMLButtonElement>('[data-testid="confirm-yes"]')!.click();
    await flush();
    expect(backend.callsOf('delete_forever')).toEqual([{ command: 'delete_forever', args: { id: 'm-older' } }]);
    expect(all('[data-trash-id]').map((r) => r.dataset.trashId)).toEqual(['m-newer']);
  });

  it('empties the trash after a yes, and then says it is empty', async () => {
    const backend = await withTrash();
    one<HTMLButtonElement>('[data-testid="home-trash"]')!.click();
    await flush();

    one<HTMLButtonElement>('[data-testid="trash-empty"]')!.click();
    flushSync();
    expect(one('[data-testid="confirm-dialog"] h2')?.textContent).toBe('¿Eliminar para siempre 2 mapas?');
    one<HTMLButtonElement>('[data-testid="confirm-yes"]')!.click();
    await flush();

    expect(backend.callsOf('empty_trash')).toHaveLength(1);
    expect(one('[data-testid="trash-none"]')?.textContent).toContain('La papelera está vacía');
    expect(document.activeElement).toBe(one('#trash-title'));
  });
});

describe('library home: first start', () => {
  it('offers the example map, which goes into the library and opens', async () => {
    const backend = new MockBackend({ templates: TEMPLATES });
    await render(backend);

    const example = one<HTMLButtonElement>('[data-testid="example-map"]')!;
    expect(example.textContent).toContain('Mapa de ejemplo');
    example.click();
    await flush();

    expect(backend.callsOf('open_example')).toHaveLength(1);
    expect(document.documentElement.dataset.mapId).toBe('map-1');
  });

  it('shows the guide until it is closed, and remembers that', async () => {
    const backend = new MockBackend({ templates: TEMPLATES });
    await render(backend);

    const guide = one('[data-testid="guide"]')!;
    expect(guide.textContent).toContain('Etapas');
    expect(guide.textContent).toContain('Haz doble clic en una celda para añadir una tarjeta.');
    one<HTMLButtonElement>('[data-testid="guide-close"]')!.click();
    await flush();

    expect(one('[data-testid="guide"]')).toBeNull();
    expect(backend.settings.get('guide.seen')).toBe('1');

    // Next start: not shown by itself, but the templates and the example are still there.
    unmount(app!);
    document.body.replaceChildren();
    await render(backend);
    expect(one('[data-testid="guide"]')).toBeNull();
    expect(one('[data-testid="template-classic"]')).not.toBeNull();
  });

  it('reopens the guide as a dialog from the home button and from the native menu', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES, settings: { 'guide.seen': '1' } });
    await render(backend);
    expect(one('[data-testid="guide"]')).toBeNull();

    one<HTMLButtonElement>('[data-testid="guide-open"]')!.click();
    flushSync();
    expect(one('[data-testid="guide"]')?.getAttribute('role')).toBe('dialog');
    key(one('[data-testid="guide"]')!, 'Escape');
    flushSync();
    expect(one('[data-testid="guide"]')).toBeNull();

    backend.chooseMenu('guide');
    flushSync();
    expect(one('[data-testid="guide"]')?.getAttribute('role')).toBe('dialog');
    one<HTMLButtonElement>('[data-testid="guide-close"]')!.click();
    flushSync();
    expect(one('[data-testid="guide"]')).toBeNull();
  });
});

describe('library home: files', () => {
  const broken: OpenedFile = refusedFile('broken.es');

  it('shows every problem of a refused file in plain words, with the details under them', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.openedFiles.push(broken);
    await render(backend);

    const dialog = one('[data-testid="file-error"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.querySelector('h2')?.textContent).toBe('No se pudo abrir 1 archivo');
    expect(dialog.querySelector('[data-testid="file-error-path"]')?.textContent).toBe('/home/ana/Descargas/viaje roto.travesia');
    const words = [...dialog.querySelectorAll('[data-testid="file-error-words"]')].map((li) => li.textContent);
    expect(words).toEqual([
      'Etapa 2 «Percibe la necesidad»: el color «azul» no es un color de la forma #RRGGBB',
      'Tarjeta 4 «Buscador y foros de corredores»: la emoción vale 7 y debe estar entre -2 y 2',
      'Tarjeta 6: el texto es un número y debe ser un texto',
    ]);
    // The JSON paths and the rules are there for who reads JSON, folded away.
    const details = dialog.querySelector<HTMLDetailsElement>('[data-testid="file-error-details"]')!;
    expect(details.open).toBe(false);
    const rows = [...details.querySelectorAll('[data-testid="file-error-issue"]')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(rows.map((r) => r[0])).toEqual(['map.stages[1].color', 'map.cards[3].score', 'map.cards[5].text']);
    expect(rows[2]).toEqual(['map.cards[5].text', '123', 'must be a string, found 123']);
    // What can still be imported, and what would be left out.
    const valid = dialog.querySelector('[data-testid="file-error-valid"]')!;
    expect(valid.textContent).toContain('6 etapas, 5 carriles y 14 tarjetas');
    expect([...valid.querySelectorAll('[data-testid="file-error-left-out"]')].map((li) => li.textContent)).toContain('Tarjeta 6');
    expect(titles()).toEqual(['Panadería del barrio', 'Clínica dental']);
    // The first screen is up even with the dialog on it.
    expect(document.body.dataset.ready).toBe('1');

    one<HTMLButtonElement>('[data-testid="file-error-close"]')!.click();
    flushSync();
    expect(one('[data-testid="file-error"]')).toBeNull();
  });

  it('imports the valid part of a refused file from the dialog and opens it', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.openedFiles.push(refusedFile('broken.es', 4));
    await render(backend);

    one<HTMLButtonElement>('[data-testid="file-error-import-valid"]')!.click();
    await flush();

    expect(backend.callsOf('import_valid_part')).toEqual([{ command: 'import_valid_part', args: { token: 4, lang: 'es' } }]);
    expect(one('[data-testid="file-error"]')).toBeNull();
    expect(document.documentElement.dataset.mapId).toMatch(/^map-/);
  });

  it('names the problems in the language of the window', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    backend.openedFiles.push(refusedFile('broken.en'));
    await render(backend, 'en');

    const words = [...document.querySelectorAll('[data-testid="file-error-words"]')].map((li) => li.textContent);
    expect(words).toContain('Card 6: the text is a number and must be a text');
    expect(one('[data-testid="file-error-import-valid"]')?.textContent?.trim()).toBe('Import the valid part');
  });

  it('opens a file from the Open button; a good file opens in the editor', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    backend.dialogAnswers.push('/home/ana/clinica.travesia');
    backend.openedFiles.push({ path: '/home/ana/clinica.travesia', id: 'm-older', error: null });
    one<HTMLButtonElement>('[data-testid="open-file"]')!.click();
    await flush();

    expect(backend.callsOf('open_file')).toEqual([{ command: 'open_file', args: { title: 'Abrir un mapa de Travesía', lang: 'es' } }]);
    expect(document.documentElement.dataset.mapId).toBe('m-older');
  });

  it('opens the last good one of files dropped on the window, and lists the refused ones', async () => {
    const backend = new MockBackend({ maps: MAPS, templates: TEMPLATES });
    await render(backend);

    backend.announceOpenedFiles([
      { path: '/a.travesia', id: 'm-older', error: null },
      broken,
      { path: '/c.travesia', id: 'm-newer', error: null },
    ]);
    await flush();

    expect(document.documentElement.dataset.mapId).toBe('m-newer');
    const dialog = one('[data-testid="file-error"]')!;
    expect(dialog.querySelectorAll('[data-testid="file-error-item"]')).toHaveLength(1);
    expect(dialog.textContent).toContain('Otros 2 archivos sí se importaron; el último está abierto.');
  });
});
