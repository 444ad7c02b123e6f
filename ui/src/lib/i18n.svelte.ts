import type { ErrorCode } from './bindings';
import en from '../../../i18n/en.json';
import es from '../../../i18n/es.json';
import ptBR from '../../../i18n/pt-BR.json';

/**
 * The message catalogues, one JSON file per language in `i18n/` at the
 * repository root, shared with Rust (the native menu, the posters, the
 * command line). A language is its file and its line here; the type checker
 * refuses a catalogue that lacks a key of the Spanish one.
 */
const MESSAGES = { es, en, 'pt-BR': ptBR } satisfies Record<string, Messages>;

export type MessageKey = keyof typeof es;
type Messages = Record<MessageKey, string>;

export type Lang = keyof typeof MESSAGES;
export const LANGS = Object.keys(MESSAGES) as readonly Lang[];

/**
 * The catalogue a locale asks for ("es_MX.UTF-8", "pt-BR", "en"): the one of
 * the same language and region, else the first of the same language; English
 * when there is none.
 */
export function pickLang(locale: string | null | undefined): Lang {
  const tag = (locale ?? '').trim().split(/[.@]/)[0]!.replaceAll('_', '-').toLowerCase();
  const language = tag.split('-')[0];
  return (
    LANGS.find((l) => l.toLowerCase() === tag) ??
    LANGS.find((l) => l.toLowerCase().split('-')[0] === language) ??
    'en'
  );
}

/** Keys that come in CLDR plural forms (`.one`, `.other`), without the suffix. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

/** Every error code has a message: adding a code to the Rust enum fails this check until it is translated. */
export const errorKey = (code: ErrorCode): `error.${ErrorCode}` & MessageKey => `error.${code}`;

type Params = Record<string, string | number>;

/** The UI language and everything formatted in it. Reactive: components re-render when `lang` changes. */
export class I18n {
  lang = $state<Lang>('es');

  #plural = $derived(new Intl.PluralRules(this.lang));
  #number = $derived(new Intl.NumberFormat(this.lang));
  #dateTime = $derived(new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }));
  #percent = $derived(new Intl.NumberFormat(this.lang, { style: 'percent', maximumFractionDigits: 0 }));

  constructor(lang: Lang) {
    this.lang = lang;
  }

  /** The language the system asks for (`navigator.language`). */
  static fromNavigator(nav: Pick<Navigator, 'language'> | undefined = globalThis.navigator): I18n {
    return new I18n(pickLang(nav?.language));
  }

  /** The message for `key`, with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: Params): string {
    const template = MESSAGES[this.lang][key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#number.format(value) : value;
    });
  }

  /** `t` for a count: picks the plural form of `key` for `n` in the current language. */
  plural(key: PluralKey, n: number, params?: Params): string {
    // The language's CLDR form (`one`, `few`, `many`…) when its catalogue has it, else `other`.
    const exact = `${key}.${this.#plural.select(n)}`;
    const form = (exact in MESSAGES[this.lang] ? exact : `${key}.other`) as MessageKey;
    return this.t(form, { n, ...params });
  }

  /** A ratio as a percentage in the UI language ("100 %" in Spanish, "100%" in English). */
  percent(ratio: number): string {
    return this.#percent.format(ratio);
  }

  /** An RFC 3339 timestamp as a local date and time; the raw text if it cannot be read. */
  dateTime(rfc3339: string): string {
    const date = new Date(rfc3339);
    return Number.isNaN(date.getTime()) ? rfc3339 : this.#dateTime.format(date);
  }
}
