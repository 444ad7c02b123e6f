import { createContext } from 'svelte';
import type { I18n } from './i18n.svelte';
import type { Library } from './library.svelte';
import type { Navigation } from './navigation.svelte';

// Typed contexts: App sets them once, components read them instead of taking props through every level.
export const [getI18n, setI18n] = createContext<I18n>();
export const [getLibrary, setLibrary] = createContext<Library>();
export const [getNavigation, setNavigation] = createContext<Navigation>();
