import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import type { Backend } from './lib/backend/backend';
import { TauriBackend } from './lib/backend/tauri';
import { isTauri } from '@tauri-apps/api/core';
import { I18n } from './lib/i18n.svelte';
import { Library } from './lib/library.svelte';

async function pickBackend(): Promise<Backend> {
  if (isTauri()) return new TauriBackend();
  // `npm run dev` in a plain browser (no Rust build needed to work on the UI):
  // an in-memory library with sample templates, loaded only in that case.
  const { demoBackend } = await import('./lib/backend/demo');
  console.warn('Travesía: not running inside Tauri; using the in-memory demo backend.');
  return demoBackend();
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const i18n = I18n.fromNavigator();

void pickBackend().then((backend) => {
  mount(App, { target, props: { i18n, library: new Library(backend) } });
});
