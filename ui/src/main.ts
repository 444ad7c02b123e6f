import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import type { Backend } from './lib/backend/backend';
import { TauriBackend } from './lib/backend/tauri';
import { isTauri } from '@tauri-apps/api/core';
import { Editor } from './lib/editor.svelte';
import { I18n } from './lib/i18n.svelte';
import { systemLang } from './lib/preferences.svelte';
import { Library } from './lib/library.svelte';
import { Settings } from './lib/settings';

async function pickBackend(): Promise<Backend> {
  if (isTauri()) return new TauriBackend();
  // The page needs its Rust side: the layout, the edits and the library are there.
  throw new Error('Travesía runs inside its app window (make run), not in a browser.');
}

// Marks of the start, read by `make bench-editor` (tests/e2e/tests/speed.rs) to say where it goes.
performance.mark('start:script');

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

void pickBackend().then(async (backend) => {
  // The system's locale (LANG) picks the language; the webview's own guess is the fallback.
  // A language chosen in the preferences replaces it once the library is read (App).
  const i18n = new I18n(await systemLang(backend));
  const props = { i18n, library: new Library(backend), editor: new Editor(backend), settings: new Settings(backend) };
  mount(App, { target, props });
});
