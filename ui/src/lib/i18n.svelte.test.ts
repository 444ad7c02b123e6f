import { describe, expect, it } from 'vitest';
import { I18n, pickLang } from './i18n.svelte';

describe('pickLang', () => {
  it('picks Spanish for es-ES and English for en-US', () => {
    // Any Spanish region is Spanish (the only Spanish catalogue), and en-US is English.
    expect(pickLang('es-ES')).toBe('es');
    expect(pickLang('en-US')).toBe('en');
  });

  it('picks Portuguese (Brazil) for any Portuguese locale, POSIX or BCP 47', () => {
    // The catalogue of the same language and region first, else the first of the same language.
    expect(pickLang('pt_BR.UTF-8')).toBe('pt-BR');
    expect(pickLang('pt-BR')).toBe('pt-BR');
    expect(pickLang('pt_PT')).toBe('pt-BR');
    expect(pickLang('es_AR.UTF-8@euro')).toBe('es');
  });

  it('treats every Spanish variant as Spanish and anything else as English', () => {
    // Case does not matter in BCP 47 tags; French, a missing locale or an empty one have no catalogue.
    expect(pickLang('es')).toBe('es');
    expect(pickLang('ES-mx')).toBe('es');
    expect(pickLang('es-419')).toBe('es');
    expect(pickLang('fr-FR')).toBe('en');
    expect(pickLang('')).toBe('en');
    expect(pickLang(undefined)).toBe('en');
  });

  it('reads navigator.language', () => {
    // fromNavigator only looks at `language`, so a stand-in object decides the result.
    expect(I18n.fromNavigator({ language: 'es-AR' }).lang).toBe('es');
    expect(I18n.fromNavigator({ language: 'en-GB' }).lang).toBe('en');
  });
});

describe('I18n', () => {
  it('translates into the current language and follows changes of it', () => {
    // `lang` is state and messages are looked up on every call, so switching is immediate.
    const i18n = new I18n('es');
    expect(i18n.t('empty.title')).toBe('Tu biblioteca está vacía');
    i18n.lang = 'en';
    expect(i18n.t('empty.title')).toBe('Your library is empty');
  });

  it('fills placeholders and chooses plural forms by the language rules', () => {
    // Intl.PluralRules: 1 is "one" in both languages, 0 and 2 are "other".
    const es = new I18n('es');
    expect(es.plural('map.cards', 1)).toBe('1 tarjeta');
    expect(es.plural('map.cards', 0)).toBe('0 tarjetas');
    expect(es.plural('template.lanes', 2)).toBe('2 carriles');
    expect(new I18n('en').plural('map.cards', 2)).toBe('2 cards');
    expect(es.t('map.deleteLabel', { title: 'Ruta A' })).toBe('Eliminar el mapa «Ruta A»');
  });

  it('formats dates in the UI language and keeps unreadable ones as they came', () => {
    // Same instant, same options, different locale: the month name is localized.
    const when = '2025-03-15T12:00:00Z';
    const options = { dateStyle: 'medium', timeStyle: 'short' } as const;
    expect(new I18n('es').dateTime(when)).toBe(new Intl.DateTimeFormat('es', options).format(new Date(when)));
    expect(new I18n('en').dateTime(when)).toBe(new Intl.DateTimeFormat('en', options).format(new Date(when)));
    expect(new I18n('es').dateTime(when)).not.toBe(new I18n('en').dateTime(when));
    expect(new I18n('es').dateTime('not a date')).toBe('not a date');
  });
});
