import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import type { Backend } from './lib/backend/backend';
import { TauriBackend } from './lib/backend/tauri';
import { isTauri } from '@tauri-apps/api/core';
import { Editor } from './lib/editor.svelte';
import { I18n, type Lang } from './lib/i18n.svelte';
import { systemLang } from './lib/preferences.svelte';
import { Library } from './lib/library.svelte';
import { Settings, START_SETTINGS } from './lib/settings';

/** The backend, and the language the system asks for (LANG; the webview's own guess is the fallback). */
async function start(): Promise<{ backend: Backend; lang: Lang }> {
  // The page needs its Rust side: the layout, the edits and the library are there.
  if (!isTauri()) throw new Error('Travesía runs inside its app window (make run), not in a browser.');
  const backend = new TauriBackend();
  // What the first screen reads, asked for together now rather than one after another as each
  // part of it starts (one round trip to Rust instead of five; docs/BENCHMARKS.md, start).
  backend.early.ask('system_locale');
  backend.early.ask('library_problem');
  for (const key of START_SETTINGS) backend.early.ask('get_setting', { key });
  backend.early.ask('list_maps');
  backend.early.ask('list_trash');
  const lang = await systemLang(backend);
  backend.early.ask('list_templates', { lang });
  return { backend, lang };
}

// Marks of the start, read by `make bench-editor` (tests/e2e/tests/speed.rs) to say where it goes.
performance.mark('start:script');

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

void start().then(({ backend, lang }) => {
  // A language chosen in the preferences replaces the system's once the library is read (App).
  const i18n = new I18n(lang);
  const props = { i18n, library: new Library(backend), editor: new Editor(backend), settings: new Settings(backend) };
  mount(App, { target, props });
});
