import { createContext } from 'svelte';
import type { I18n } from './i18n.svelte';
import type { Library } from './library.svelte';
import type { MenuTable } from './menu';
import type { Navigation } from './navigation.svelte';
import type { Preferences } from './preferences.svelte';

// Typed contexts: App sets them once, components read them instead of taking props through every level.
export const [getI18n, setI18n] = createContext<I18n>();
export const [getLibrary, setLibrary] = createContext<Library>();
export const [getNavigation, setNavigation] = createContext<Navigation>();
// The native menu's actions (menu.ts): App listens once, screens add theirs while they are up.
export const [getMenu, setMenu] = createContext<MenuTable>();
// --- prefs (preferences): the interface language, chosen in the header or the Preferences dialog ---
export const [getPreferences, setPreferences] = createContext<Preferences>();
