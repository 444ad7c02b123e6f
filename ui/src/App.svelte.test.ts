import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { Settings } from './lib/settings';
import { MockBackend } from './lib/testing/mock';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';
import { MAPS, settle, TEMPLATES } from './lib/testing/fixtures';
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

/** Mounts the whole home screen on a mock backend and waits for its first load. */
async function render(backend: MockBackend, lang: Lang = 'es') {
  const i18n = new I18n(lang);
  app = mount(App, {
    target: document.body,
    props: { i18n, library: new Library(backend), editor: new Editor(backend), settings: new Settings(backend) },
  });
  await settle();
  flushSync();
  return { i18n };
}

const texts = (selector: string) =>
  [...document.querySelectorAll(selector)].map((el) => el.textContent?.replace(/\s+/g, ' ').trim());

describe('library home', () => {
  it('shows the first-start home with every template in the UI language', async () => {
    // No maps in the mock, so the library is empty; list_templates('es') answers the two Spanish ones.
    await render(new MockBackend({ templates: TEMPLATES }));

    expect(document.querySelector('#welcome-title')?.textContent).toBe('Te damos la bienvenida a Travesía');
    expect(document.querySelector('[data-testid="example-map"]')).not.toBeNull();
    expect(texts('article h3')).toEqual(['Viaje clásico en cinco fases', 'Tienda en línea en seis pasos']);
    // Counts are pluralized per number: 1 card is singular, 18 is plural.
    expect(texts('article .counts')[1]).toBe('6 etapas 3 carriles 1 tarjeta');
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('article button')];
    expect(buttons.map((b) => b.textContent?.trim())).toEqual([
      'Crear mapa',
      'Solo la estructura',
      'Crear mapa',
      'Solo la estructura',
    ]);
    expect(buttons.every((b) => b.type === 'button' && !b.disabled)).toBe(true);
  });

  it('creates a map from a template with the right arguments and then shows it', async () => {
    // Clicking the first card's button calls create_map and opens the new map in the editor at once;
    // back in the library, the re-read list holds the new map, so the first-start home gives way to
    // the cards and keyboard focus lands on the new map's card.
    const backend = new MockBackend({ templates: TEMPLATES });
    await render(backend);

    document.querySelector<HTMLButtonElement>('article button')!.click();
    await settle();
    flushSync();

    expect(backend.callsOf('create_map')).toEqual([
      { command: 'create_map', args: { template: 'classic', lang: 'es', title: null, example: true } },
    ]);
    expect(backend.callsOf('open_map')).toEqual([{ command: 'open_map', args: { id: 'map-1' } }]);
    expect(document.documentElement.dataset.mapId).toBe('map-1');
    document.querySelector<HTMLButtonElement>('[data-testid="back"]')!.click();
    await settle();
    flushSync();

    expect(document.querySelector('#welcome-title')).toBeNull();
    const card = document.querySelector('li[data-map-id="map-1"]');
    expect(card?.querySelector('h3')?.textContent).toContain('Viaje clásico en cinco fases');
    expect(card?.textContent).toContain('18 tarjetas');
    expect(card?.querySelector('.badge')?.textContent).toBe('Nuevo');
    expect(document.activeElement).toBe(card?.querySelector('[data-testid="open-map"]'));
  });

  it('starts a map from a template\'s stages and lanes only, offered where the template has an example', async () => {
    const blank = { ...TEMPLATES[0]!, id: 'blank', title: 'En blanco', description: 'Tres etapas vacías.', cards: 0 };
    const backend = new MockBackend({ templates: [blank, ...TEMPLATES] });
    await render(backend);
    // The blank map has nothing but its structure: one button only.
    expect(document.querySelector('[data-testid="template-structure-blank"]')).toBeNull();
    const structure = document.querySelector<HTMLButtonElement>('[data-testid="template-structure-classic"]')!;
    expect(structure.textContent?.trim()).toBe('Solo la estructura');
    // Its accessible name holds what it shows.
    expect(structure.getAttribute('aria-label')).toContain('Solo la estructura');
    structure.click();
    await settle();
    flushSync();
    expect(backend.callsOf('create_map')).toEqual([
      { command: 'create_map', args: { template: 'classic', lang: 'es', title: null, example: false } },
    ]);
    expect(document.documentElement.dataset.mapId).toBe('map-1');
    document.querySelector<HTMLButtonElement>('[data-testid="back"]')!.click();
    await settle();
    flushSync();
    expect(document.querySelector('li[data-map-id="map-1"]')?.textContent).toContain('0 tarjetas');
  });

  it('lists maps newest first with the change date, card count and size in the UI language', async () => {
    // m-newer (09:00Z) is later than m-older (10:00+02:00 = 08:00Z). Both are more than a week old,
    // so the card shows the date (Intl, dateStyle medium, "es"); the full date and time is its title.
    await render(new MockBackend({ maps: MAPS, templates: TEMPLATES }));

    expect(texts('li[data-map-id] h3')).toEqual(['Panadería del barrio', 'Clínica dental']);
    const at = new Date('2025-03-01T09:00:00Z');
    const day = new Intl.DateTimeFormat('es', { dateStyle: 'medium' }).format(at);
    const full = new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'short' }).format(at);
    const time = document.querySelector('li[data-map-id] .meta-line time');
    expect(time?.textContent?.trim()).toBe(day);
    expect(time?.getAttribute('title')).toBe(`Último cambio: ${full}`);
    const meta = texts('li[data-map-id] .meta-line')[0];
    expect(meta).toContain('1 tarjeta');
    // 1200 bytes in decimal units, with the Spanish decimal comma.
    expect(meta).toContain('1,2 kB');
    expect(document.querySelector('.count')?.textContent).toBe('2 mapas');
  });

  it('shows a backend error in a banner localized by its code, not by its message', async () => {
    // The banner's main text comes from the `io` entry of the Spanish messages; the backend's
    // English message appears only inside the details element.
    const backend = new MockBackend({ templates: TEMPLATES });
    backend.failNext('list_maps', { code: 'io', message: 'Permission denied (os error 13)' });
    await render(backend);

    const banner = document.querySelector('[role="alert"]');
    expect(banner?.getAttribute('data-code')).toBe('io');
    expect(banner?.querySelector('.text')?.textContent).toBe(
      'No se pudo leer o escribir en el disco. Comprueba el espacio libre y los permisos.',
    );
    expect(banner?.querySelector('details code')?.textContent).toBe('io: Permission denied (os error 13)');

    [...banner!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cerrar aviso')!.click();
    flushSync();
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });

  it('puts user text into the DOM as text, never as markup', async () => {
    // A title that looks like HTML must come out verbatim, with no element created from it.
    const title = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    await render(new MockBackend({ maps: [{ ...MAPS[0]!, title }], templates: TEMPLATES }));

    const h3 = document.querySelector('li[data-map-id] h3')!;
    expect(h3.textContent?.trim()).toBe(title);
    expect(h3.querySelector('img, b')).toBeNull();
  });

  it('sets the document language and switches language with the header buttons', async () => {
    // App mirrors i18n.lang into <html lang>; choosing Español changes it and re-asks templates in Spanish.
    const backend = new MockBackend({ templates: TEMPLATES });
    await render(backend, 'en');
    expect(document.documentElement.lang).toBe('en');
    expect(document.querySelector('#welcome-title')?.textContent).toBe('Welcome to Travesía');

    const spanish = [...document.querySelectorAll<HTMLButtonElement>('header button')].find(
      (b) => b.textContent?.trim() === 'Español',
    )!;
    expect(spanish.getAttribute('aria-pressed')).toBe('false');
    spanish.click();
    await settle();
    flushSync();

    expect(document.documentElement.lang).toBe('es');
    expect(spanish.getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelector('#welcome-title')?.textContent).toBe('Te damos la bienvenida a Travesía');
    expect(backend.callsOf('list_templates').map((c) => c.args.lang)).toEqual(['en', 'es']);
    expect(texts('article h3')).toEqual(['Viaje clásico en cinco fases', 'Tienda en línea en seis pasos']);
  });
});

describe('the app going away', () => {
  it('leaves nothing of its first screen to run after it is gone', async () => {
    // The first screen's paint time is written a frame and a task after the screen is up; an app
    // unmounted before then (a test ending, a window closing) must not touch the page afterwards.
    delete document.body.dataset.readyAt;
    await render(new MockBackend({ maps: MAPS, templates: TEMPLATES }));
    expect(document.body.dataset.ready).toBe('1');
    unmount(app!);
    app = undefined;
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 20)));
    expect(document.body.dataset.readyAt).toBeUndefined();
  });

  it('writes when its first screen was painted while it is there', async () => {
    delete document.body.dataset.readyAt;
    await render(new MockBackend({ maps: MAPS, templates: TEMPLATES }));
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 20)));
    expect(Number(document.body.dataset.readyAt)).toBeGreaterThan(0);
  });
});
