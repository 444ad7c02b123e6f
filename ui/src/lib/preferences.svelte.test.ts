import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import { I18n, type Lang } from './i18n.svelte';
import { parseLangChoice, Preferences, systemLang } from './preferences.svelte';
import { Settings } from './settings';

function setUp(stored: Record<string, string> = {}, start: Lang = 'es', system: Lang = 'es') {
  const backend = new MockBackend({ settings: stored });
  const i18n = new I18n(start);
  const changed: Lang[] = [];
  const preferences = new Preferences(i18n, new Settings(backend), async () => system, (lang) => changed.push(lang));
  return { backend, i18n, preferences, changed };
}

describe('systemLang', () => {
  it('follows the process locale, and the webview when there is none or it cannot be read', async () => {
    expect(await systemLang(new MockBackend({ locale: 'es_MX.UTF-8' }), { language: 'en-US' })).toBe('es');
    expect(await systemLang(new MockBackend({ locale: '' }), { language: 'es-AR' })).toBe('es');
    const failing = new MockBackend({ locale: 'es_ES.UTF-8' });
    failing.failNext('system_locale', { code: 'internal', message: 'no' });
    expect(await systemLang(failing, { language: 'en-GB' })).toBe('en');
  });
});

describe('parseLangChoice', () => {
  it('takes only a language it knows; anything else means "as the system"', () => {
    expect(parseLangChoice('en')).toBe('en');
    expect(parseLangChoice('es')).toBe('es');
    expect(parseLangChoice('fr')).toBe('system');
    expect(parseLangChoice(null)).toBe('system');
  });
});

describe('Preferences', () => {
  it('applies the stored language at start', async () => {
    const { i18n, preferences, changed } = setUp({ 'ui.lang': 'en' });
    await preferences.load();
    expect(preferences.choice).toBe('en');
    expect(i18n.lang).toBe('en');
    // Nothing is loaded yet at start, so there is nothing to re-read in the new language.
    expect(changed).toEqual([]);
  });

  it('keeps the language the app started in when nothing (or junk) is stored', async () => {
    const { i18n, preferences } = setUp({ 'ui.lang': 'klingon' }, 'en', 'es');
    await preferences.load();
    expect(preferences.choice).toBe('system');
    expect(i18n.lang).toBe('en');
  });

  it('applies a choice at once, re-reads what depends on it, and remembers it', async () => {
    const { backend, i18n, preferences, changed } = setUp();
    await preferences.choose('en');
    expect(i18n.lang).toBe('en');
    expect(changed).toEqual(['en']);
    expect(backend.settings.get('ui.lang')).toBe('en');
    // The same language again changes nothing on screen.
    await preferences.choose('en');
    expect(changed).toEqual(['en']);
  });

  it('goes back to the system language and forgets the stored one', async () => {
    const { backend, i18n, preferences, changed } = setUp({ 'ui.lang': 'en' }, 'en', 'es');
    await preferences.load();
    await preferences.choose('system');
    expect(preferences.choice).toBe('system');
    expect(preferences.system).toBe('es');
    expect(i18n.lang).toBe('es');
    expect(changed).toEqual(['es']);
    expect(backend.settings.has('ui.lang')).toBe(false);
  });

  it('lets a later choice win over an earlier one still asking for the system language', async () => {
    // "As the system" waits on Rust; picking English meanwhile must not be undone by its answer.
    const backend = new MockBackend();
    const i18n = new I18n('en');
    let answer: (lang: Lang) => void = () => undefined;
    const slow = () => new Promise<Lang>((resolve) => (answer = resolve));
    const preferences = new Preferences(i18n, new Settings(backend), slow);
    const first = preferences.choose('system');
    await preferences.choose('en');
    answer('es');
    await first;
    expect(i18n.lang).toBe('en');
    expect(preferences.choice).toBe('en');
    expect(backend.settings.get('ui.lang')).toBe('en');
  });

  it('still changes the language when it cannot be remembered', async () => {
    const { backend, i18n, preferences } = setUp();
    backend.failNext('set_setting', { code: 'io', message: 'read-only' });
    await preferences.choose('en');
    expect(i18n.lang).toBe('en');
  });
});
