import type { Backend } from './backend/backend';
import { LANGS, pickLang, type I18n, type Lang } from './i18n.svelte';
import type { Settings } from './settings';

/** The interface language as chosen: one of the languages, or whatever the system uses. */
export type LangChoice = Lang | 'system';
export const LANG_CHOICES: readonly LangChoice[] = [...LANGS, 'system'];

/** A stored choice as one of ours; anything else (nothing, an old or foreign value) is "as the system". */
export function parseLangChoice(value: string | null): LangChoice {
  return LANGS.find((l) => l === value) ?? 'system';
}

/**
 * The language the system asks for: the process locale Rust reads (LANG…), else the webview's
 * own guess. Never fails.
 */
export async function systemLang(
  backend: Pick<Backend, 'systemLocale'>,
  nav: Pick<Navigator, 'language'> | undefined = globalThis.navigator,
): Promise<Lang> {
  const locale = await backend.systemLocale().catch(() => '');
  return pickLang(locale || nav?.language);
}

/**
 * What the person set for the app, kept in the library: for now the interface language.
 * A choice applies at once (every string is reactive on `i18n.lang`) and is remembered for the
 * next start; the header's language buttons and the preferences dialog both go through `choose`.
 */
export class Preferences {
  /** The language as chosen ('system' until the person picks one). */
  choice = $state<LangChoice>('system');
  /** What 'system' means here, once known. */
  system = $state<Lang | null>(null);

  readonly #i18n: I18n;
  readonly #settings: Pick<Settings, 'uiLang' | 'rememberUiLang'>;
  readonly #system: () => Promise<Lang>;
  readonly #onlang: (lang: Lang) => void;
  /** Counts choices, so a slow answer about the system language does not undo a later pick. */
  #turn = 0;

  /**
   * `system` tells the system's language; `onlang` runs after the language changed at the
   * person's request (the templates are re-read in it, say).
   */
  constructor(
    i18n: I18n,
    settings: Pick<Settings, 'uiLang' | 'rememberUiLang'>,
    system: () => Promise<Lang>,
    onlang: (lang: Lang) => void = () => undefined,
  ) {
    this.#i18n = i18n;
    this.#settings = settings;
    this.#system = system;
    this.#onlang = onlang;
  }

  /**
   * Reads the stored choice and applies it, before the first screen loads anything in a
   * language. With none stored the language stays as the app started (from the system).
   */
  async load(): Promise<void> {
    const turn = ++this.#turn;
    const choice = parseLangChoice(await this.#settings.uiLang());
    if (turn !== this.#turn) return;
    this.choice = choice;
    if (choice !== 'system') this.#i18n.lang = choice;
  }

  /** Finds out what "as the system" means (once), to say it next to that choice. */
  async learnSystem(): Promise<Lang> {
    return (this.system ??= await this.#system());
  }

  /** Applies a choice at once and remembers it ('system' is remembered as nothing stored). */
  async choose(choice: LangChoice): Promise<void> {
    const turn = ++this.#turn;
    this.choice = choice;
    const lang = choice === 'system' ? await this.learnSystem() : choice;
    if (turn !== this.#turn) return;
    if (lang !== this.#i18n.lang) {
      this.#i18n.lang = lang;
      this.#onlang(lang);
    }
    await this.#settings.rememberUiLang(choice === 'system' ? null : choice);
  }
}
